/**
 * Datumaro's side files for items that are not MNIST's own (not in the original dataset): per item, its
 * id, its image size, or both, when the ids are not 0, 1, 2, ... or an image is not 28x28.
 * - `mnist`: `<subset>-meta.gz`, a NumPy `<U32` array's bytes (each cell 32 UTF-32LE code points,
 *   NUL-padded), one row of cells per item;
 * - `mnist_csv`: `meta_<subset>.csv`, one line per item.
 * A row is [id], [height, width] or [id, height, width] (Datumaro's exporter calls them w, h but writes
 * the array's shape, rows first, and its importer reads them as height, width).
 */
import { DatasetError } from '@labelport/core';

/** MNIST's image size, the one the files have without a meta file. */
export const MNIST_SIZE = 28;
/** Code points in one cell of a `<U32` array. */
export const CELL_CHARS = 32;
const CELL_BYTES = CELL_CHARS * 4;

/** What a meta row says of one item. */
export interface MetaRow {
  id?: string;
  height?: number;
  width?: number;
}

function sizeOf(value: string, file: string, place: string): number {
  const n = Number(value.trim());
  if (!Number.isSafeInteger(n) || n < 0 || value.trim() === '') {
    throw new DatasetError('bad-value', `an image size must be a whole number >= 0, got '${value}'`, {
      file,
      place,
    });
  }
  return n;
}

/** A row of 1, 2 or 3 cells as what it says ([id], [h, w], [id, h, w]). */
export function metaRowOf(cells: string[], file: string, place: string): MetaRow {
  if (cells.length === 1) return { id: cells[0]! };
  if (cells.length === 2)
    return { height: sizeOf(cells[0]!, file, place), width: sizeOf(cells[1]!, file, place) };
  if (cells.length === 3) {
    return { id: cells[0]!, height: sizeOf(cells[1]!, file, place), width: sizeOf(cells[2]!, file, place) };
  }
  throw new DatasetError(
    'bad-field',
    `${cells.length} values: a meta row is id, height,width or id,height,width`,
    {
      file,
      place,
    },
  );
}

function decodeCell(bytes: Uint8Array, at: number): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, CELL_BYTES);
  let s = '';
  for (let k = 0; k < CELL_CHARS; k++) {
    const cp = view.getUint32(4 * k, true);
    if (cp === 0) break;
    if (cp > 0x10ffff)
      throw new DatasetError('bad-binary', `code point ${cp} is not Unicode`, {
        place: `byte ${at + 4 * k}`,
      });
    s += String.fromCodePoint(cp);
  }
  return s;
}

/** The rows of a `<subset>-meta.gz` array (inflated) for `count` items. */
export function parseU32Meta(bytes: Uint8Array, count: number, file: string): MetaRow[] {
  const cells = bytes.length / CELL_BYTES;
  const columns = count > 0 ? cells / count : 0;
  if (!Number.isInteger(cells) || !Number.isInteger(columns) || columns < 1 || columns > 3) {
    throw new DatasetError(
      'bad-binary',
      `${bytes.length} bytes are not 1 to 3 cells of ${CELL_BYTES} bytes (<U32) for each of the ${count} items`,
      { file },
    );
  }
  const rows: MetaRow[] = [];
  for (let i = 0; i < count; i++) {
    const row: string[] = [];
    for (let c = 0; c < columns; c++) {
      const at = (i * columns + c) * CELL_BYTES;
      try {
        row.push(decodeCell(bytes, at));
      } catch (e) {
        throw e instanceof DatasetError ? e.withLocation(file) : e;
      }
    }
    rows.push(metaRowOf(row, file, `row ${i}`));
  }
  return rows;
}

/** Rows of cells as a `<U32` array's bytes (cells of more than 32 code points must have been cut). */
export function formatU32Meta(rows: string[][]): Uint8Array {
  const columns = rows[0]?.length ?? 0;
  const out = new Uint8Array(rows.length * columns * CELL_BYTES);
  const view = new DataView(out.buffer);
  rows.forEach((row, i) => {
    row.forEach((cell, c) => {
      let k = 0;
      for (const ch of cell) {
        if (k === CELL_CHARS) break;
        view.setUint32((i * columns + c) * CELL_BYTES + 4 * k++, ch.codePointAt(0)!, true);
      }
    });
  });
  return out;
}

/** An item as the writer saw it: its id and its image's size (undefined without an image). */
export interface WrittenItem {
  id: string;
  size?: { height: number; width: number };
}

/**
 * The meta rows for a subset's items, or undefined when MNIST's own files say it all (ids 0, 1, 2, ...
 * and every image 28x28): [id], [h, w] or [id, h, w] as Datumaro writes them. An item without an image,
 * among items with one, has the size 0x0.
 */
export function metaRowsOf(items: WrittenItem[], withImages: boolean): string[][] | undefined {
  const ids = items.some((it, i) => it.id !== String(i));
  const sizes =
    withImages && items.some((it) => it.size?.height !== MNIST_SIZE || it.size?.width !== MNIST_SIZE);
  if (!ids && !sizes) return undefined;
  return items.map((it) => {
    const hw = [String(it.size?.height ?? 0), String(it.size?.width ?? 0)];
    return ids && sizes ? [it.id, ...hw] : ids ? [it.id] : hw;
  });
}
