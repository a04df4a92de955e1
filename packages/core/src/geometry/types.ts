/** Binary mask, row-major, one byte per pixel, 0 or 1. */
export interface BinaryMask {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * COCO RLE, uncompressed in memory. `size` is [height, width]; `counts` are run lengths over the
 * pixels in column-major order, alternating 0-runs and 1-runs, starting with a (possibly empty) run of 0s.
 */
export interface Rle {
  size: [number, number];
  counts: number[];
}

/** An axis-aligned box [x, y, width, height] in pixels. */
export type Bbox = [number, number, number, number];
