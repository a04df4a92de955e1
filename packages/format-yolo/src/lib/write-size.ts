import type { DatasetItem } from '@labelport/core';
import { imageSizeFromHeader } from '@labelport/core/media';
import type { ImageSize } from './label-file.js';

/** The image size a writer normalises with: the media's, else the image header's (read from its bytes). */
export async function imageSizeForWriting(item: DatasetItem): Promise<ImageSize | undefined> {
  const m = item.media;
  if (m?.width && m.height) return { width: m.width, height: m.height };
  const bytes = await m?.bytes?.();
  const info = bytes ? imageSizeFromHeader(bytes) : undefined;
  return info ? { width: info.width, height: info.height } : undefined;
}
