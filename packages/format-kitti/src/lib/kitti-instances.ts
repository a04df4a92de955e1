// KITTI's devkit instance encoding: pixel = label_id * 256 + instance (instance 0 = no instance, a crowd).
import { DatasetError, type MaskAnnotation } from '@labelport/core';

export const INSTANCE_BITS = 8;
export const MAX_INSTANCE = (1 << INSTANCE_BITS) - 1;

/**
 * The instance part of each mask's pixel value: 0 for a crowd (`is_crowd`), else the mask's id when
 * it is 1..255 and not taken by another mask of its label, else the lowest free number.
 */
export function instanceNumbers(masks: MaskAnnotation[]): { values: number[]; renumbered: number } {
  const used = new Set<string>();
  const values: number[] = masks.map((m) => {
    if (m.attributes.is_crowd === true) return 0;
    const id = m.id;
    if (
      id !== undefined &&
      Number.isInteger(id) &&
      id >= 1 &&
      id <= MAX_INSTANCE &&
      !used.has(`${m.label}:${id}`)
    ) {
      used.add(`${m.label}:${id}`);
      return id;
    }
    return -1;
  });
  let renumbered = 0;
  values.forEach((v, i) => {
    if (v >= 0) return;
    let n = 1;
    while (used.has(`${masks[i].label}:${n}`)) n++;
    if (n > MAX_INSTANCE)
      throw new DatasetError('too-large', `more than ${MAX_INSTANCE} instances of one label in an image`);
    used.add(`${masks[i].label}:${n}`);
    values[i] = n;
    renumbered++;
  });
  return { values, renumbered };
}
