// The layouts COCO comes in: a zip archive, a single JSON file, a dataset one folder down.
import { buildZip, bytesAccess, createRegistry, zipTree } from '@labelport/core';
import { countAnnotations, readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { formats } from '../src/index.js';
import { cocoTree, instancesTrain } from './fixtures/samples.js';

const registry = createRegistry(formats);

async function detectAndRead(tree: Awaited<ReturnType<typeof zipTree>>) {
  const { matches } = await registry.detect(tree);
  const best = matches[0];
  return { id: best.id, root: best.root, ds: await readAll(registry.get(best.id), best.root ? tree.sub(best.root) : tree) };
}

describe('COCO layouts', () => {
  it('a zip archive with the dataset one folder down', async () => {
    const zip = buildZip({ 'export/annotations/instances_val2017.json': JSON.stringify(instancesTrain), 'export/images/val2017/a.jpg': 'x' });
    const { id, root, ds } = await detectAndRead(await zipTree(bytesAccess(zip), 'export.zip'));
    expect([id, root]).toEqual(['coco_instances', 'export']);
    expect(ds.subsets()).toEqual(['val2017']);
    expect(countAnnotations(ds)).toEqual({ polygon: 2, mask: 2, bbox: 4 });
    expect(ds.get('val2017', 'a')?.media?.path).toBe('images/val2017/a.jpg');
    expect(await ds.get('val2017', 'a')?.media?.bytes?.()).toEqual(new TextEncoder().encode('x'));
  });

  it('a single annotation file named as COCO names them', async () => {
    const { id, ds } = await detectAndRead(cocoTree({ 'instances_val2017.json': instancesTrain }));
    expect(id).toBe('coco_instances');
    expect(ds.subsets()).toEqual(['val2017']);
    // no image: the paths point beside the file, and there are no bytes
    expect(ds.get('val2017', 'a')?.media).toMatchObject({ path: 'a.jpg', width: 4, height: 3 });
    expect(ds.get('val2017', 'a')?.media?.bytes).toBeUndefined();
  });

  it('mmdetection: images in <subset>/ beside annotations/', async () => {
    const { ds } = await detectAndRead(cocoTree({ 'annotations/instances_train.json': instancesTrain, 'train/a.jpg': 'x' }));
    expect(ds.get('train', 'a')?.media?.path).toBe('train/a.jpg');
  });

  it('images in images/ without a subset folder', async () => {
    const { ds } = await detectAndRead(cocoTree({ 'annotations/instances_train.json': instancesTrain, 'images/a.jpg': 'x' }));
    expect(ds.get('train', 'a')?.media?.path).toBe('images/a.jpg');
  });

  it('a JSON that is not COCO is not taken for COCO', async () => {
    const { matches, rejected } = await registry.detect(cocoTree({ 'annotations/default.json': { info: {}, categories: {}, items: [] } }));
    expect(matches).toEqual([]);
    expect(rejected.find((r) => r.id === 'coco_instances')?.reason).toMatch(/no COCO annotation file/);
  });
});
