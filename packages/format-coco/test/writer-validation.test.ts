import { type AttributeValue, bitmapMask, Dataset, memorySink } from '@labelport/core';
import { writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { cocoInstances, cocoLabels } from '../src/index.js';

// LFW's reader keeps its pair lists as arrays: a value the model does not allow, and COCO's readers refuse.
const pairs = ['b/0002'] as unknown as AttributeValue;

const source = () =>
  new Dataset({ labels: [{ name: 'person' }] }, [
    {
      id: 'a',
      subset: 'test',
      media: { kind: 'image', path: 'a.jpg', width: 4, height: 3 },
      attributes: {},
      annotations: [
        { type: 'label', label: 0, attributes: { positive_pairs: pairs, note: 'kept', n: 0 } },
        {
          type: 'bbox',
          x: 0,
          y: 0,
          w: 1,
          h: 1,
          label: 0,
          attributes: { nested: { a: 1 } as never, ok: false },
        },
      ],
    },
  ]);

describe('coco writers: attribute values that are not string, number or boolean', () => {
  for (const [format, kept] of [
    [cocoLabels, { note: 'kept', n: 0 }],
    [cocoInstances, { ok: false }],
  ] as const) {
    it(`${format.id}: drops and reports them, so that the output reads back`, async () => {
      const { dataset, report } = await writeAndReadBack(format, source());
      expect(report.dropped.attribute).toBe(1);
      expect(report.warnings).toContain(
        'attribute values that are not a string, number or boolean were dropped',
      );
      const [ann] = dataset.get('test', 'a')!.annotations;
      expect(ann!.attributes).toMatchObject(kept);
      expect(Object.keys(ann!.attributes)).not.toContain('positive_pairs');
      expect(Object.keys(ann!.attributes)).not.toContain('nested');
    });
  }
});

describe('coco writers: a mask that does not fit its image', () => {
  it('is refused on writing (a DatasetError), not written for the reader to refuse', async () => {
    const ds = new Dataset({ labels: [{ name: 'person' }] }, [
      {
        id: 'a',
        subset: 'train',
        media: { kind: 'image', path: 'a.jpg', width: 20, height: 10 },
        attributes: {},
        annotations: [
          {
            type: 'mask',
            label: 0,
            mask: bitmapMask({ width: 7, height: 1, data: new Uint8Array(7).fill(1) }),
            attributes: {},
          },
        ],
      },
    ]);
    await expect(cocoInstances.write!(ds, memorySink())).rejects.toMatchObject({
      code: 'bad-value',
      message: expect.stringMatching(/a mask is 7x1, the image 20x10/),
    });
  });
});
