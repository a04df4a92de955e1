import type { DatasetItem, FileSink, FileTree, Media, ReportBuilder } from '@labelport/core';
import { joinPath, safeRelativePath } from '@labelport/core/files';
import { mediaExtension, readImageSize, saveMedia } from '@labelport/core/media';
import { DEFAULT_IMAGE_EXT, IMAGES_DIR } from './icdar-layout.js';

/** An item's image: path and bytes when the file is there; the size is filled in by `fillImageSize`. */
export function imageMedia(tree: FileTree, path: string | undefined, exists: boolean): Media {
  const media: Media = { kind: 'image' };
  if (path !== undefined) media.path = path;
  if (path !== undefined && exists) media.bytes = () => tree.read(path);
  return media;
}

/** Reads the size from the image header, when the image is there. */
export async function fillImageSize(tree: FileTree, media: Media | undefined): Promise<void> {
  if (!media?.bytes || !media.path || media.width !== undefined) return;
  const size = await readImageSize(tree, media.path);
  if (size) {
    media.width = size.width;
    media.height = size.height;
  }
}

/** The name of an item's image in `<subset>/images/`: its id and the extension of its media path. */
export function imageFileName(item: Pick<DatasetItem, 'id' | 'media'>): string {
  return `${item.id}${mediaExtension(item, DEFAULT_IMAGE_EXT)}`;
}

/** Saves an item's image (the saveMedia option) as `<subset>/images/<imageFileName>`. */
export async function saveImage(item: DatasetItem, out: FileSink, report: ReportBuilder): Promise<void> {
  const path = joinPath(safeRelativePath(item.subset), IMAGES_DIR, safeRelativePath(imageFileName(item)));
  await saveMedia(item, out, path, report);
}
