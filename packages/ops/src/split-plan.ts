import { exactCounts, seededRandom, shuffleInPlace } from './prng.js';

/** One unit that goes to a subset whole: an item, or every item of one video sequence. */
export interface SplitUnit {
  size: number;
  /** Label index -> items of the unit that carry it. */
  labels: Map<number, number>;
}

/** Where each unit goes (subset index per unit) and the counts that came out. */
export interface SplitAssignment {
  subsetOf: Uint16Array;
  items: number[];
  /** Label index -> items carrying it per subset. */
  labelItems: Map<number, number[]>;
}

/**
 * Assigns units to subsets. Item counts are exact (`exactCounts`) when every unit is one item; units
 * go, rarest label first, to the subset that most lacks their labels relative to the requested
 * proportions (stratified); `byLabel` false ignores labels (a plain random split).
 */
export function assignUnits(
  units: SplitUnit[],
  proportions: number[],
  byLabel: boolean,
  seed: number,
): SplitAssignment {
  const total = units.reduce((s, u) => s + u.size, 0);
  const target = exactCounts(total, proportions);
  const share = proportions.map((p) => p / proportions.reduce((s, q) => s + q, 0));
  const labelTotals = new Map<number, number>();
  for (const u of units) for (const [l, n] of u.labels) labelTotals.set(l, (labelTotals.get(l) ?? 0) + n);
  const order = shuffleInPlace(
    units.map((_, i) => i),
    seededRandom(seed),
  );
  // A unit's rarest label decides where it goes (Sechidis et al.'s iterative stratification); -1: none.
  const rarest = units.map((u) => {
    let best = -1;
    for (const l of u.labels.keys())
      if (best < 0 || (labelTotals.get(l) as number) < (labelTotals.get(best) as number)) best = l;
    return best;
  });
  const rarity = (i: number) =>
    byLabel && rarest[i] >= 0 ? (labelTotals.get(rarest[i]) as number) : total + 1;
  order.sort((a, b) => units[b].size - units[a].size || rarity(a) - rarity(b));
  const items = proportions.map(() => 0);
  const labelItems = new Map<number, number[]>();
  for (const l of labelTotals.keys())
    labelItems.set(
      l,
      proportions.map(() => 0),
    );
  const subsetOf = new Uint16Array(units.length);
  for (const i of order) {
    const u = units[i];
    const s = chooseSubset(u, rarest[i], target, items, share, byLabel ? labelItems : undefined, labelTotals);
    subsetOf[i] = s;
    items[s] += u.size;
    for (const [l, n] of u.labels) (labelItems.get(l) as number[])[s] += n;
  }
  return { subsetOf, items, labelItems };
}

function chooseSubset(
  u: SplitUnit,
  primary: number,
  target: number[],
  items: number[],
  share: number[],
  labelItems: Map<number, number[]> | undefined,
  labelTotals: Map<number, number>,
): number {
  let best = -1;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let s = 0; s < target.length; s++) {
    const room = target[s] - items[s];
    if (room < u.size) continue;
    let score = room / Math.max(1, target[s]) / 1000;
    if (labelItems)
      for (const l of u.labels.keys()) {
        // The rarest label's lack decides; the others' only break ties.
        const t = labelTotals.get(l) as number;
        score += ((share[s] * t - (labelItems.get(l) as number[])[s]) / t) * (l === primary ? 1 : 0.01);
      }
    else score = room;
    if (score > bestScore) {
      bestScore = score;
      best = s;
    }
  }
  if (best >= 0) return best;
  // A sequence longer than any subset's room: it goes where the most room is left.
  let most = 0;
  for (let s = 1; s < target.length; s++) if (target[s] - items[s] > target[most] - items[most]) most = s;
  return most;
}
