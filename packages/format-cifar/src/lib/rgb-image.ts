/**
 * CIFAR's images are 3 colour planes (all the red values, then green, then blue, each row by row): read,
 * each is encoded as an RGB PNG when its bytes are asked for; written, an item's image (a PNG: the
 * toolbox decodes no other) is decoded into planes. What that loses (transparency, 16-bit depth) is
 * said to the caller; gray becomes three equal planes, which loses nothing.
 */
import type { ItemPixels } from '@labelport/core/media';
import { encodePng, pngToRgbInts } from '@labelport/core/png';

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

/** A decoded image as planes (gray becomes three equal planes, which loses nothing). */
export function planesOf({ decoded, lossy }: ItemPixels): PlanarImage {
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
  return { planes, width, height, changed: lossy };
}
