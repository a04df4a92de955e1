import { bitmapMask, createRegistry, Dataset, type DatasetItem, loadMask, memoryTree } from '@labelport/core';
import { encodePng } from '@labelport/core/png';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { motsPng } from '../src/index.js';

const png16 = (width: number, values: number[]) =>
  encodePng({ width, height: values.length / width, colorType: 'gray', bitDepth: 16, data: values });
const bits = (width: number, data: number[]) =>
  bitmapMask({ width, height: data.length / width, data: Uint8Array.from(data) });

const source = () =>
  new Dataset({ labels: [{ name: 'car' }, { name: 'person' }] }, [
    {
      id: 'seq/000001',
      subset: 'train',
      attributes: {},
      media: { kind: 'image', width: 3, height: 2 },
      annotations: [
        { type: 'mask', mask: bits(3, [1, 1, 0, 0, 0, 0]), label: 0, objectId: 0, attributes: {} },
        { type: 'mask', mask: bits(3, [0, 0, 1, 0, 0, 1]), label: 1, objectId: 999, attributes: {} },
        { type: 'mask', mask: bits(3, [0, 0, 0, 1, 1, 0]), label: 1, objectId: 5, attributes: {} },
      ],
    } satisfies DatasetItem,
    {
      id: 'seq/000002',
      subset: 'train',
      attributes: {},
      media: { kind: 'image', width: 3, height: 2 },
      annotations: [],
    },
  ]);

describeFormat(motsPng, {
  fixtures: [
    {
      name: 'subsets with labels.txt',
      tree: () =>
        memoryTree({
          'train/instances/labels.txt': 'a\nb\n',
          // 2001 = class 2 ('b'), track 1; 1000 = class 1 ('a'), track 0.
          'train/instances/f1.png': png16(2, [0, 2001, 2001, 1000]),
          'train/images/f1.jpg': 'jpeg',
          'val/instances/labels.txt': 'a\nb\n',
          'val/instances/f2.png': png16(2, [0, 0, 0, 1003]),
        }),
      expect: { items: 2, subsets: { train: 1, val: 1 }, annotations: { mask: 3 }, labels: ['a', 'b'] },
      async check(ds) {
        const item = ds.get('train', 'f1') as DatasetItem;
        expect(item.media).toMatchObject({ path: 'train/images/f1.jpg', width: 2, height: 2 });
        const [a, b] = item.annotations as Extract<DatasetItem['annotations'][number], { type: 'mask' }>[];
        expect([a.label, a.objectId, b.label, b.objectId]).toEqual([0, 0, 1, 1]);
        expect(Array.from((await loadMask(b.mask)).data)).toEqual([0, 1, 1, 0]);
      },
    },
    {
      name: "Datumaro's dataset_meta.json gives the labels",
      tree: () =>
        memoryTree({
          'dataset_meta.json': '{"label_map": {"0": "x", "1": "y"}}',
          'instances/1.png': png16(1, [2004]),
        }),
      expect: { items: 1, annotations: { mask: 1 }, labels: ['x', 'y'] },
    },
    {
      name: 'MOTS classes without labels.txt (car, pedestrian, ignore region)',
      tree: () => memoryTree({ 'instances/0001.png': png16(2, [1002, 2005, 10000, 0]) }),
      expect: { items: 1, annotations: { mask: 3 }, labels: ['background', 'car', 'pedestrian', 'ignored'] },
      check(ds) {
        const anns = ds.get('default', '0001')?.annotations ?? [];
        expect(anns.map((a) => [a.label, a.objectId, a.zOrder])).toEqual([
          [1, 2, undefined],
          [2, 5, undefined],
          [3, 0, 1],
        ]);
      },
    },
  ],
  roundTrips: [{ name: 'masks with track ids, an empty frame', source }],
  badInputs: [
    {
      name: 'class past the labels',
      tree: memoryTree({ 'instances/labels.txt': 'a', 'instances/1.png': png16(1, [3001]) }),
      message: /instances\/1\.png: class 3/,
    },
    {
      name: 'not a PNG',
      tree: memoryTree({ 'instances/labels.txt': 'a', 'instances/1.png': 'text' }),
      message: /instances\/1\.png/,
    },
    {
      name: 'an RGB PNG',
      tree: memoryTree({
        'instances/labels.txt': 'a',
        'instances/1.png': encodePng({ width: 1, height: 1, colorType: 'rgb', data: [1, 2, 3] }),
      }),
      code: 'bad-image',
    },
  ],
});

describe('mots_png details', () => {
  it("answers to Datumaro's importer id `mots`, and detects its layout as mots_png", async () => {
    const registry = createRegistry([motsPng]);
    expect(registry.get('mots')).toBe(motsPng);
    // Datumaro's MOTS layout: <subset>/images/, <subset>/instances/ with labels.txt in each subset
    const tree = memoryTree({
      'train/images/1.jpg': 'jpeg',
      'train/instances/1.png': png16(2, [0, 1001, 1001, 0]),
      'train/instances/labels.txt': 'a\nb\nc\nd\n',
      'val/instances/3.png': png16(2, [2002, 0, 0, 0]),
      'val/instances/labels.txt': 'a\nb\nc\nd\n',
    });
    const { matches } = await registry.detect(tree);
    expect(matches).toEqual([{ id: 'mots_png', confidence: 1, root: '' }]);
    const ds = await readAll(registry.get('mots'), tree);
    // class 2 (pixel 2002) is the second line of labels.txt, 'b'; track 2
    expect(ds.subsets().sort()).toEqual(['train', 'val']);
    expect(ds.get('val', '3')?.annotations.map((a) => [a.label, a.objectId])).toEqual([[1, 2]]);
  });

  it('writes class * 1000 + track in 16-bit gray PNGs, and labels.txt, as Datumaro does', async () => {
    const { tree } = await writeAndReadBack(motsPng, source());
    const { decodePng } = await import('@labelport/core/png');
    const png = decodePng(await tree.read('train/instances/seq/000001.png'));
    expect(png.bitDepth).toBe(16);
    expect(Array.from(png.data)).toEqual([1000, 1000, 2999, 2005, 2005, 2999]);
    expect(new TextDecoder().decode(await tree.read('train/instances/labels.txt'))).toBe('car\nperson');
  });

  it('gives new track ids where MOTS cannot hold them, and reports what it drops', async () => {
    const ds = new Dataset({ labels: [{ name: 'car' }] }, [
      {
        id: '1',
        subset: 'default',
        attributes: {},
        annotations: [
          { type: 'mask', mask: bits(2, [1, 0]), label: 0, objectId: 5000, attributes: { occluded: true } },
          { type: 'mask', mask: bits(2, [0, 1]), attributes: {} },
          { type: 'bbox', x: 0, y: 0, w: 1, h: 1, attributes: {} },
        ],
      },
    ]);
    const { dataset, report } = await writeAndReadBack(motsPng, ds);
    expect(report.dropped).toEqual({ attribute: 1, mask: 1, bbox: 1 });
    expect(report.warnings).toContain(
      'MOTS paints a mask as its class * 1000 + its track: a mask without a label is not written',
    );
    expect(report.warnings.join()).toMatch(/new one/);
    expect(dataset.get('default', '1')?.annotations.map((a) => a.objectId)).toEqual([0]);
  });

  it('skips unknown classes when lenient', async () => {
    const warnings: string[] = [];
    const ds = await readAll(
      motsPng,
      memoryTree({ 'instances/labels.txt': 'a', 'instances/1.png': png16(2, [1001, 7001]) }),
      {
        lenient: true,
        onWarning: (w: string) => warnings.push(w),
      },
    );
    expect(ds.get('default', '1')?.annotations).toHaveLength(1);
    expect(warnings).toHaveLength(1);
  });
});

describe('mots_png losses (issue 21)', () => {
  it('counts masks painted over entirely and groups it cannot keep', async () => {
    const ds = new Dataset({ labels: [{ name: 'car' }] }, [
      {
        id: '1',
        subset: 'default',
        attributes: {},
        annotations: [
          { type: 'mask', mask: bits(2, [1, 0]), label: 0, objectId: 1, group: 3, attributes: {} },
          { type: 'mask', mask: bits(2, [1, 1]), label: 0, objectId: 2, group: 3, attributes: {} },
        ],
      },
    ]);
    const { dataset, report } = await writeAndReadBack(motsPng, ds);
    expect(report.dropped).toEqual({ mask: 1, group: 2 });
    expect(report.warnings).toContain('masks painted over entirely by later masks are dropped');
    expect(report.warnings).toContain('groups are not kept: a MOTS PNG holds each mask as its own object');
    expect(dataset.get('default', '1')?.annotations.map((a) => a.objectId)).toEqual([2]);
  });
});
