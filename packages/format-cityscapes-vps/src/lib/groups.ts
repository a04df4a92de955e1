// TODO(core): one `tiedByGroup` in @labelport/core (Cityscapes, KITTI, CamVid and Cityscapes-VPS each
// keep this copy): the count of a lost 'group' for writers that hold every shape as its own object.
/** How many of an item's shapes share their group with another one: the ties a writer without groups loses. */
export function tiedByGroup(shapes: readonly { group?: number }[]): number {
  const count = new Map<number, number>();
  for (const s of shapes) if (s.group !== undefined) count.set(s.group, (count.get(s.group) ?? 0) + 1);
  let n = 0;
  for (const c of count.values()) if (c > 1) n += c;
  return n;
}
