import {
  type DatasetSource,
  DEFAULT_SUBSET,
  type DetectContext,
  type FileTree,
  type ReadOptions,
  readerSource,
} from '@labelport/core';
import { extname, stripExtension } from '@labelport/core/files';
import { IMAGE_EXTENSIONS, readImageSize } from '@labelport/core/media';

export const isImage = (path: string) => IMAGE_EXTENSIONS.includes(extname(path));

export async function detectImageDir(ctx: DetectContext) {
  const images = ctx.files.filter((f) => isImage(f.path));
  if (images.length === 0) ctx.reject('no image files');
  // Any folder with images is an image folder, so only a folder of nothing else is a sure match:
  // annotation files beside the images make a real format the better guess.
  const others = ctx.files.length - images.length;
  return { confidence: others === 0 ? 0.5 : 0.1 };
}

/** The images of a tree as annotation-free items: ids from relative paths, sizes from headers. */
export async function readImageDir(tree: FileTree, options: ReadOptions = {}): Promise<DatasetSource> {
  const images = (await tree.list()).filter((e) => isImage(e.path));
  return readerSource(options, {
    categories: { labels: [] },
    entries: images,
    where: (e) => e.path,
    async make({ path }) {
      const info = await readImageSize(tree, path);
      return {
        id: stripExtension(path),
        subset: DEFAULT_SUBSET,
        media: {
          kind: 'image',
          path,
          width: info?.width,
          height: info?.height,
          bytes: () => tree.read(path),
        },
        annotations: [],
        attributes: {},
      };
    },
  });
}
