import { it } from 'vitest';
import { createRegistry } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import { countAnnotations, readAll } from '@labelport/core/testing';
import { formats } from '../src/index.js';

it('scratch', async () => {
  const reg = createRegistry(formats);
  for (const v of ['coco', 'coco_instances', 'coco_person_keypoints', 'coco_captions', 'coco_labels', 'coco_image_info', 'coco_panoptic', 'coco_stuff', 'coco_roboflow', 'mmdet_coco']) {
    const tree = directoryTree(`/work/shared/fixtures/datumaro/coco_dataset/${v}`);
    const det = await reg.detect(tree);
    const best = det.matches[0];
    const f = reg.get(best.id);
    const ds = await readAll(f, best.root ? tree.sub(best.root) : tree);
    console.log(v, JSON.stringify(det.matches.slice(0, 3)), ds.size, JSON.stringify(countAnnotations(ds)), ds.categories.labels.map((l) => l.name).join(','), [...ds].map(i => i.media?.path + ' ' + i.media?.width + 'x' + i.media?.height).join(' | '));
  }
});
