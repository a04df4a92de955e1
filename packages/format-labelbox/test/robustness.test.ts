// Hostile files: every value of a real-shaped export row, and of the import lines, replaced one at a
// time by something odd. Each must read, or fail with a one-line DatasetError (never a TypeError),
// and its masks load or fail the same way.
import { isDatasetError, loadMask, memoryTree } from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { labelbox } from '../src/labelbox.js';
import { DATA_ROWS, exportLine, IMPORT_LINES, ROW_1 } from './fixtures.js';

const ODD: unknown[] = [
  null,
  -1,
  0,
  1e308,
  'x',
  '',
  [],
  {},
  [[1]],
  true,
  2 ** 40,
  -0.5,
  { png: 'iVBORw0KGgo=' },
];

/** Paths to every value of a JSON document. */
function paths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => void paths(x, [...at, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

function replaced(doc: unknown, at: (string | number)[], value: unknown): unknown {
  if (at.length === 0) return value;
  const copy: any = structuredClone(doc);
  let o = copy;
  for (const k of at.slice(0, -1)) o = o[k];
  o[at[at.length - 1]!] = value;
  return copy;
}

async function readsOrFailsLoudly(files: Record<string, string>, options: object = {}) {
  try {
    const ds = await readAll(labelbox, memoryTree(files), options);
    for (const item of ds) {
      for (const a of item.annotations) {
        if (a.type !== 'mask') continue;
        try {
          await loadMask(a.mask);
        } catch (e) {
          if (!isDatasetError(e)) throw e;
        }
      }
    }
  } catch (e) {
    if (!isDatasetError(e)) throw e;
    expect((e as Error).message).not.toContain('\n');
  }
}

it('an export row with any one value replaced by an odd one reads or fails with a DatasetError', async () => {
  const all = paths(ROW_1);
  for (const [i, at] of all.entries()) {
    for (const k of [i, i + 5]) {
      const line = exportLine(replaced(ROW_1, at, ODD[k % ODD.length]));
      await readsOrFailsLoudly({ 'e.ndjson': line });
      await readsOrFailsLoudly({ 'e.ndjson': line }, { lenient: true });
    }
  }
  expect(all.length).toBeGreaterThan(150);
});

it('import lines and data rows with any one value replaced read or fail with a DatasetError', async () => {
  for (const [i, at] of paths(IMPORT_LINES).entries()) {
    const lines = replaced(IMPORT_LINES, at, ODD[(i * 7) % ODD.length]);
    const text = Array.isArray(lines)
      ? lines.map((l) => JSON.stringify(l)).join('\n')
      : JSON.stringify(lines);
    await readsOrFailsLoudly({ 'a.ndjson': text, 'data_rows.json': JSON.stringify(DATA_ROWS) });
  }
  for (const [i, at] of paths(DATA_ROWS).entries()) {
    const rows = JSON.stringify(replaced(DATA_ROWS, at, ODD[(i * 3) % ODD.length]));
    await readsOrFailsLoudly({ 'a.ndjson': JSON.stringify(IMPORT_LINES[0]), 'data_rows.json': rows });
  }
});
