import { DatasetError } from '../errors.js';

/**
 * Reverses PNG filtering: `rows` scanlines of 1 + rowBytes bytes each (filter type, then data)
 * starting at src[srcStart] are written, unfiltered, to out[outStart ...] (rowBytes per row).
 * bpp = bytes per complete pixel, at least 1. Returns the src position after the last row.
 */
export function unfilterRows(
  src: Uint8Array,
  srcStart: number,
  rows: number,
  rowBytes: number,
  bpp: number,
  out: Uint8Array,
  outStart: number,
): number {
  let s = srcStart;
  let o = outStart;
  for (let y = 0; y < rows; y++) {
    const type = src[s++];
    const p = o - rowBytes; // previous row in out; only read when y > 0
    const first = y === 0;
    switch (type) {
      case 0:
        out.set(src.subarray(s, s + rowBytes), o);
        break;
      case 1:
        for (let i = 0; i < bpp; i++) out[o + i] = src[s + i];
        for (let i = bpp; i < rowBytes; i++) out[o + i] = src[s + i] + out[o + i - bpp];
        break;
      case 2:
        if (first) out.set(src.subarray(s, s + rowBytes), o);
        else for (let i = 0; i < rowBytes; i++) out[o + i] = src[s + i] + out[p + i];
        break;
      case 3:
        if (first) {
          for (let i = 0; i < bpp; i++) out[o + i] = src[s + i];
          for (let i = bpp; i < rowBytes; i++) out[o + i] = src[s + i] + (out[o + i - bpp] >> 1);
        } else {
          for (let i = 0; i < bpp; i++) out[o + i] = src[s + i] + (out[p + i] >> 1);
          for (let i = bpp; i < rowBytes; i++)
            out[o + i] = src[s + i] + ((out[o + i - bpp] + out[p + i]) >> 1);
        }
        break;
      case 4:
        if (first) {
          // with no row above, Paeth picks the left byte: the same as Sub
          for (let i = 0; i < bpp; i++) out[o + i] = src[s + i];
          for (let i = bpp; i < rowBytes; i++) out[o + i] = src[s + i] + out[o + i - bpp];
        } else {
          for (let i = 0; i < bpp; i++) out[o + i] = src[s + i] + out[p + i];
          for (let i = bpp; i < rowBytes; i++) {
            const a = out[o + i - bpp];
            const b = out[p + i];
            const c = out[p + i - bpp];
            const pa = b > c ? b - c : c - b;
            const pb = a > c ? a - c : c - a;
            const d = a + b - c - c;
            const pc = d < 0 ? -d : d;
            out[o + i] = src[s + i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          }
        }
        break;
      default:
        throw new DatasetError('bad-image', `invalid filter type ${type} in scanline ${y}`);
    }
    s += rowBytes;
    o += rowBytes;
  }
  return s;
}

/**
 * Filters `rows` rows of rowBytes bytes (raw, packed) into dst (1 + rowBytes per row), choosing
 * for each row the filter with the least sum of absolute (signed) byte values, as libpng does.
 */
export function filterRows(
  raw: Uint8Array,
  rows: number,
  rowBytes: number,
  bpp: number,
  dst: Uint8Array,
): void {
  for (let y = 0; y < rows; y++) filterRow(raw, y, rowBytes, bpp, dst);
}

function filterRow(raw: Uint8Array, y: number, rowBytes: number, bpp: number, dst: Uint8Array): void {
  const r = y * rowBytes;
  const first = y === 0;
  // with no row above, Up = None and Paeth = Sub; Average still differs
  let bestType = 0;
  let best = costNone(raw, r, rowBytes, 0x7fffffff);
  let cost = costSub(raw, r, rowBytes, bpp, best);
  if (cost < best) {
    best = cost;
    bestType = 1;
  }
  if (!first) {
    cost = costUp(raw, r, rowBytes, best);
    if (cost < best) {
      best = cost;
      bestType = 2;
    }
  }
  cost = first ? costAverageFirst(raw, r, rowBytes, bpp, best) : costAverage(raw, r, rowBytes, bpp, best);
  if (cost < best) {
    best = cost;
    bestType = 3;
  }
  if (!first) {
    cost = costPaeth(raw, r, rowBytes, bpp, best);
    if (cost < best) bestType = 4;
  }
  const d = y * (rowBytes + 1);
  dst[d] = bestType;
  writeFiltered(bestType, raw, r, first, rowBytes, bpp, dst, d + 1);
}

/** |v| of a byte read as signed (two's complement), without a branch. */
function absSigned(v: number): number {
  const sv = (v << 24) >> 24;
  const m = sv >> 31;
  return (sv ^ m) - m;
}

// Each cost function checks the limit once per 64 bytes: a cheap early exit for hopeless filters.

function costNone(raw: Uint8Array, r: number, n: number, limit: number): number {
  let cost = 0;
  for (let i = 0; i < n; i++) {
    const v = raw[r + i];
    cost += absSigned(v);
    if ((i & 63) === 63 && cost > limit) break;
  }
  return cost;
}

function costSub(raw: Uint8Array, r: number, n: number, bpp: number, limit: number): number {
  let cost = 0;
  for (let i = 0; i < n; i++) {
    const v = (raw[r + i] - (i >= bpp ? raw[r + i - bpp] : 0)) & 255;
    cost += absSigned(v);
    if ((i & 63) === 63 && cost > limit) break;
  }
  return cost;
}

function costUp(raw: Uint8Array, r: number, n: number, limit: number): number {
  let cost = 0;
  const p = r - n;
  for (let i = 0; i < n; i++) {
    const v = (raw[r + i] - raw[p + i]) & 255;
    cost += absSigned(v);
    if ((i & 63) === 63 && cost > limit) break;
  }
  return cost;
}

function costAverageFirst(raw: Uint8Array, r: number, n: number, bpp: number, limit: number): number {
  let cost = 0;
  for (let i = 0; i < n; i++) {
    const v = (raw[r + i] - (i >= bpp ? raw[r + i - bpp] >> 1 : 0)) & 255;
    cost += absSigned(v);
    if ((i & 63) === 63 && cost > limit) break;
  }
  return cost;
}

function costAverage(raw: Uint8Array, r: number, n: number, bpp: number, limit: number): number {
  let cost = 0;
  const p = r - n;
  for (let i = 0; i < n; i++) {
    const v = (raw[r + i] - (((i >= bpp ? raw[r + i - bpp] : 0) + raw[p + i]) >> 1)) & 255;
    cost += absSigned(v);
    if ((i & 63) === 63 && cost > limit) break;
  }
  return cost;
}

function costPaeth(raw: Uint8Array, r: number, n: number, bpp: number, limit: number): number {
  let cost = 0;
  const p = r - n;
  for (let i = 0; i < n; i++) {
    const b = raw[p + i];
    let pred = b;
    if (i >= bpp) {
      const a = raw[r + i - bpp];
      const c = raw[p + i - bpp];
      const pa = b > c ? b - c : c - b;
      const pb = a > c ? a - c : c - a;
      const d = a + b - c - c;
      const pc = d < 0 ? -d : d;
      pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    const v = (raw[r + i] - pred) & 255;
    cost += absSigned(v);
    if ((i & 63) === 63 && cost > limit) break;
  }
  return cost;
}

function writeFiltered(
  type: number,
  raw: Uint8Array,
  r: number,
  first: boolean,
  n: number,
  bpp: number,
  dst: Uint8Array,
  d: number,
): void {
  const p = r - n;
  const lead = Math.min(bpp, n);
  switch (type) {
    case 0:
      dst.set(raw.subarray(r, r + n), d);
      return;
    case 1:
      for (let i = 0; i < lead; i++) dst[d + i] = raw[r + i];
      for (let i = bpp; i < n; i++) dst[d + i] = raw[r + i] - raw[r + i - bpp];
      return;
    case 2:
      for (let i = 0; i < n; i++) dst[d + i] = raw[r + i] - raw[p + i];
      return;
    case 3:
      for (let i = 0; i < lead; i++) dst[d + i] = raw[r + i] - (first ? 0 : raw[p + i] >> 1);
      for (let i = bpp; i < n; i++)
        dst[d + i] = raw[r + i] - ((raw[r + i - bpp] + (first ? 0 : raw[p + i])) >> 1);
      return;
    default:
      for (let i = 0; i < lead; i++) dst[d + i] = raw[r + i] - raw[p + i];
      for (let i = bpp; i < n; i++)
        dst[d + i] = raw[r + i] - paeth(raw[r + i - bpp], raw[p + i], raw[p + i - bpp]);
  }
}

function paeth(a: number, b: number, c: number): number {
  const pa = b > c ? b - c : c - b;
  const pb = a > c ? a - c : c - a;
  const d = a + b - c - c;
  const pc = d < 0 ? -d : d;
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
