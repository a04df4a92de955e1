/** A growing list of numbers, held as doubles (8 bytes each, no boxing). */
export class NumberList {
  private data = new Float64Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }

  sorted(): Float64Array {
    return this.data.slice(0, this.length).sort();
  }
}

/** Quantiles of a distribution, and a histogram of it for the HTML page. */
export interface Distribution {
  count: number;
  min: number;
  p5: number;
  p25: number;
  median: number;
  p75: number;
  p95: number;
  max: number;
  mean: number;
  /** `bins + 1` edges and `bins` counts; log-spaced when `log`. */
  histogram: { edges: number[]; counts: number[]; log: boolean };
}

function quantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function histogram(sorted: Float64Array, log: boolean, bins = 20): Distribution['histogram'] {
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  const useLog = log && min > 0 && max / min > 100;
  const f = (v: number) => (useLog ? Math.log10(v) : v);
  const lo = f(min);
  const hi = f(max);
  const n = hi > lo ? bins : 1;
  const edges = Array.from({ length: n + 1 }, (_, i) => {
    const e = lo + ((hi - lo) * i) / n;
    return useLog ? 10 ** e : e;
  });
  const counts = new Array<number>(n).fill(0);
  for (const v of sorted) {
    const i = hi > lo ? Math.min(n - 1, Math.floor(((f(v) - lo) / (hi - lo)) * n)) : 0;
    counts[i]++;
  }
  return { edges, counts, log: useLog };
}

/** The distribution of a list of numbers; undefined when it is empty. */
export function distributionOf(list: NumberList, log = false): Distribution | undefined {
  if (list.length === 0) return undefined;
  const s = list.sorted();
  let sum = 0;
  for (const v of s) sum += v;
  return {
    count: s.length,
    min: s[0],
    p5: quantile(s, 0.05),
    p25: quantile(s, 0.25),
    median: quantile(s, 0.5),
    p75: quantile(s, 0.75),
    p95: quantile(s, 0.95),
    max: s[s.length - 1],
    mean: sum / s.length,
    histogram: histogram(s, log),
  };
}
