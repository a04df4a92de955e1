/**
 * CIFAR's images are 3 colour planes (all the red values, then green, then blue, each row by row): read,
 * each is encoded as an RGB PNG when its bytes are asked for; written, an item's image (a PNG: the
 * toolbox decodes no other) is decoded into planes. What that loses (transparency, 16-bit depth) is
 * said to the caller; gray becomes three equal planes, which loses nothing.
 * TODO(core): a shared "image file to 8-bit samples" decoder (format-mnist has the gray twin of this).
 */
import type { DatasetItem, DatasetLimits } from '@labelport/core';
import { decodePng, encodePng, pngToRgbInts } from '@labelport/core/png';

/** Planes as an RGB PNG. */
export function rgbPng(planes: Uint8Array, width: number, height: number): Uint8Array {
  const n = width * height;
  const data = new Uint8Array(3 * n);
  for (let i = 0; i < n; i++) {
    data[3 * i] = planes[i]!;
    data[3 * i + 1] = planes[n + i]!;
    data[3 * i + 2] = planes[2 * n + i]!;
  }
  return encodePng({ width, height, colorType: 'rgb', data });
}

export interface PlanarImage {
  planes: Uint8Array;
  width: number;
  height: number;
  /** Transparency or 16-bit depth was lost. */
  changed: boolean;
}

const isPng = (b: Uint8Array) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;

function hasTransparency(decoded: ReturnType<typeof decodePng>): boolean {
  const { channels, data, colorType } = decoded;
  if (colorType !== 'gray-alpha' && colorType !== 'rgba') return decoded.transparency !== undefined;
  const opaque = decoded.bitDepth === 16 ? 0xffff : 0xff;
  for (let s = channels - 1; s < data.length; s += channels) if (data[s] !== opaque) return true;
  return false;
}

/** The item's image as planes: 'no image', 'no bytes', 'not png', or the planes. */
export async function planarImageOf(
  item: Pick<DatasetItem, 'media'>,
  limits: DatasetLimits,
): Promise<PlanarImage | 'no image' | 'no bytes' | 'not png'> {
  if (!item.media) return 'no image';
  const bytes = await item.media.bytes?.();
  if (!bytes) return 'no bytes';
  if (!isPng(bytes)) return 'not png';
  const decoded = decodePng(bytes, { limits });
  const { width, height } = decoded;
  const rgb = pngToRgbInts(decoded);
  const n = width * height;
  const planes = new Uint8Array(3 * n);
  for (let i = 0; i < n; i++) {
    const v = rgb[i]!;
    planes[i] = v >>> 16;
    planes[n + i] = (v >>> 8) & 0xff;
    planes[2 * n + i] = v & 0xff;
  }
  return { planes, width, height, changed: decoded.bitDepth === 16 || hasTransparency(decoded) };
}
