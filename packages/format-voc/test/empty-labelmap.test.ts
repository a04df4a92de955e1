/** A dataset without labels: every VOC writer writes a label map with no entries, which reads back. */
import { Dataset, memoryTree } from '@labelport/core';
import { readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { vocAction, vocClassification, vocDetection, vocLayout } from '../src/index.js';

const unlabelled = () =>
  new Dataset({ labels: [] }, [
    {
      id: 'a',
      subset: 'train',
      media: { kind: 'image', path: 'a.jpg', width: 4, height: 3 },
      attributes: {},
      annotations: [],
    },
  ]);

describe('voc: a label map with no labels', () => {
  for (const format of [vocClassification, vocDetection, vocLayout, vocAction]) {
    it(`${format.id}: written for a dataset without labels, reads back with none`, async () => {
      const { dataset, report, tree } = await writeAndReadBack(format, unlabelled());
      expect(report.dropped).toEqual({});
      expect(new TextDecoder().decode(await tree.read('labelmap.txt'))).toBe(
        '# label:color_rgb:parts:actions\n',
      );
      expect(dataset.categories.labels).toEqual([]);
      expect([...dataset].map((i) => `${i.subset}/${i.id}`)).toEqual(['train/a']);
    });
  }

  it("reads Datumaro's header-only labelmap.txt as no labels, not VOC's default 22", async () => {
    const ds = await readAll(
      vocDetection,
      memoryTree({
        'labelmap.txt': '# label:color_rgb:parts:actions\n',
        'ImageSets/Main/train.txt': 'a\n',
        'Annotations/a.xml': '<annotation><filename>a.jpg</filename></annotation>',
      }),
    );
    expect(ds.categories.labels).toEqual([]);
    expect(ds.size).toBe(1);
  });
});
