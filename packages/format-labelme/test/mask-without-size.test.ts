import { bitmapMask, Dataset, loadMask } from '@labelport/core';
import { writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { labelmeJson } from '../src/index.js';

// Masks read from CamVid, ADE20K or ICDAR without image headers: the media has no size, the mask has.
const source = () =>
  new Dataset({ labels: [{ name: 'road' }] }, [
    {
      id: 'a',
      subset: 'default',
      media: { kind: 'image', path: 'a.png' },
      attributes: {},
      annotations: [
        {
          type: 'mask',
          label: 0,
          mask: bitmapMask({ width: 3, height: 2, data: Uint8Array.of(0, 1, 1, 0, 0, 1) }),
          attributes: {},
        },
      ],
    },
  ]);

describe('labelme_json: a mask of an item whose media has no size', () => {
  it("writes the mask's size as the image size, so that the mask reads back", async () => {
    const { dataset, report, tree } = await writeAndReadBack(labelmeJson, source());
    expect(report.dropped).toEqual({});
    const doc = JSON.parse(new TextDecoder().decode(await tree.read('a.json')));
    expect([doc.imageWidth, doc.imageHeight]).toEqual([3, 2]);
    const [ann] = dataset.get('default', 'a')!.annotations;
    if (ann?.type !== 'mask') throw new Error('not a mask');
    expect([...(await loadMask(ann.mask)).data].map((v) => (v ? 1 : 0))).toEqual([0, 1, 1, 0, 0, 1]);
  });
});
