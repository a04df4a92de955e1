/**
 * Every value of the fixture project's meta.json and annotation file replaced, one at a time, by an
 * odd one: the read (all items, all masks loaded) succeeds or fails with a one-line DatasetError,
 * never with another error.
 */
import { isDatasetError, loadMask, memoryTree } from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { supervisely } from '../src/supervisely.js';
import { ANN_0748, dumps, META, projectFiles } from './fixtures.js';

const ODD: unknown[] = [null, -1, 1e300, 0.5, 'x', '', [], {}, true, [[1]], { loc: 3 }];

/** Paths of every value in a JSON document (objects and lists included). */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [at];
  if (Array.isArray(v)) v.forEach((x, i) => void out.push(...paths(x, [...at, i])));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

function replaced(doc: unknown, at: (string | number)[], value: unknown): unknown {
  if (at.length === 0) return value;
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let o = copy;
  for (const k of at.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[at.at(-1)!] = value;
  return copy;
}

async function readThrough(files: Record<string, string | Uint8Array>): Promise<unknown> {
  try {
    const ds = await readAll(supervisely, memoryTree(files));
    for (const item of ds) for (const a of item.annotations) if (a.type === 'mask') await loadMask(a.mask);
    return undefined;
  } catch (e) {
    return e;
  }
}

describe('odd values', () => {
  for (const [name, file, doc] of [
    ['meta.json', 'meta.json', META],
    ['an annotation file', 'ds1/ann/IMG_0748.jpeg.json', ANN_0748],
  ] as const) {
    it(`${name}: every value replaced by an odd one reads or fails with a DatasetError`, async () => {
      const bad: string[] = [];
      for (const at of paths(doc)) {
        for (const value of ODD) {
          const error = await readThrough({ ...projectFiles(), [file]: dumps(replaced(doc, at, value)) });
          if (error === undefined) continue;
          const ok = isDatasetError(error) && !(error as Error).message.includes('\n');
          if (!ok) bad.push(`${at.join('.')} = ${JSON.stringify(value)}: ${String(error)}`);
        }
      }
      expect(bad).toEqual([]);
    });
  }
});
