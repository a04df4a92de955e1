import type { FileTree } from '@labelport/core';

/** The key column of each record as bytes, checked to never go down; one record's state at a time. */
class KeyOrderScan {
  private prev = new Uint8Array(64);
  private prevLen = -1; // -1: no key seen yet
  private cur = new Uint8Array(64);
  private curLen = 0;
  field = 0;
  inQuotes = false;
  /** Saw a quote inside a quoted field: either "" or the end of quoting. */
  quotePending = false;
  recordHasData = false;
  private skipping: boolean;

  constructor(
    readonly column: number,
    header: boolean,
  ) {
    this.skipping = header;
  }

  /** The end of a record: false when its key is below the one before. */
  endRecord(): boolean {
    if (!this.recordHasData) return true; // an empty line
    this.recordHasData = false;
    this.field = 0;
    if (this.skipping) {
      this.skipping = false;
      this.curLen = 0;
      return true;
    }
    if (this.prevLen >= 0 && compareBytes(this.cur, this.curLen, this.prev, this.prevLen) < 0) return false;
    const t = this.prev;
    this.prev = this.cur;
    this.prevLen = this.curLen;
    this.cur = t;
    this.curLen = 0;
    return true;
  }

  pushKeyByte(b: number): void {
    if (this.curLen === this.cur.length) {
      const bigger = new Uint8Array(this.cur.length * 2);
      bigger.set(this.cur);
      this.cur = bigger;
    }
    this.cur[this.curLen++] = b;
  }

  /** Scans `chunk` from `start`; false once a record is out of order. */
  scan(chunk: Uint8Array, start: number): boolean {
    const column = this.column;
    for (let i = start; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (b === 0x22) {
            if (this.field === column) this.pushKeyByte(b);
            continue;
          }
          this.inQuotes = false; // fall through: this byte is outside the quotes
        } else if (b === 0x22) {
          this.quotePending = true;
          continue;
        } else {
          if (this.field === column) this.pushKeyByte(b);
          continue;
        }
      }
      if (b === 0x22) {
        this.inQuotes = true;
        this.recordHasData = true;
      } else if (b === 0x2c) {
        this.field++;
        this.recordHasData = true;
      } else if (b === 0x0a) {
        if (!this.endRecord()) return false;
      } else if (b !== 0x0d) {
        // (a CR is part of a line end)
        this.recordHasData = true;
        if (this.field === column) this.pushKeyByte(b);
      }
    }
    return true;
  }
}

/**
 * Whether a CSV file's records are sorted (non-strictly, by byte order) on one column, found by one
 * fast pass over the bytes that honours RFC 4180 quoting but builds no records. Open Images ships
 * every annotation file sorted by ImageID, so this normally says yes and the reader can merge-join
 * the files without holding any of them.
 *
 * `column` is the 0-based column index; the first record (the header) is skipped when `header` is true.
 */
export async function isSortedOnColumn(
  tree: FileTree,
  path: string,
  column: number,
  header = true,
): Promise<boolean> {
  const scan = new KeyOrderScan(column, header);
  let first = true;
  for await (const chunk of tree.stream(path)) {
    let start = 0;
    if (first && chunk.length > 0) {
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) start = 3; // a BOM
    }
    if (!scan.scan(chunk, start)) return false;
  }
  return scan.endRecord();
}

function compareBytes(a: Uint8Array, aLen: number, b: Uint8Array, bLen: number): number {
  const n = Math.min(aLen, bLen);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return aLen - bLen;
}

/** Byte-order comparison of two strings (what `sort` on a file of hex ids gives). */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
