import { DatasetError } from '../errors.js';
import { checkPixels } from '../limits.js';
import type { BinaryMask, Rle } from './types.js';

/** A layer of `renderIndexMask`: a binary mask (or RLE) painted with `value`. */
export interface IndexMaskLayer {
  mask: BinaryMask | Rle;
  value: number;
}

type IndexArrayConstructor = Uint8ArrayConstructor | Uint16ArrayConstructor | Uint32ArrayConstructor;

/**
 * Splits an index (class or instance id) image into one binary mask per distinct value, in one pass
 * over the pixels. Values in `ignore` (e.g. 0 for background, 255 for VOC's void) get no mask.
 * The map is ordered by first appearance in row-major order.
 */
export function splitIndexMask(
  values: ArrayLike<number>,
  width: number,
  height: number,
  options: { ignore?: number[] } = {},
): Map<number, BinaryMask> {
  checkSize(width, height);
  const n = width * height;
  if (values.length !== n)
    throw new DatasetError(
      'bad-value',
      `index mask has ${values.length} values, expected ${width}x${height} = ${n}`,
    );
  const ignored = new Set(options.ignore ?? []);
  const masks = new Map<number, BinaryMask>();
  let lastValue = Number.NaN;
  let lastData: Uint8Array | undefined; // undefined for an ignored value
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== lastValue) {
      lastValue = v;
      if (ignored.has(v)) lastData = undefined;
      else {
        let m = masks.get(v);
        if (m === undefined) {
          m = { width, height, data: new Uint8Array(n) };
          masks.set(v, m);
        }
        lastData = m.data;
      }
    }
    if (lastData !== undefined) lastData[i] = 1;
  }
  return masks;
}

/**
 * Paints binary masks (or RLEs) with their values into an index image of `width` x `height`,
 * in the order given: a later layer covers an earlier one (callers sort by z-order).
 * Pixels no layer covers get `background`. Values must fit the array type (default Uint8Array).
 */
export function renderIndexMask(
  width: number,
  height: number,
  layers: IndexMaskLayer[],
  background = 0,
  ArrayType: IndexArrayConstructor = Uint8Array,
): Uint8Array | Uint16Array | Uint32Array {
  checkSize(width, height);
  const out = new ArrayType(width * height);
  const max = 2 ** (8 * ArrayType.BYTES_PER_ELEMENT) - 1;
  checkValue(background, max, 'background');
  if (background !== 0) out.fill(background);
  for (let li = 0; li < layers.length; li++) {
    const { mask, value } = layers[li];
    checkValue(value, max, `layers[${li}].value`);
    if ('data' in mask) {
      if (mask.width !== width || mask.height !== height) {
        throw new DatasetError(
          'bad-value',
          `layers[${li}] is ${mask.width}x${mask.height}, expected ${width}x${height}: a mask that does not fit its image`,
        );
      }
      const d = mask.data;
      for (let i = 0; i < d.length; i++) if (d[i] !== 0) out[i] = value;
    } else {
      paintRle(out, mask, value, width, height, li);
    }
  }
  return out;
}

function paintRle(
  out: Uint8Array | Uint16Array | Uint32Array,
  rle: Rle,
  value: number,
  w: number,
  h: number,
  li: number,
) {
  if (rle.size[0] !== h || rle.size[1] !== w) {
    throw new DatasetError(
      'bad-value',
      `layers[${li}] RLE is ${rle.size[1]}x${rle.size[0]} (w x h), expected ${w}x${h}: a mask that does not fit its image`,
    );
  }
  const total = w * h;
  let pos = 0;
  const { counts } = rle;
  for (let j = 0; j < counts.length; j++) {
    const end = Math.min(pos + counts[j], total);
    if (j % 2 === 1 && end > pos) {
      let x = Math.floor(pos / h);
      let y = pos - x * h;
      for (let p = pos; p < end; p++) {
        out[y * w + x] = value;
        if (++y === h) {
          y = 0;
          x++;
        }
      }
    }
    pos = end;
  }
}

function checkValue(v: number, max: number, what: string): void {
  if (!Number.isInteger(v) || v < 0 || v > max)
    throw new DatasetError('bad-value', `${what} ${v} does not fit the array type (0..${max})`);
}

/** Sizes of index images are checked against the pixel limit (limits.maxPixels) before allocating. */
function checkSize(width: number, height: number): void {
  checkPixels(width, height, 'index mask');
}
