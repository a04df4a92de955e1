import type { OptionValues } from '@labelport/core';
import {
  type Annotation,
  DatasetError,
  type DatasetItem,
  DEFAULT_SUBSET,
  type DetectContext,
  defineFormat,
  type FileTree,
  type IoOptions,
  ReportBuilder,
} from '@labelport/core';
import { stripExtension } from '@labelport/core/files';
import { IMAGE_EXTENSIONS, mediaExtension, readImageSize } from '@labelport/core/media';
import {
  analyzeImageFolders,
  ID_SEPARATOR,
  isImagePath,
  NO_LABEL_DIR,
  NOT_LABEL_DIR_NAMES,
  SUBSET_DIR_NAMES,
} from './lib/image-folders.js';
import { filesUnder, wrapperRoots } from './lib/roots.js';
import { imagenetWriteOptions } from './options.js';

export type ImagenetWriteOptions = OptionValues<typeof imagenetWriteOptions>;

function checkLabelDirs(labelDirs: Map<string, Set<string>>): string | undefined {
  for (const dirs of labelDirs.values()) {
    for (const d of dirs) if (NOT_LABEL_DIR_NAMES.includes(d.toLowerCase())) return d;
  }
  return undefined;
}

async function detectImagenet(ctx: DetectContext) {
  const anyOther = ctx.files.some((f) => !isImagePath(f.path));
  let why = 'no images in label folders (label/image or train|val|test/label/image)';
  for (const root of wrapperRoots(ctx.files, 2)) {
    const layout = analyzeImageFolders(filesUnder(ctx.files, root));
    if (layout.images.length === 0) continue;
    const bad = checkLabelDirs(layout.labelDirs);
    if (bad) {
      why = `a folder named '${bad}' where labels should be (Datumaro never takes it for a label)`;
      continue;
    }
    // Any tree of images in folders fits, so this is a guess: sure enough to beat a plain image
    // folder when the tree holds nothing but images, weak when other files are there.
    return { confidence: anyOther ? 0.2 : 0.6, root };
  }
  return ctx.reject(why);
}

async function readImagenet(tree: FileTree, options: IoOptions = {}) {
  const layout = analyzeImageFolders(await tree.list());
  if (layout.images.length === 0) {
    throw new DatasetError(
      'bad-layout',
      'no images in label folders (label/image or train|val|test/label/image)',
      {
        file: tree.name,
      },
    );
  }
  if (layout.misplaced.length > 0) {
    options.onWarning?.(
      `${layout.misplaced.length} image(s) outside label folders were ignored, e.g. '${layout.misplaced[0]}'`,
    );
  }
  const names = new Set<string>();
  for (const dirs of layout.labelDirs.values()) for (const d of dirs) if (d !== NO_LABEL_DIR) names.add(d);
  const labels = [...names].sort();
  const labelIndex = new Map(labels.map((n, i) => [n, i]));

  const seen = new Set<string>();
  const entries: { path: string; subset: string; label: string; id: string }[] = [];
  for (const img of layout.images) {
    const subset = img.subset ?? DEFAULT_SUBSET;
    const id = `${img.label}${ID_SEPARATOR}${stripExtension(img.file)}`;
    const key = `${subset}\u0000${id}`;
    if (seen.has(key)) {
      options.onWarning?.(`'${img.path}': another image already gave item '${id}'; skipped`);
      continue;
    }
    seen.add(key);
    entries.push({ ...img, subset, id });
  }

  return {
    categories: { labels: labels.map((name) => ({ name })) },
    size: entries.length,
    async *items(): AsyncIterable<DatasetItem> {
      let done = 0;
      for (const e of entries) {
        const size = await readImageSize(tree, e.path);
        const annotations: Annotation[] =
          e.label === NO_LABEL_DIR
            ? []
            : [{ type: 'label', label: labelIndex.get(e.label)!, attributes: {} }];
        yield {
          id: e.id,
          subset: e.subset,
          media: {
            kind: 'image',
            path: e.path,
            width: size?.width,
            height: size?.height,
            bytes: () => tree.read(e.path),
          },
          annotations,
          attributes: {},
        };
        options.onProgress?.(++done, entries.length);
      }
    },
  };
}

/** The file name an item gets: the id without its `label:` part, as Datumaro writes it. */
function imageName(item: DatasetItem): string {
  const parts = item.id.split(ID_SEPARATOR);
  const name = parts.length === 1 ? item.id : parts.slice(1).join('_');
  const ext = mediaExtension(item, '.jpg');
  return `${name.replace(/\//g, '_')}${IMAGE_EXTENSIONS.includes(ext.toLowerCase()) ? ext : '.jpg'}`;
}

export const imagenet = defineFormat<object, ImagenetWriteOptions>({
  id: 'imagenet',
  title: 'ImageNet (folder per label)',
  aliases: ['imagenet_with_subset_dirs'],
  extensions: IMAGE_EXTENSIONS.slice(),
  options: { write: imagenetWriteOptions },
  capabilities: {
    annotations: ['label'],
    media: ['image'],
    tracks: false,
    attributes: false,
    subsets: true,
    streaming: true,
  },
  detect: detectImagenet,
  read: readImagenet,
  async write(source, out, options = {}) {
    const report = new ReportBuilder();
    const subsets = new Set<string>();
    for await (const item of source.items()) subsets.add(item.subset);
    const namesOk = [...subsets].every((s) => SUBSET_DIR_NAMES.includes(s));
    const subsetDirs = options.subsetDirs ?? namesOk;
    if (subsetDirs && !namesOk) {
      report.warn('subset folders not named train, val or test read back as labels, not subsets');
    }
    if (!subsetDirs && (subsets.size > 1 || (subsets.size === 1 && !subsets.has(DEFAULT_SUBSET)))) {
      report.warn(
        `ImageNet folders keep subsets only when they are train, val and test; subsets ${[...subsets].join(', ')} were written together`,
      );
    }
    const labels = source.categories.labels;
    const written = new Set<string>();
    const usedLabels = new Set<string>();
    let done = 0;
    for await (const item of source.items()) {
      report.items++;
      const labelNames = new Set<string>();
      for (const a of item.annotations) {
        if (a.type !== 'label') {
          report.drop(a.type);
        } else if (a.label === undefined || !labels[a.label]) {
          report.drop('label');
          report.warn(`item '${item.id}': a label annotation without a known label was dropped`);
        } else {
          labelNames.add(labels[a.label]!.name);
        }
      }
      for (const a of item.annotations) report.drop('attribute', Object.keys(a.attributes).length);
      report.drop('item attribute', Object.keys(item.attributes).length);
      if (labelNames.size > 1) {
        report.warn(
          'an image with several labels is written once per label folder and reads back as one item per label',
        );
      }
      // The labels are the folders the images are in: as Datumaro's exporter, the images are written
      // whether or not saveMedia is set. An item without image bytes cannot be written.
      const bytes = await item.media?.bytes?.();
      if (!bytes) {
        report.drop('item without image bytes');
        report.drop('label', labelNames.size);
        continue;
      }
      const name = imageName(item);
      for (const dir of labelNames.size > 0 ? labelNames : [NO_LABEL_DIR]) {
        const path = [subsetDirs ? item.subset : '', dir, name].filter((p) => p !== '').join('/');
        if (written.has(path)) {
          report.warn(`'${path}' would be written twice; only the first item was kept`);
          if (dir !== NO_LABEL_DIR) report.drop('label');
          continue;
        }
        written.add(path);
        usedLabels.add(dir);
        await out.write(path, bytes);
      }
      options.onProgress?.(++done, source.size);
    }
    const unused = labels.filter((l) => !usedLabels.has(l.name)).map((l) => l.name);
    if (written.size === 0 && report.items > 0) {
      // Datumaro's importer, as ours, finds no dataset in a tree without images.
      throw new DatasetError(
        'unsupported',
        'ImageNet keeps labels only as images in label folders, and no item has image bytes to write',
      );
    }
    if (unused.length > 0) {
      report.warn(`labels with no image are not kept (a label is a folder of images): ${unused.join(', ')}`);
    }
    return report.build();
  },
});
