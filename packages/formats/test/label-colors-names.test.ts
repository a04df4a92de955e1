/**
 * CamVid, Cityscapes and KITTI segmentation share core's label_colors.txt reader and writer. COCO's
 * and Open Images' names hold spaces: each must read back the names it wrote.
 */
import { bitmapMask, Dataset } from '@labelport/core';
import { writeAndReadBack } from '@labelport/core/testing';
import { camvid } from '@labelport/format-camvid';
import { cityscapes } from '@labelport/format-cityscapes';
import { kittiSegmentation } from '@labelport/format-kitti';
import { describe, expect, it } from 'vitest';

const source = () =>
  new Dataset({ labels: [{ name: 'traffic light' }, { name: 'fire hydrant' }] }, [
    {
      id: 'a',
      subset: 'train',
      attributes: {},
      media: { kind: 'image', width: 2, height: 1 },
      annotations: [
        {
          type: 'mask',
          label: 1,
          mask: bitmapMask({ width: 2, height: 1, data: Uint8Array.of(1, 0) }),
          attributes: {},
        },
      ],
    },
  ]);

describe('label_colors.txt with label names that hold spaces', () => {
  for (const format of [camvid, cityscapes, kittiSegmentation]) {
    it(`${format.id}: reads back the names it wrote, and warns that Datumaro reads one word`, async () => {
      const { dataset, report, tree } = await writeAndReadBack(format, source());
      expect(new TextDecoder().decode(await tree.read('label_colors.txt'))).toContain(' fire hydrant\n');
      const names = dataset.categories.labels.map((l) => l.name);
      expect(names).toEqual(expect.arrayContaining(['traffic light', 'fire hydrant']));
      const anns = [...dataset].flatMap((i) => i.annotations);
      expect(anns.map((a) => names[a.label!])).toContain('fire hydrant');
      expect(report.warnings.join('\n')).toMatch(/label name\(s\) hold spaces/);
    });
  }
});
