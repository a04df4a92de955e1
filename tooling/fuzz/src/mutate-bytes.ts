/** Byte-level mutations (flips, truncation, splices) and PNG-aware ones (IHDR sizes, CRCs fixed). */
import { crc32 } from '@labelport/core/files';
import type { Rng } from './rng.js';

export function flipBytes(b: Uint8Array, rng: Rng): { bytes: Uint8Array; what: string } {
  const out = b.slice();
  const n = 1 + rng.int(8);
  for (let i = 0; i < n && out.length > 0; i++) out[rng.int(out.length)] ^= 1 << rng.int(8);
  return { bytes: out, what: `${n} bits flipped` };
}

export function truncate(b: Uint8Array, rng: Rng): { bytes: Uint8Array; what: string } {
  const at = rng.int(b.length + 1);
  return { bytes: b.slice(0, at), what: `truncated at ${at} of ${b.length}` };
}

export function splice(b: Uint8Array, rng: Rng): { bytes: Uint8Array; what: string } {
  if (b.length < 2) return truncate(b, rng);
  const from = rng.int(b.length);
  const len = 1 + rng.int(Math.min(64, b.length - from));
  const at = rng.int(b.length);
  const out = new Uint8Array(b.length + len);
  out.set(b.subarray(0, at));
  out.set(b.subarray(from, from + len), at);
  out.set(b.subarray(at), at + len);
  return { bytes: out, what: `${len} bytes from ${from} inserted at ${at}` };
}

const isPng = (b: Uint8Array) =>
  b.length > 33 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;

function setU32(b: Uint8Array, at: number, v: number): void {
  new DataView(b.buffer, b.byteOffset, b.byteLength).setUint32(at, v >>> 0);
}

/** Recomputes the CRC of the chunk whose length field is at `at`. */
function fixCrc(b: Uint8Array, at: number): void {
  const len = new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(at);
  if (at + 12 + len > b.length) return;
  setU32(b, at + 8 + len, crc32(b.subarray(at + 4, at + 8 + len)));
}

const PNG_SIZES: [number, number][] = [
  [65535, 65535],
  [100000, 100000],
  [0, 0],
  [1, 1],
  [0x7fffffff, 1],
  [1, 0x7fffffff],
  [16385, 16385],
  [3, 100000],
];

/** A PNG whose header declares another size, depth, colour type or interlace (CRC fixed). */
export function mutatePng(b: Uint8Array, rng: Rng): { bytes: Uint8Array; what: string } | undefined {
  if (!isPng(b)) return undefined;
  const out = b.slice();
  const roll = rng.int(4);
  let what: string;
  if (roll < 2) {
    const [w, h] = rng.pick(PNG_SIZES);
    setU32(out, 16, w);
    setU32(out, 20, h);
    what = `png: IHDR declares ${w}x${h}`;
  } else if (roll < 3) {
    out[24] = rng.pick([1, 2, 4, 8, 16, 3]);
    out[25] = rng.pick([0, 2, 3, 4, 6, 5]);
    what = `png: depth ${out[24]} colour type ${out[25]}`;
  } else {
    out[28] = 1 - (out[28] & 1);
    what = 'png: interlace toggled';
  }
  fixCrc(out, 8);
  // Often also damage the image data, keeping its CRC right so that zlib sees it.
  if (rng.chance(0.3)) {
    const idat = findChunk(out, 'IDAT');
    if (idat >= 0) {
      const len = new DataView(out.buffer).getUint32(idat);
      if (len > 2) out[idat + 8 + 2 + rng.int(len - 2)] ^= 0xff;
      fixCrc(out, idat);
      what += ', IDAT damaged';
    }
  }
  return { bytes: out, what };
}

function findChunk(b: Uint8Array, type: string): number {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let p = 8; p + 12 <= b.length; ) {
    const len = v.getUint32(p);
    if (String.fromCharCode(b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!) === type) return p;
    p += 12 + len;
  }
  return -1;
}
