// Hostile exports: every value of a real-shaped export replaced, one at a time, by something odd. Each
// must read, or fail with a DatasetError (never a TypeError), and its masks load or fail the same way.
import { isDatasetError, loadMask, memoryTree } from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { labelStudio } from '../src/index.js';
import { dumps, JSON_MIN, TASK_1, TASK_2 } from './fixtures.js';

const ODD: unknown[] = [null, -1, 0, 1e308, 'x', '', [], {}, [[1]], true, 2 ** 40, -0.5];

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

async function readsOrFailsLoudly(doc: unknown, name: string) {
  try {
    const ds = await readAll(labelStudio, memoryTree({ [name]: dumps(doc) }), { predictions: 'all' });
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

it('an export with any one value replaced by an odd one reads or fails with a DatasetError', async () => {
  const doc = [TASK_1, TASK_2];
  const all = paths(doc);
  let n = 0;
  for (const [i, at] of all.entries()) {
    for (const k of [i, i + 5])
      await readsOrFailsLoudly(replaced(doc, at, ODD[k % ODD.length]), 'export.json');
    n++;
  }
  expect(n).toBeGreaterThan(200);
});

it('a JSON-MIN export with any one value replaced reads or fails with a DatasetError', async () => {
  const all = paths(JSON_MIN);
  for (const [i, at] of all.entries())
    await readsOrFailsLoudly(replaced(JSON_MIN, at, ODD[(i * 7) % ODD.length]), 'r.json');
});
