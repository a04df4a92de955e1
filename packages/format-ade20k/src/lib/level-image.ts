import type { BinaryMask, DatasetLimits } from '@labelport/core';
import { allocatePixels } from '@labelport/core';
import { encodePng } from '@labelport/core/png';

/** ADE20K's class code in a level image: R = floor(class / 256) * 10, G = class % 256. */
export const MAX_CLASS = 25 * 256 + 255;

export interface LevelLayer {
  mask: BinaryMask;
  /** Class index (R, G), or undefined to leave them. */
  cls?: number;
  /** Instance value (B), or undefined to leave it. */
  instance?: number;
}

/** Paints class and instance layers, later over earlier, into an RGB PNG (`_seg.png`, `_parts_N.png`). */
export function renderLevelImage(
  width: number,
  height: number,
  layers: LevelLayer[],
  limits?: DatasetLimits,
): Uint8Array {
  const rgb = allocatePixels(width, height, 'level image', { channels: 3, limits });
  for (const { mask, cls, instance } of layers) {
    const d = mask.data;
    for (let i = 0; i < d.length; i++) {
      if (!d[i]) continue;
      if (cls !== undefined) {
        rgb[i * 3] = Math.floor(cls / 256) * 10;
        rgb[i * 3 + 1] = cls % 256;
      }
      if (instance !== undefined) rgb[i * 3 + 2] = instance;
    }
  }
  return encodePng({ width, height, colorType: 'rgb', data: rgb });
}

/** The distinct B values of level image layers, as the reader ranks them. */
export function blueRanks(
  width: number,
  height: number,
  layers: { mask: BinaryMask; instance: number }[],
  limits?: DatasetLimits,
): Map<number, number> {
  const blue = allocatePixels(width, height, 'level image', { limits });
  for (const { mask, instance } of layers)
    for (let i = 0; i < blue.length; i++) if (mask.data[i]) blue[i] = instance;
  const present = [...new Set(blue)].sort((a, b) => a - b);
  return new Map(present.map((v, i) => [v, i]));
}

/**
 * Whether a pixel is set in two masks of different values (the later then covers the earlier in a
 * level image; masks of one value may overlap freely).
 */
export function masksOverlap(layers: { mask: BinaryMask; value: number }[]): boolean {
  if (layers.length < 2) return false;
  const seen = new Float64Array(layers[0].mask.data.length).fill(Number.NaN);
  for (const { mask, value } of layers) {
    const d = mask.data;
    for (let i = 0; i < d.length; i++) {
      if (!d[i]) continue;
      if (!Number.isNaN(seen[i]) && seen[i] !== value) return true;
      seen[i] = value;
    }
  }
  return false;
}

/**
 * The part levels to go through, ascending: 0..max as ADE20K numbers its `_parts_N` files, or, when
 * the largest level is past 255 (a number from a broken file: no image has that many), only the
 * levels present, so that a level of 1e9 costs one step and not a billion.
 */
export function levelsOf(levels: Iterable<number>): number[] {
  let max = -1;
  const present = new Set<number>();
  for (const l of levels) {
    if (!(l >= 0)) continue;
    present.add(l);
    if (l > max) max = l;
  }
  if (max <= 255) return Array.from({ length: max + 1 }, (_, i) => i);
  return [...present].sort((a, b) => a - b);
}
