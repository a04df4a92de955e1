import { Dataset, memorySink, memoryTree, sourceOf } from '@labelport/core';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { market1501 } from '../src/index.js';

// A 1x1 PNG, so that image sizes can be read from headers.
const PNG_1x1 = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABc3UBGAAAAABJRU5ErkJggg==',
    'base64',
  ),
);

const folders = () =>
  memoryTree({
    'market/bounding_box_train/0002_c1s3_000151_00.jpg': PNG_1x1,
    'market/bounding_box_test/0001_c1s1_001051_00.jpg': PNG_1x1,
    'market/bounding_box_test/-1_c6s2_000301_02.jpg': PNG_1x1,
    'market/query/0001_c2s3_000111_00.jpg': PNG_1x1,
  });

const listOnly = () =>
  memoryTree({
    'images_query.txt': 'query/0001_c2s3_000001_00.jpg\n',
    'images_test.txt':
      'bounding_box_test/0002_c4s2_000002_00.jpg\nbounding_box_test/0001_c1s1_000003_00.jpg\n',
  });

const attrs = (
  person_id: string,
  camera_id: number,
  track_id: number,
  frame_id: number,
  bbox_id: number,
  query: boolean,
) => ({
  person_id,
  camera_id,
  track_id,
  frame_id,
  bbox_id,
  query,
});

describeFormat(market1501, {
  fixtures: [
    {
      name: 'folders one level down',
      tree: folders,
      // 4 images: 2 in bounding_box_test, 1 in bounding_box_train, 1 in query.
      expect: { items: 4, subsets: { test: 2, train: 1, query: 1 }, annotations: {}, labels: [] },
      check(ds) {
        expect(ds.get('query', '0001_c2s3_000111_00')?.attributes).toEqual(attrs('0001', 1, 3, 111, 0, true));
        expect(ds.get('test', '-1_c6s2_000301_02')?.attributes).toEqual(attrs('-1', 5, 2, 301, 2, false));
        const media = ds.get('train', '0002_c1s3_000151_00')?.media;
        expect(media).toMatchObject({
          path: 'bounding_box_train/0002_c1s3_000151_00.jpg',
          width: 1,
          height: 1,
        });
      },
    },
    {
      name: 'annotation-only lists',
      tree: listOnly,
      expect: { items: 3, subsets: { query: 1, test: 2 } },
      check(ds) {
        expect(ds.get('test', '0002_c4s2_000002_00')?.attributes).toEqual(attrs('0002', 3, 2, 2, 0, false));
        expect(ds.get('test', '0002_c4s2_000002_00')?.media?.bytes).toBeUndefined();
      },
    },
  ],
  roundTrips: [
    {
      name: 'query and gallery items',
      // the lists name every item's image: its path is always known on reading back
      source: () =>
        new Dataset({ labels: [] }, [
          {
            id: '0001_c2s3_000001_00',
            subset: 'query',
            media: { kind: 'image', path: 'x.jpg' },
            annotations: [],
            attributes: attrs('0001', 1, 3, 1, 0, true),
          },
          {
            id: '0002_c4s2_000002_00',
            subset: 'test',
            media: { kind: 'image', path: 'x.jpg' },
            annotations: [],
            attributes: attrs('0002', 3, 2, 2, 0, false),
          },
          {
            id: 'a/b/0001_c1s1_000003_00',
            subset: 'test',
            media: { kind: 'image', path: 'x.jpg' },
            annotations: [],
            attributes: attrs('0001', 0, 1, 3, 0, false),
          },
          {
            id: 'no_attributes',
            subset: 'test',
            media: { kind: 'image', path: 'x.jpg' },
            annotations: [],
            attributes: {},
          },
        ]),
    },
  ],
  badInputs: [
    {
      name: 'a list entry outside the image folders',
      tree: memoryTree({
        'images_test.txt': 'bounding_box_test/0001_c1s1_000001_00.jpg\n0001_c1s1_000002_00.jpg\n',
      }),
      message: /images_test\.txt: line 2: /,
    },
    {
      name: 'a list entry leaving the dataset',
      tree: memoryTree({ 'images_test.txt': '../../etc/passwd\n' }),
      code: 'unsafe-path',
      message: /images_test\.txt: line 1/,
    },
  ],
});

describe('market1501 details', () => {
  it('names items without a Market-1501 id from their attributes, as Datumaro does', async () => {
    const src = sourceOf({ labels: [] }, [
      {
        id: 'кириллица с пробелом',
        subset: 'default',
        annotations: [],
        attributes: { camera_id: 0, person_id: '0001', query: false },
      },
      {
        id: 'other',
        subset: 'default',
        annotations: [],
        attributes: { camera_id: 0, person_id: '0001', query: false },
      },
    ]);
    const { dataset, report, tree } = await writeAndReadBack(market1501, src);
    expect([...dataset].map((i) => i.id).sort()).toEqual(['0001_c1s1_000000_00', '0001_c1s1_000001_00']);
    expect(dataset.get('default', '0001_c1s1_000000_00')?.attributes).toEqual(
      attrs('0001', 0, 1, 0, 0, false),
    );
    expect(report.warnings.length).toBe(1);
    expect(new TextDecoder().decode(await tree.read('images_default.txt'))).toBe(
      'bounding_box_default/0001_c1s1_000000_00.jpg\nbounding_box_default/0001_c1s1_000001_00.jpg\n',
    );
  });

  it('saves images with their own extension when asked', async () => {
    const src = sourceOf({ labels: [] }, [
      {
        id: '0001_c1s1_000000_00',
        subset: 'train',
        media: { kind: 'image', path: 'x/0001.PNG', bytes: async () => PNG_1x1 },
        annotations: [{ type: 'label', attributes: {} }],
        attributes: attrs('0001', 0, 1, 0, 0, false),
      },
    ]);
    const { dataset, report, tree } = await writeAndReadBack(market1501, src, { saveMedia: true });
    expect(report.dropped).toEqual({ label: 1 });
    expect(await tree.exists('bounding_box_train/0001_c1s1_000000_00.PNG')).toBe(true);
    expect(dataset.get('train', '0001_c1s1_000000_00')?.media).toMatchObject({ width: 1, height: 1 });
  });

  it('keeps a gallery item in its subset when its image sits in query/', async () => {
    const ds = await readAll(
      market1501,
      memoryTree({ 'images_test.txt': 'query/0001_c1s1_000001_00.jpg\n' }),
    );
    expect(ds.get('test', '0001_c1s1_000001_00')?.attributes.query).toBe(true);
  });

  it('does not take a folder of other images for Market-1501', async () => {
    const { createRegistry } = await import('@labelport/core');
    const tree = memoryTree({ 'cat/1.jpg': PNG_1x1, 'query/photo.jpg': PNG_1x1 });
    const { matches } = await createRegistry([market1501]).detect(tree);
    expect(matches).toEqual([]);
  });

  it('takes query/ and bounding_box_*/ folders together for Market-1501 whatever the image names', async () => {
    const { createRegistry } = await import('@labelport/core');
    const tree = memoryTree({ 'query/a.jpg': PNG_1x1, 'bounding_box_test/b.jpg': PNG_1x1 });
    expect((await createRegistry([market1501]).detect(tree)).matches).toEqual([
      { id: 'market1501', confidence: 0.9, root: '' },
    ]);
    const ds = await readAll(market1501, tree);
    expect(ds.get('test', 'b')?.attributes).toEqual({});
  });

  it('skips bad list lines when lenient', async () => {
    const warnings: string[] = [];
    const tree = memoryTree({ 'images_test.txt': 'x.jpg\nbounding_box_test/0001_c1s1_000001_00.jpg\n' });
    const ds = await readAll(market1501, tree, { lenient: true, onWarning: (m: string) => warnings.push(m) });
    expect(ds.size).toBe(1);
    expect(warnings).toEqual([expect.stringMatching(/images_test\.txt: line 1/)]);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      readAll(market1501, folders().sub('market'), { signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'aborted' });
  });
});

it('counts item attributes it cannot keep under one loss kind, naming each in a warning', async () => {
  const src = sourceOf({ labels: [] }, [
    {
      id: '0001_c1s1_000000_00',
      subset: 'train',
      annotations: [],
      attributes: { ...attrs('0001', 0, 1, 0, 0, false), weather: 'rain', night: true },
    },
    { id: 'plain', subset: 'train', annotations: [], attributes: { query: false, camera_id: 1 } },
  ]);
  const report = await market1501.write!(src, memorySink());
  expect(report.dropped).toEqual({ 'item attribute': 4 });
  expect(report.warnings).toEqual([
    expect.stringMatching(/item attribute 'weather' is not kept/),
    expect.stringMatching(/item attribute 'night' is not kept/),
    expect.stringMatching(/without a Market-1501 name or a person_id keep none/),
  ]);
});
