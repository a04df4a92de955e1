/**
 * MNIST's images are 8-bit gray, held as raw pixels: read, each is encoded as a gray PNG when its bytes
 * are asked for; written, an item's image (a PNG: the toolbox decodes no other) is decoded and turned
 * into gray samples. What that loses (colour, alpha, 16-bit depth) is said to the caller.
 */
import type { DatasetItem, DatasetLimits } from '@labelport/core';
import { decodePng, encodePng, pngToRgbInts } from '@labelport/core/png';

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

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];
const isPng = (b: Uint8Array) => PNG_SIGNATURE.every((v, i) => b[i] === v);

/** True when a decoded PNG has a pixel that is not fully opaque. */
function hasTransparency(decoded: ReturnType<typeof decodePng>): boolean {
  const { channels, data, colorType } = decoded;
  if (colorType === 'gray-alpha' || colorType === 'rgba') {
    const opaque = decoded.bitDepth === 16 ? 0xffff : 0xff;
    for (let s = channels - 1; s < data.length; s += channels) if (data[s] !== opaque) return true;
    return false;
  }
  return decoded.transparency !== undefined;
}

/**
 * The item's image as gray samples: 'no image' (no media), 'no bytes' (media without its bytes),
 * 'not png' (bytes the toolbox cannot decode), or the pixels. Colour becomes luminance
 * (ITU-R BT.601: 0.299 R + 0.587 G + 0.114 B), 16-bit samples their high byte.
 */
export async function grayImageOf(
  item: Pick<DatasetItem, 'media'>,
  limits: DatasetLimits,
): Promise<GrayImage | 'no image' | 'no bytes' | 'not png'> {
  if (!item.media) return 'no image';
  const bytes = await item.media.bytes?.();
  if (!bytes) return 'no bytes';
  if (!isPng(bytes)) return 'not png';
  const decoded = decodePng(bytes, { limits });
  const { width, height } = decoded;
  const pixels = new Uint8Array(width * height);
  let changed = decoded.bitDepth === 16 || hasTransparency(decoded);
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
