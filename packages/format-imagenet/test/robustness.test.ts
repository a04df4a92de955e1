// Regression tests from the fuzzer (tooling/fuzz): a huge label id is an error, not an endless fill.
import { memoryTree } from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { imagenetTxt } from '../src/index.js';

const png = new Uint8Array([1]);

it('a label id of 170 digits (no synsets.txt, names generated) is a bad line', async () => {
  const tree = memoryTree({ 'train.txt': `a.png 0\nb.png ${'9'.repeat(170)}\n`, 'images/a.png': png });
  await expect(readAll(imagenetTxt, tree)).rejects.toMatchObject({
    code: 'bad-line',
    message: expect.stringMatching(/^train\.txt: line 2: label id 9+ is too large$/),
  });
});

it('a label id past the names that may be generated is too-large, not an out-of-memory', async () => {
  const tree = memoryTree({ 'train.txt': 'a.png 4000000000\n', 'images/a.png': png });
  await expect(readAll(imagenetTxt, tree)).rejects.toMatchObject({ code: 'too-large' });
});
