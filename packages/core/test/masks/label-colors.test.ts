import { expect, it } from 'vitest';
import { formatLabelColors, labelMapCategories, labelMapOf, parseLabelColors } from '../../src/meta/index.js';

it('label_colors.txt: reads R G B name lines and bare names, writes them back, makes categories', () => {
  const map = parseLabelColors('# comment\n128 64 128 road\n\ncar\n', 'label_colors.txt');
  expect(map).toEqual([
    ['road', [128, 64, 128]],
    ['car', undefined],
  ]);
  expect(formatLabelColors([['road', [128, 64, 128]]])).toBe('128 64 128 road\n');
  const cats = labelMapCategories(map);
  expect(cats.labels.map((l) => l.name)).toEqual(['road', 'car']);
  expect([...cats.colors!]).toEqual([[0, [128, 64, 128]]]);
  // without any colour, VOC's colormap (as Datumaro)
  expect(
    labelMapCategories([
      ['a', undefined],
      ['b', undefined],
    ]).colors!.get(1),
  ).toEqual([128, 0, 0]);
  expect(labelMapOf({ labels: [{ name: 'x' }] })).toEqual([['x', [0, 0, 0]]]);
});
