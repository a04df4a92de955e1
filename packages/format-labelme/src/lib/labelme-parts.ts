/**
 * LabelMe's part hierarchy (`<parts><hasparts>3,4</hasparts><ispartof>2</ispartof></parts>`) as
 * groups: every object under one root (an object with parts and no parent) shares the root's group.
 * Groups are numbered 1, 2, ... in the order Datumaro gives them (the root with the highest id
 * first), so reading agrees with it.
 */
export function assignPartGroups(
  objects: { id: number; hasParts: number[]; isPartOf: number[] }[],
): Map<number, number> {
  const children = new Map<number, number[]>();
  const roots: number[] = [];
  for (const o of objects) {
    children.set(o.id, o.hasParts);
    if (o.hasParts.length > 0 && o.isPartOf.length === 0) roots.push(o.id);
  }
  const unique = [...new Set(roots)].sort((a, b) => a - b);
  const group = new Map<number, number>();
  const rootSet = new Set(unique);
  const stack = [...unique];
  let current = 0;
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (group.has(id) || !children.has(id)) continue;
    if (rootSet.has(id)) current++;
    group.set(id, current);
    for (const c of children.get(id)!) stack.push(c);
  }
  return group;
}

/** Groups back to parts: the first object of each group is the whole, the others its parts. */
export function partsOfGroups(groups: (number | undefined)[]): { hasParts: number[]; isPartOf: number[] }[] {
  const leaders = new Map<number, number>();
  const out = groups.map(() => ({ hasParts: [] as number[], isPartOf: [] as number[] }));
  groups.forEach((g, i) => {
    if (g === undefined) return;
    const leader = leaders.get(g);
    if (leader === undefined) leaders.set(g, i);
    else {
      out[leader]!.hasParts.push(i);
      out[i]!.isPartOf.push(leader);
    }
  });
  return out;
}
