import { defineFormat, type Format, type OptionValues } from '@labelport/core';
import { IMAGE_EXTENSIONS } from '@labelport/core/media';
import { imagenetWriteOptions } from './options.js';
import { detectImagenet, readImagenet } from './read-imagenet.js';
import { writeImagenet } from './write-imagenet.js';

export type ImagenetWriteOptions = OptionValues<typeof imagenetWriteOptions>;

/** One of Datumaro's two ImageNet layouts (a row of the table below). */
interface ImagenetLayout {
  id: 'imagenet' | 'imagenet_with_subset_dirs';
  title: string;
  /** `<subset>/<label>/<image>` (read, written by default, detected), else `<label>/<image>`. */
  subsetDirs: boolean;
}

/** The layouts, as Datumaro names them. */
const IMAGENET_LAYOUTS: readonly ImagenetLayout[] = [
  // every subset in one folder (Datumaro's imagenet exporter; its importer takes train/ for a label)
  { id: 'imagenet', title: 'ImageNet (folder per label)', subsetDirs: false },
  // a folder per subset, of label folders
  { id: 'imagenet_with_subset_dirs', title: 'ImageNet with subset folders', subsetDirs: true },
];

/** The format of one layout. */
function imagenetFormat(layout: ImagenetLayout): Format<object, ImagenetWriteOptions> {
  return defineFormat<object, ImagenetWriteOptions>({
    id: layout.id,
    title: layout.title,
    extensions: IMAGE_EXTENSIONS.slice(),
    options: { write: imagenetWriteOptions },
    capabilities: {
      annotations: ['label'],
      media: ['image'],
      tracks: false,
      attributes: false,
      subsets: layout.subsetDirs,
      streaming: true,
    },
    detect: (ctx) => detectImagenet(ctx, layout.subsetDirs),
    read: (tree, options) => readImagenet(tree, options, layout.subsetDirs),
    write: (source, sink, options) => writeImagenet(source, sink, options, layout),
  });
}

/** ImageNet as Datumaro reads it: one folder per label, every subset together. */
export const imagenet = imagenetFormat(IMAGENET_LAYOUTS[0]!);
/** ImageNet with a folder per subset: `<subset>/<label>/<image>`. */
export const imagenetWithSubsetDirs = imagenetFormat(IMAGENET_LAYOUTS[1]!);
