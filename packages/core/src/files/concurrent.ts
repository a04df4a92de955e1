/**
 * Maps `fn` over `source` with up to `limit` calls in flight at once, yielding the results in the
 * order of the source: file reads (and the parsing that follows each) overlap, the output does not
 * change. Reading stops at the first failure, which is thrown where its result would have come;
 * nothing is read ahead further than `limit` items.
 */
export async function* mapConcurrent<T, R>(
  source: Iterable<T> | AsyncIterable<T>,
  limit: number,
  fn: (item: T, index: number) => Promise<R> | R,
): AsyncGenerator<R> {
  const it =
    Symbol.asyncIterator in source
      ? (source as AsyncIterable<T>)[Symbol.asyncIterator]()
      : (source as Iterable<T>)[Symbol.iterator]();
  const width = Math.max(1, Math.floor(limit));
  const pending: Promise<R>[] = [];
  let index = 0;
  let exhausted = false;
  try {
    for (;;) {
      while (!exhausted && pending.length < width) {
        const next = await it.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        const i = index++;
        const p = Promise.resolve().then(() => fn(next.value, i));
        p.catch(() => {}); // awaited in turn below; this only keeps an early failure from being unhandled
        pending.push(p);
      }
      const head = pending.shift();
      if (head === undefined) return;
      yield await head;
    }
  } finally {
    if (!exhausted) await it.return?.();
  }
}
