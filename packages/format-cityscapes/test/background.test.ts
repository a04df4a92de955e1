import { bitmapMask, Dataset, loadMask } from '@labelport/core';
import { writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { cityscapes } from '../src/index.js';

const bits = (width: number, data: number[]) =>
  bitmapMask({ width, height: data.length / width, data: Uint8Array.from(data) });

// As COCO-Stuff reads: instance masks (ids 10 and 11) of labels 0 and 1, no colours, no background.
const source = () =>
  new Dataset({ labels: [{ name: 'banner' }, { name: 'other' }] }, [
    {
      id: 'a',
      subset: 'val',
      attributes: {},
      media: { kind: 'image', width: 3, height: 2 },
      annotations: [
        { type: 'mask', id: 10, label: 0, mask: bits(3, [1, 0, 0, 1, 0, 0]), attributes: {} },
        { type: 'mask', id: 11, label: 1, mask: bits(3, [0, 1, 1, 0, 1, 1]), attributes: {} },
      ],
    },
  ]);

describe('cityscapes: instances of label 0', () => {
  it('writes them as the label without instance (reported), not as another label', async () => {
    const { dataset, report } = await writeAndReadBack(cityscapes, source());
    expect(report.converted).toEqual({ 'mask->mask': 1 });
    expect(report.warnings).toContain('instance masks of label 0 were written as its crowd mask');
    const anns = dataset.get('val', 'a')!.annotations;
    expect(anns.map((a) => [a.label, a.id, a.attributes.is_crowd])).toEqual([
      [0, undefined, true],
      [1, 11, false],
    ]);
    const zero = anns[0]!;
    if (zero.type !== 'mask') throw new Error('not a mask');
    expect([...(await loadMask(zero.mask)).data].map((v) => (v ? 1 : 0))).toEqual([1, 0, 0, 1, 0, 0]);
  });
});
