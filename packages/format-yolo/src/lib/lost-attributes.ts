import type { Attributes } from '@labelport/core';

/**
 * Attribute values that readers fill in when the file says nothing (COCO's `iscrowd: 0`, VOC's and
 * CVAT's `occluded`/`truncated`/`difficult` unset): not writing them loses nothing a user set.
 */
const DEFAULTS: Record<string, (v: unknown) => boolean> = {
  is_crowd: (v) => v === false || v === 0,
  occluded: (v) => v === false || v === 0,
  truncated: (v) => v === false || v === 0,
  difficult: (v) => v === false || v === 0,
};

/** How many of an annotation's attributes a format without attributes loses (defaults are not lost). */
export function lostAttributes(attributes: Attributes): number {
  let n = 0;
  for (const [k, v] of Object.entries(attributes)) if (!DEFAULTS[k]?.(v)) n++;
  return n;
}
