import { DatasetError } from '../errors.js';
import type { Bbox, BinaryMask, Rle } from './types.js';

/**
 * Run-length encodes a mask in column-major order, exactly as pycocotools `rleEncode`. Non-zero bytes
 * count as 1. The row-major mask is read row by row (never down its columns): a run boundary is a
 * pixel that differs from the one above it (or, at the top of a column, from the bottom of the
 * column before), so the work is one sequential pass plus a sort of the boundaries by column.
 */
export function encodeRle(mask: BinaryMask): Rle {
  const { width: w, height: h, data } = mask;
  checkMaskShape(mask);
  if (w === 0 || h === 0) return { size: [h, w], counts: [0] };
  // boundaries as (column, row), found row by row: the top row first, then each row against the last
  let bx = new Int32Array(256);
  let by = new Int32Array(256);
  let nb = 0;
  const add = (x: number, y: number) => {
    if (nb === bx.length) {
      const gx = new Int32Array(nb * 2);
      const gy = new Int32Array(nb * 2);
      gx.set(bx);
      gy.set(by);
      bx = gx;
      by = gy;
    }
    bx[nb] = x;
    by[nb++] = y;
  };
  const last = (h - 1) * w;
  if (data[0] !== 0) add(0, 0);
  for (let x = 1; x < w; x++) if ((data[x] !== 0) !== (data[last + x - 1] !== 0)) add(x, 0);
  // rows are compared four pixels at a time: on the mask itself when its rows are aligned, else on
  // aligned copies of two rows
  const words = (w + 3) >> 2;
  const aligned = w % 4 === 0 && data.byteOffset % 4 === 0;
  const all = aligned ? new Int32Array(data.buffer, data.byteOffset, (w * h) >> 2) : undefined;
  const rows = [new Uint8Array(words * 4), new Uint8Array(words * 4)];
  const rowWords = [new Int32Array(rows[0].buffer), new Int32Array(rows[1].buffer)];
  if (!all) rows[0].set(data.subarray(0, w));
  for (let y = 1; y < h; y++) {
    let u = all;
    let cur = y * words;
    let abv = cur - words;
    let curBytes = data;
    let abvBytes = data;
    if (!u) {
      rows[y & 1].set(data.subarray(y * w, y * w + w));
      curBytes = rows[y & 1];
      abvBytes = rows[(y - 1) & 1];
      u = rowWords[y & 1];
      const other = rowWords[(y - 1) & 1];
      for (let q = 0; q < words; q++) {
        if (u[q] !== other[q]) boundariesIn(curBytes, abvBytes, q << 2, 0, 0, w, y, add);
      }
      continue;
    }
    const base = y * w;
    for (let q = 0; q < words; q++, cur++, abv++) {
      if (u[cur] !== u[abv]) boundariesIn(curBytes, abvBytes, q << 2, base, base - w, w, y, add);
    }
  }
  // counting sort by column (stable: rows stay in order within a column)
  const perColumn = new Int32Array(w + 1);
  for (let k = 0; k < nb; k++) perColumn[bx[k] + 1]++;
  for (let x = 0; x < w; x++) perColumn[x + 1] += perColumn[x];
  const sorted = new Float64Array(nb);
  for (let k = 0; k < nb; k++) {
    const x = bx[k];
    sorted[perColumn[x]++] = x * h + by[k];
  }
  const counts = new Array<number>(nb + 1);
  let prev = 0;
  for (let k = 0; k < nb; k++) {
    counts[k] = sorted[k] - prev;
    prev = sorted[k];
  }
  counts[nb] = w * h - prev;
  return { size: [h, w], counts };
}

/** The pixels x0..x0+3 of a row (at `row`) that are set where the row above (at `above`) is not, or the reverse. */
function boundariesIn(
  cur: Uint8Array,
  abv: Uint8Array,
  x0: number,
  row: number,
  above: number,
  w: number,
  y: number,
  add: (x: number, y: number) => void,
): void {
  const end = Math.min(x0 + 4, w);
  for (let x = x0; x < end; x++) {
    const a = cur[row + x];
    const b = abv[above + x];
    if (a !== b && (a === 0 || b === 0)) add(x, y);
  }
}

/** Decodes an RLE to a row-major binary mask. Throws RangeError when the counts do not add up to height*width. */
export function decodeRle(rle: Rle): BinaryMask {
  const [h, w] = rle.size;
  const data = new Uint8Array(h * w);
  let pos = 0; // column-major position
  const total = h * w;
  const { counts } = rle;
  for (let j = 0; j < counts.length; j++) {
    const end = pos + counts[j];
    if (end > total) throw new RangeError(`RLE counts add up to more than ${h}x${w} = ${total} pixels`);
    if (j % 2 === 1) {
      let x = Math.floor(pos / h);
      let y = pos - x * h;
      for (let p = pos; p < end; p++) {
        data[y * w + x] = 1;
        if (++y === h) {
          y = 0;
          x++;
        }
      }
    }
    pos = end;
  }
  if (pos !== total) throw new RangeError(`RLE counts add up to ${pos}, expected ${h}x${w} = ${total}`);
  return { width: w, height: h, data };
}

/** Number of pixels set: the sum of the counts at odd indices (pycocotools `rleArea`). */
export function rleArea(rle: Rle): number {
  let a = 0;
  const { counts } = rle;
  for (let j = 1; j < counts.length; j += 2) a += counts[j];
  return a;
}

/**
 * Bounding box [x, y, w, h] of the set pixels in integer pixel extents, as current pycocotools
 * `rleToBbox`: 1-runs of length 0 are skipped (compressed RLEs from some tools hold them), and a run
 * that wraps into a later column counts as full column height. An RLE with fewer than two counts,
 * or without a set pixel, gives [0, 0, 0, 0].
 */
export function rleToBbox(rle: Rle): Bbox {
  const [h, w] = rle.size;
  const { counts } = rle;
  const m = counts.length - (counts.length % 2);
  let xs = w;
  let ys = h;
  let xe = -1;
  let ye = 0;
  let cc = 0;
  for (let j = 0; j < m; j++) {
    const start = cc;
    cc += counts[j];
    if (j % 2 === 0 || counts[j] === 0) continue;
    const yStart = start % h;
    const xStart = (start - yStart) / h;
    const yEnd = (cc - 1) % h;
    const xEnd = (cc - 1 - yEnd) / h;
    if (xStart < xs) xs = xStart;
    if (xEnd > xe) xe = xEnd;
    if (xStart < xEnd) {
      ys = 0;
      ye = h - 1;
    } else {
      if (yStart < ys) ys = yStart;
      if (yEnd > ye) ye = yEnd;
    }
  }
  if (xe < 0) return [0, 0, 0, 0];
  return [xs, ys, xe - xs + 1, ye - ys + 1];
}

/**
 * Union (default) or intersection of RLEs of one size, run for run as pycocotools `rleMerge`
 * (so the counts are the same as pycocotools gives). Throws RangeError for an empty list or differing sizes.
 */
export function mergeRle(rles: Rle[], intersect = false): Rle {
  if (rles.length === 0) throw new RangeError('mergeRle needs at least one RLE');
  const [h, w] = rles[0].size;
  for (const r of rles) {
    if (r.size[0] !== h || r.size[1] !== w) {
      throw new RangeError(`mergeRle: sizes differ ([${h}, ${w}] and [${r.size[0]}, ${r.size[1]}])`);
    }
  }
  let acc = rles[0].counts.slice();
  for (let i = 1; i < rles.length; i++) acc = mergeTwo(acc, rles[i].counts, intersect);
  return { size: [h, w], counts: acc };
}

function mergeTwo(A: number[], B: number[], intersect: boolean): number[] {
  const out: number[] = [];
  let ca = A.length ? A[0] : 0;
  let cb = B.length ? B[0] : 0;
  let v: boolean = false;
  let va: boolean = false;
  let vb: boolean = false;
  let a = 1;
  let b = 1;
  let cc = 0;
  let ct = 1;
  while (ct > 0) {
    const c = Math.min(ca, cb);
    cc += c;
    ct = 0;
    ca -= c;
    if (!ca && a < A.length) {
      ca = A[a++];
      va = !va;
    }
    ct += ca;
    cb -= c;
    if (!cb && b < B.length) {
      cb = B[b++];
      vb = !vb;
    }
    ct += cb;
    const vp: boolean = v;
    v = intersect ? va && vb : va || vb;
    if (v !== vp || ct === 0) {
      out.push(cc);
      cc = 0;
    }
  }
  return out;
}

function checkMaskShape(mask: BinaryMask): void {
  const { width: w, height: h, data } = mask;
  if (!Number.isInteger(w) || !Number.isInteger(h) || w < 0 || h < 0) {
    throw new DatasetError('bad-value', `mask size must be non-negative integers, got ${w}x${h}`);
  }
  if (data?.length !== w * h)
    throw new DatasetError('bad-value', `mask data has ${data?.length} bytes, expected ${w}x${h} = ${w * h}`);
}
