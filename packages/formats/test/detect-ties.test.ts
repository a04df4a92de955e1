import { memoryTree } from '@labelport/core';
import { registry } from 'labelport';
import { expect, it } from 'vitest';

it('a Cityscapes-VPS tree is cityscapes_vps, not COCO panoptic (its JSON is named panoptic_*_city_vps.json)', async () => {
  const tree = memoryTree({
    'val/panoptic_video/0005_0025_frankfurt_000000_001736_gtFine_final_mask.png': new Uint8Array(8),
    'panoptic_gt_val_city_vps.json': '{"images": [], "annotations": [], "categories": []}',
  });
  const { matches } = await registry.detect(tree);
  expect(matches[0]?.id).toBe('cityscapes_vps');
  expect(matches.filter((m) => m.confidence === matches[0]!.confidence)).toHaveLength(1);
});
