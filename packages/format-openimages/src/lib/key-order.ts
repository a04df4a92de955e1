import type { FileTree } from '@labelport/core';

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
  let prev = new Uint8Array(64);
  let prevLen = -1; // -1: no key seen yet
  let cur = new Uint8Array(64);
  let curLen = 0;
  let field = 0;
  let inQuotes = false;
  let quotePending = false; // saw a quote inside a quoted field: either "" or the end of quoting
  let recordHasData = false;
  let skipping = header;

  const endRecord = (): boolean => {
    if (!recordHasData) return true; // an empty line
    recordHasData = false;
    field = 0;
    if (skipping) {
      skipping = false;
      curLen = 0;
      return true;
    }
    if (prevLen >= 0 && compareBytes(cur, curLen, prev, prevLen) < 0) return false;
    const t = prev;
    prev = cur;
    prevLen = curLen;
    cur = t;
    curLen = 0;
    return true;
  };
  const pushKeyByte = (b: number) => {
    if (curLen === cur.length) {
      const bigger = new Uint8Array(cur.length * 2);
      bigger.set(cur);
      cur = bigger;
    }
    cur[curLen++] = b;
  };

  let first = true;
  for await (const chunk of tree.stream(path)) {
    let start = 0;
    if (first && chunk.length > 0) {
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) start = 3; // a BOM
    }
    for (let i = start; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (inQuotes) {
        if (quotePending) {
          quotePending = false;
          if (b === 0x22) {
            if (field === column) pushKeyByte(b);
            continue;
          }
          inQuotes = false; // fall through: this byte is outside the quotes
        } else if (b === 0x22) {
          quotePending = true;
          continue;
        } else {
          if (field === column) pushKeyByte(b);
          continue;
        }
      }
      if (b === 0x22) {
        inQuotes = true;
        recordHasData = true;
      } else if (b === 0x2c) {
        field++;
        recordHasData = true;
      } else if (b === 0x0a) {
        if (!endRecord()) return false;
      } else if (b === 0x0d) {
        // part of a line end
      } else {
        recordHasData = true;
        if (field === column) pushKeyByte(b);
      }
    }
  }
  return endRecord();
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
