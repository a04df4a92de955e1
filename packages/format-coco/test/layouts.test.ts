// The layouts COCO comes in: a zip archive, a single JSON file, a dataset one folder down.
import { bytesAccess, createRegistry, zipTree } from '@labelport/core';
import { buildZip } from '@labelport/core/files';
import { countAnnotations, readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { formats } from '../src/index.js';
import { cocoTree, instancesTrain } from './fixtures/samples.js';

const registry = createRegistry(formats);

async function detectAndRead(tree: Awaited<ReturnType<typeof zipTree>>) {
  const { matches } = await registry.detect(tree);
  const best = matches[0];
  return {
    id: best.id,
    root: best.root,
    ds: await readAll(registry.get(best.id), best.root ? tree.sub(best.root) : tree),
  };
}

describe('COCO layouts', () => {
  it('a zip archive with the dataset one folder down', async () => {
    const zip = buildZip({
      'export/annotations/instances_val2017.json': JSON.stringify(instancesTrain),
      'export/images/val2017/a.jpg': 'x',
    });
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
    const { ds } = await detectAndRead(
      cocoTree({ 'annotations/instances_train.json': instancesTrain, 'train/a.jpg': 'x' }),
    );
    expect(ds.get('train', 'a')?.media?.path).toBe('train/a.jpg');
  });

  it('images in images/ without a subset folder', async () => {
    const { ds } = await detectAndRead(
      cocoTree({ 'annotations/instances_train.json': instancesTrain, 'images/a.jpg': 'x' }),
    );
    expect(ds.get('train', 'a')?.media?.path).toBe('images/a.jpg');
  });

  it('a JSON that is not COCO is not taken for COCO', async () => {
    const { matches, rejected } = await registry.detect(
      cocoTree({ 'annotations/default.json': { info: {}, categories: {}, items: [] } }),
    );
    expect(matches).toEqual([]);
    expect(rejected.find((r) => r.id === 'coco_instances')?.reason).toMatch(/no COCO annotation file/);
  });
});

describe('COCO files under other names', () => {
  it('any JSON in annotations/ is read as the task asked for (subset default), as Datumaro does', async () => {
    const tree = cocoTree({ 'annotations/aa_bbbb_cccc.json': instancesTrain, 'images/default/a.jpg': 'x' });
    const ds = await readAll(registry.get('coco_instances'), tree);
    expect(ds.subsets()).toEqual(['default']);
    expect(ds.get('default', 'a')?.media?.path).toBe('images/default/a.jpg');
    const { matches } = await registry.detect(tree);
    expect(matches[0]).toMatchObject({ id: 'coco_instances', confidence: 0.6 });
  });

  it('a file_name that already holds the image folder (Label Studio writes images/x.jpg)', async () => {
    const json = {
      ...instancesTrain,
      images: [{ ...instancesTrain.images[0], file_name: 'images/a.jpg' }],
      annotations: [],
    };
    const ds = await readAll(
      registry.get('coco_instances'),
      cocoTree({ 'result.json': json, 'images/a.jpg': 'x' }),
    );
    expect(ds.get('default', 'images/a')?.media?.path).toBe('images/a.jpg');
    expect(ds.get('default', 'images/a')?.media?.bytes).toBeDefined();
  });

  it('panoptic PNGs in panoptic_<subset>/ at the root', async () => {
    const json = {
      images: [{ id: 1, width: 1, height: 1, file_name: 'a.jpg' }],
      categories: [{ id: 1, name: 'x' }],
      annotations: [{ image_id: 1, file_name: 'a.png', segments_info: [] }],
    };
    const ds = await readAll(
      registry.get('coco_panoptic'),
      cocoTree({ 'annotations/panoptic_val.json': json, 'panoptic_val/a.png': 'png' }),
    );
    expect(ds.size).toBe(1);
    await expect(
      readAll(registry.get('coco_panoptic'), cocoTree({ 'annotations/panoptic_val.json': json })),
    ).rejects.toThrow(/the mask 'annotations\/panoptic_val\/a\.png' is not in the dataset/);
  });
});

describe('COCO text', () => {
  it('reads a file that starts with a byte order mark', async () => {
    const ds = await readAll(
      registry.get('coco_instances'),
      cocoTree({ 'annotations/instances_x.json': `\ufeff${JSON.stringify(instancesTrain)}` }),
    );
    expect(ds.size).toBe(2);
  });
});

describe('COCO detection stays cheap', () => {
  it('does not look inside a folder of many JSON files (one per image)', async () => {
    const files: Record<string, unknown> = {};
    for (let i = 0; i < 20; i++) files[`img${i}.json`] = instancesTrain;
    const { matches, rejected } = await registry.detect(cocoTree(files));
    expect(matches).toEqual([]);
    expect(rejected.find((r) => r.id === 'coco')?.reason).toMatch(/no COCO annotation file/);
  });
});
