/**
 * CVAT's `group_id` 0 means "no group", and ours may be 0: groups go onto 1.. when written (a group
 * already >= 1 keeps its number; 0 and below take the next numbers free among the given groups).
 */
export function cvatGroups(groups: Iterable<number | undefined>): Map<number, number> {
  const all = [...groups].filter((g): g is number => g !== undefined);
  let free = Math.max(0, ...all) + 1;
  const out = new Map<number, number>();
  for (const g of all) if (!out.has(g)) out.set(g, g >= 1 ? g : free++);
  return out;
}
