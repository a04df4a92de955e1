import {
  type DatasetItem,
  DEFAULT_SUBSET,
  defineFormat,
  type FileTree,
  ReportBuilder,
} from '@labelport/core';
import { extname, stripExtension } from '@labelport/core/files';
import { IMAGE_EXTENSIONS, readImageSize } from '@labelport/core/media';

const isImage = (path: string) => IMAGE_EXTENSIONS.includes(extname(path));

/** The images of a tree as annotation-free items: ids from relative paths, sizes from headers. */
async function readImageDir(tree: FileTree) {
  const images = (await tree.list()).filter((e) => isImage(e.path));
  return {
    categories: { labels: [] },
    size: images.length,
    async *items(): AsyncIterable<DatasetItem> {
      for (const { path } of images) {
        const info = await readImageSize(tree, path);
        yield {
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
      }
    },
  };
}

export const imageDir = defineFormat({
  id: 'image_dir',
  title: 'Image folder',
  extensions: IMAGE_EXTENSIONS.slice(),
  capabilities: {
    annotations: [],
    media: ['image'],
    tracks: false,
    attributes: false,
    subsets: false,
    streaming: true,
  },
  async detect(ctx) {
    const images = ctx.files.filter((f) => isImage(f.path));
    if (images.length === 0) ctx.reject('no image files');
    // Any folder with images is an image folder, so only a folder of nothing else is a sure match:
    // annotation files beside the images make a real format the better guess.
    const others = ctx.files.length - images.length;
    return { confidence: others === 0 ? 0.5 : 0.1 };
  },
  read: (tree) => readImageDir(tree),
  async write(source, out) {
    const report = new ReportBuilder();
    for await (const item of source.items()) {
      report.items++;
      for (const a of item.annotations) report.drop(a.type);
      const bytes = await item.media?.bytes?.();
      if (!bytes) {
        report.drop('media');
        continue;
      }
      const ext = extname(item.media?.path ?? '') || '.jpg';
      await out.write(`${item.id}${ext}`, bytes);
    }
    return report.build();
  },
});
