/**
 * Item images as object URLs, made only for items on screen; the least recently used are revoked
 * past a limit, so scrolling through 100,000 items holds a few hundred images at most.
 */
import type { DatasetItem } from '@labelport/core';

const TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  bmp: 'image/bmp',
  gif: 'image/gif',
  webp: 'image/webp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
};
const LIMIT = 400;
const urls = new Map<DatasetItem, Promise<string | undefined>>();

function typeOf(path: string | undefined): string {
  const ext = path?.slice(path.lastIndexOf('.') + 1).toLowerCase() ?? '';
  return TYPES[ext] ?? 'application/octet-stream';
}

/** The item's image as an object URL, or undefined when it has none (or it cannot be read). */
export function imageUrl(item: DatasetItem): Promise<string | undefined> {
  const hit = urls.get(item);
  if (hit) {
    urls.delete(item);
    urls.set(item, hit);
    return hit;
  }
  const media = item.media;
  const made =
    media?.kind === 'image' || media?.kind === 'video-frame'
      ? media.bytes
        ? media
            .bytes()
            .then((b) =>
              URL.createObjectURL(new Blob([b as Uint8Array<ArrayBuffer>], { type: typeOf(media.path) })),
            )
            .catch(() => undefined)
        : Promise.resolve(undefined)
      : Promise.resolve(undefined);
  urls.set(item, made);
  if (urls.size > LIMIT) {
    const [oldest, url] = urls.entries().next().value!;
    urls.delete(oldest);
    url.then((u) => u && URL.revokeObjectURL(u));
  }
  return made;
}
