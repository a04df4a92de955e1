/**
 * MNIST's images are 8-bit gray, held as raw pixels: read, each is encoded as a gray PNG when its bytes
 * are asked for; written, an item's image (a PNG: the toolbox decodes no other) is decoded and turned
 * into gray samples. What that loses (colour, alpha, 16-bit depth) is said to the caller.
 */
import type { ItemPixels } from '@labelport/core/media';
import { encodePng, pngToRgbInts } from '@labelport/core/png';

/** A gray image as PNG bytes. */
export function grayPng(pixels: Uint8Array, width: number, height: number): Uint8Array {
  return encodePng({ width, height, colorType: 'gray', data: pixels });
}

/** An item's image as 8-bit gray samples, and whether that changed it. */
export interface GrayImage {
  pixels: Uint8Array;
  width: number;
  height: number;
  /** Colour, transparency or 16-bit depth was lost on the way to 8-bit gray. */
  changed: boolean;
}

/**
 * A decoded image as 8-bit gray samples. Colour becomes luminance (ITU-R BT.601:
 * 0.299 R + 0.587 G + 0.114 B), 16-bit samples their high byte.
 */
export function grayOf({ decoded, lossy }: ItemPixels): GrayImage {
  const { width, height } = decoded;
  const pixels = new Uint8Array(width * height);
  let changed = lossy;
  if (decoded.colorType === 'gray' && decoded.bitDepth === 8) pixels.set(decoded.data);
  else {
    const rgb = pngToRgbInts(decoded);
    for (let i = 0; i < rgb.length; i++) {
      const v = rgb[i]!;
      const r = v >>> 16;
      const g = (v >>> 8) & 0xff;
      const b = v & 0xff;
      if (r !== g || g !== b) changed = true;
      pixels[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    }
  }
  return { pixels, width, height, changed };
}
