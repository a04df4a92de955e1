import { allocatePixels, type BinaryMask, type DatasetLimits } from '@labelport/core';
import { encodePng } from '@labelport/core/png';

/** A mask painted as Datumaro paints LabelMe masks: RGBA, set pixels (255, 203, 0, 153), the rest clear. */
export function binaryMaskToPng(mask: BinaryMask, limits?: DatasetLimits): Uint8Array {
  const rgba = allocatePixels(mask.width, mask.height, 'mask', { channels: 4, limits });
  for (let i = 0; i < mask.data.length; i++) {
    if (mask.data[i]) {
      rgba[i * 4] = 255;
      rgba[i * 4 + 1] = 203;
      rgba[i * 4 + 2] = 0;
      rgba[i * 4 + 3] = 153;
    }
  }
  return encodePng({ width: mask.width, height: mask.height, colorType: 'rgba', data: rgba });
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 (standard alphabet, padding optional, whitespace ignored) to bytes; undefined when malformed. */
export function decodeBase64(text: string): Uint8Array | undefined {
  const s = text.replace(/\s+/g, '').replace(/=+$/, '');
  if (/[^A-Za-z0-9+/]/.test(s) || s.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    value = (value << 6) | B64.indexOf(s[i]!);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 255;
    }
  }
  return out;
}

export function encodeBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    s += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    s += i + 1 < bytes.length ? B64[(n >> 6) & 63]! : '=';
    s += i + 2 < bytes.length ? B64[n & 63]! : '=';
  }
  return s;
}
