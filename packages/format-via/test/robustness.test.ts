// Hostile files: every value of a real-shaped VIA project (and of the annotations alone) replaced, one
// at a time, by something odd. Each must read, or fail with a one-line DatasetError (never a TypeError).
import { isDatasetError, memoryTree } from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { via } from '../src/via.js';
import { CSV, IMG_METADATA, PROJECT } from './fixtures.js';

const ODD: unknown[] = [null, -1, 0, 1e308, 'x', '', [], {}, [[1]], true, 2 ** 40, -0.5, { name: 'rect' }];

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
    await readAll(via, memoryTree(files), options);
  } catch (e) {
    if (!isDatasetError(e)) throw e;
    expect((e as Error).message).not.toContain('\n');
  }
}

it('a project with any one value replaced by an odd one reads or fails with a DatasetError', async () => {
  const all = paths(PROJECT);
  for (const [i, at] of all.entries()) {
    for (const k of [i, i + 5]) {
      const doc = replaced(PROJECT, at, ODD[k % ODD.length]);
      await readsOrFailsLoudly({ 'p.json': JSON.stringify(doc) }, { labelAttribute: 'type' });
      await readsOrFailsLoudly({ 'p.json': JSON.stringify(doc) }, { lenient: true });
    }
  }
  expect(all.length).toBeGreaterThan(100);
});

it('the annotations alone, and a CSV with any one cell replaced, read or fail with a DatasetError', async () => {
  for (const [i, at] of paths(IMG_METADATA).entries()) {
    await readsOrFailsLoudly({
      'a.json': JSON.stringify(replaced(IMG_METADATA, at, ODD[(i * 7) % ODD.length])),
    });
  }
  const lines = CSV.split('\n');
  for (let l = 1; l < lines.length; l++) {
    const cells = lines[l]!.split(',');
    for (let c = 0; c < cells.length; c++) {
      for (const odd of ['', 'x', '"', '"{""name"":""circle""}"', '-1', '1e999']) {
        const row = [...cells];
        row[c] = odd;
        const text = [...lines.slice(0, l), row.join(','), ...lines.slice(l + 1)].join('\n');
        await readsOrFailsLoudly({ 'v.csv': text });
      }
    }
  }
});
