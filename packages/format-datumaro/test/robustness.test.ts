// Regression tests from the fuzzing (issue 12): JSON nested 200,000 deep overflowed the stack
// on reading and on writing back; it is a one-line DatasetError naming the file.
import { isDatasetError, memoryTree } from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { datumaro } from '../src/index.js';

it.each([
  ['an item attribute', (deep: string) => `{"items":[{"id":"a","annotations":[],"attr":{"x":${deep}}}]}`],
  ['the categories', (deep: string) => `{"categories":{"label":{"labels":${deep}}},"items":[]}`],
  [
    'an annotation',
    (deep: string) => `{"items":[{"id":"a","annotations":[{"type":"bbox","bbox":${deep}}]}]}`,
  ],
])('JSON nested 200,000 deep in %s is a one-line DatasetError', async (_what, make) => {
  const n = 200_000;
  const tree = memoryTree({ 'annotations/default.json': make('['.repeat(n) + ']'.repeat(n)) });
  const err = await readAll(datumaro, tree).catch((e) => e);
  expect(isDatasetError(err), String(err)).toBe(true);
  expect(err.message).toMatch(/^annotations\/default\.json: /);
  expect(err.message).not.toContain('\n');
});
