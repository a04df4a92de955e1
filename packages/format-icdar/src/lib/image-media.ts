import type { FileTree, Media } from '@labelport/core';
import { readImageSize } from '@labelport/core/media';

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

/** The file name extension to save an item's image with. */
export function imageExtension(media: Media | undefined, fallback: string): string {
  const path = media?.path ?? '';
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot) : fallback;
}
