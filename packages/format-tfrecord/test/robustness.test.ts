// Regression tests from the fuzzer (tooling/fuzz): a label map nested 20,000 deep overflowed the stack.
import { expect, it } from 'vitest';
import { parseLabelMap } from '../src/lib/label-map-pbtxt.js';

it('a label_map.pbtxt nested deeper than limits.maxDepth is DatasetError too-large, not a RangeError', () => {
  const n = 20_000;
  const text = `item { id: 1 name: "a" x ${'{ y '.repeat(n)}${'}'.repeat(n)} }\n`;
  expect(() => parseLabelMap(text, 'label_map.pbtxt')).toThrow(
    expect.objectContaining({
      code: 'too-large',
      message: expect.stringMatching(/^label_map\.pbtxt: line 1: nested/),
    }),
  );
  const lists = `item { id: 1 name: "a" x: ${'['.repeat(n)}${']'.repeat(n)} }\n`;
  expect(() => parseLabelMap(lists, 'label_map.pbtxt')).toThrow(
    expect.objectContaining({ code: 'too-large' }),
  );
  expect(parseLabelMap('item { id: 1 name: "a" x { y { z: 1 } } }', 'l')).toEqual([{ id: 1, name: 'a' }]);
});
