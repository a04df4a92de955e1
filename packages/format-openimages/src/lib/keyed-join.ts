import { DatasetError } from '@labelport/core';
import { compareKeys } from './key-order.js';

/** Rows of one file, handed out key by key in ascending key order. */
export interface KeyedRows<R> {
  /** The smallest key not yet taken, or undefined at the end. */
  key(): string | undefined;
  /** Takes every row with this key (the current key). */
  take(key: string): Promise<R[]>;
  close(): Promise<void>;
}

/**
 * A file sorted by key, read as it goes: holds one row ahead. A row whose key goes backwards (the file
 * changed since it was checked) is an error, never silently misplaced.
 */
export class SortedCursor<R> implements KeyedRows<R> {
  private batch: R[] = [];
  private index = 0;
  private done = false;
  private headKey: string | undefined;

  private constructor(
    private readonly batches: AsyncIterator<R[]>,
    private readonly keyOf: (row: R) => string,
    private readonly file: string,
    private readonly placeOf: (row: R) => string,
  ) {}

  /** Rows come in batches (a block of a file each), so that rows cost no promise each. */
  static async open<R>(
    batches: AsyncIterator<R[]>,
    keyOf: (row: R) => string,
    file: string,
    placeOf: (row: R) => string,
  ): Promise<SortedCursor<R>> {
    const c = new SortedCursor(batches, keyOf, file, placeOf);
    await c.fill();
    return c;
  }

  /** Makes the current row available (the next batch when this one is used up); sets headKey. */
  private async fill(): Promise<void> {
    while (this.index >= this.batch.length && !this.done) {
      const r = await this.batches.next();
      if (r.done) this.done = true;
      else {
        this.batch = r.value;
        this.index = 0;
      }
    }
    this.headKey = this.index < this.batch.length ? this.keyOf(this.batch[this.index]!) : undefined;
  }

  key(): string | undefined {
    return this.headKey;
  }

  async take(key: string): Promise<R[]> {
    const out: R[] = [];
    while (this.headKey === key) {
      out.push(this.batch[this.index++]!);
      if (this.index < this.batch.length) this.headKey = this.keyOf(this.batch[this.index]!);
      else await this.fill();
    }
    if (this.headKey !== undefined && compareKeys(this.headKey, key) < 0) {
      throw new DatasetError(
        'bad-value',
        `ImageID '${this.headKey}' comes after '${key}': the file is not sorted by ImageID`,
        {
          file: this.file,
          place: this.placeOf(this.batch[this.index]!),
        },
      );
    }
    return out;
  }

  async close(): Promise<void> {
    await this.batches.return?.(undefined);
  }
}

/** How a held row is packed in memory (a string costs far less than an array of strings). */
export interface RowPacking<R> {
  pack(row: R): string;
  unpack(packed: string): R;
}

/**
 * A file that is not sorted, held in memory grouped by key, each row packed (a 2 M-row box CSV
 * then takes a few hundred MB, not gigabytes) and unpacked when its key is taken.
 */
export class BufferedRows<R> implements KeyedRows<R> {
  private readonly keys: string[];
  private next = 0;

  constructor(
    private readonly groups: Map<string, string[]>,
    private readonly packing: RowPacking<R>,
  ) {
    this.keys = [...groups.keys()].sort(compareKeys);
  }

  static async from<R>(
    batches: AsyncIterable<R[]>,
    keyOf: (row: R) => string,
    packing: RowPacking<R>,
  ): Promise<BufferedRows<R>> {
    const groups = new Map<string, string[]>();
    for await (const batch of batches) {
      for (const row of batch) {
        const k = keyOf(row);
        const packed = packing.pack(row);
        const g = groups.get(k);
        if (g) g.push(packed);
        else groups.set(k, [packed]);
      }
    }
    return new BufferedRows(groups, packing);
  }

  key(): string | undefined {
    return this.keys[this.next];
  }

  async take(key: string): Promise<R[]> {
    if (this.keys[this.next] !== key) return [];
    this.next++;
    const rows = this.groups.get(key) ?? [];
    this.groups.delete(key);
    return rows.map((p) => this.packing.unpack(p));
  }

  async close(): Promise<void> {
    this.groups.clear();
  }
}

/**
 * The merge-join of several key-ordered sources: for each key, in ascending order, the rows every
 * source has for it (an empty array where it has none). Holds one key's rows at a time.
 */
export async function* mergeJoin<R>(sources: KeyedRows<R>[]): AsyncGenerator<{ key: string; groups: R[][] }> {
  try {
    for (;;) {
      let min: string | undefined;
      for (const s of sources) {
        const k = s.key();
        if (k !== undefined && (min === undefined || compareKeys(k, min) < 0)) min = k;
      }
      if (min === undefined) return;
      const groups: R[][] = [];
      for (const s of sources) groups.push(s.key() === min ? await s.take(min) : []);
      yield { key: min, groups };
    }
  } finally {
    for (const s of sources) await s.close();
  }
}
