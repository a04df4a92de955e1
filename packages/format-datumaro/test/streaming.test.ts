import type { DatasetSource } from '@labelport/core';
import { memoryTree } from '@labelport/core';
import { streamOnly } from '@labelport/core/json';
import { expect, it } from 'vitest';
import { datumaro } from '../src/index.js';

const item = (i: number) => ({
  id: `img${i}`,
  annotations: [{ id: i, type: 'bbox', group: 0, label_id: i % 2, bbox: [i, 2, 3, 4], attributes: {} }],
  attr: { note: 'é ] } "quoted"' },
});
const all = async (source: DatasetSource) => {
  const out = [];
  for await (const x of source.items()) out.push(x);
  return out;
};
const categories = { label: { labels: [{ name: 'cat' }, { name: 'dog' }], attributes: [] } };

it('streams items without reading the file whole, categories after items included', async () => {
  const items = Array.from({ length: 50 }, (_, i) => item(i));
  const tree = streamOnly(
    memoryTree({
      'annotations/train.json': JSON.stringify({ items, categories, infos: { a: 1 } }, null, 2),
    }),
  );
  const source = await datumaro.read!(tree);
  expect(source.categories.labels.map((l) => l.name)).toEqual(['cat', 'dog']);
  expect(source.infos).toEqual({ a: 1 });
  const read = await all(source);
  expect(read.map((x) => x.id)).toEqual(items.map((x) => x.id));
  expect(read[7]!.annotations[0]).toMatchObject({ type: 'bbox', label: 1, x: 7 });
  expect(read[7]!.attributes).toEqual({ note: 'é ] } "quoted"' });
});

it('a broken item names the item and the line', async () => {
  const text = `{"infos": {}, "categories": ${JSON.stringify(categories)},\n"items": [\n${JSON.stringify(item(0))},\n{"id": "x", "annotations": [1 2]}\n]}`;
  const source = await datumaro.read!(streamOnly(memoryTree({ 'annotations/a.json': text })));
  await expect(all(source)).rejects.toThrow(
    /^annotations\/a\.json: items\[1\] \(line 4, column 1, byte \d+\): invalid JSON/,
  );
});

it('a bracket that does not match is found in the items, even while only skipping them', async () => {
  const text = `{"items": [\n{"id": "x", "annotations": [}\n]}`;
  await expect(datumaro.read!(streamOnly(memoryTree({ 'annotations/a.json': text })))).rejects.toThrow(
    `annotations/a.json: line 2, column 29 (byte 40): invalid JSON: unexpected "}", expected ']'`,
  );
});
