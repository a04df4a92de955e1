import type { Bbox, BinaryMask, Rle } from './types.js';

/** Run-length encodes a mask in column-major order, exactly as pycocotools `rleEncode`. Non-zero bytes count as 1. */
export function encodeRle(mask: BinaryMask): Rle {
  const { width: w, height: h, data } = mask;
  checkMaskShape(mask);
  const counts: number[] = [];
  let prev = 0;
  let run = 0;
  for (let x = 0; x < w; x++) {
    for (let i = x; i < h * w; i += w) {
      const v = data[i] === 0 ? 0 : 1;
      if (v !== prev) {
        counts.push(run);
        run = 0;
        prev = v;
      }
      run++;
    }
  }
  counts.push(run);
  return { size: [h, w], counts };
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
    throw new RangeError(`mask size must be non-negative integers, got ${w}x${h}`);
  }
  if (data.length !== w * h)
    throw new RangeError(`mask data has ${data.length} bytes, expected ${w}x${h} = ${w * h}`);
}
