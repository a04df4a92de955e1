import { bitmapMask, Dataset, type DatasetItem, loadMask, memoryTree } from '@labelport/core';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { labelbox } from '../src/labelbox.js';
import { exportLine, exportTree, IMPORT_LINES, importTree, listTree, ROW_1 } from './fixtures.js';

const item = (id: string, annotations: DatasetItem['annotations'], attributes = {}): DatasetItem => ({
  id,
  subset: 'default',
  media: { kind: 'image', path: `${id}.jpg` },
  annotations,
  attributes,
});

const mask = bitmapMask({ width: 3, height: 2, data: new Uint8Array([1, 1, 0, 0, 1, 0]) });

const objects = () =>
  new Dataset({ labels: [{ name: 'car' }, { name: 'road' }, { name: 'sunny' }, { name: 'urban' }] }, [
    item(
      'a',
      [
        { type: 'bbox', label: 0, x: 1, y: 2, w: 3, h: 4, attributes: { note: 'left', score: 0.5 } },
        { type: 'polygon', label: 1, points: [0, 0, 10, 0, 10, 10], attributes: {} },
        { type: 'polyline', label: 1, points: [1, 1, 5, 5], attributes: {} },
        { type: 'points', label: 0, points: [7, 8], visibility: [2], attributes: {} },
        { type: 'mask', label: 1, mask, attributes: {} },
        { type: 'label', label: 2, attributes: { classification: 'weather' } },
      ],
      { notes: 'fine' },
    ),
    item('b', [{ type: 'label', label: 3, attributes: { classification: 'class' } }]),
    item('c', []),
  ]);

describeFormat(labelbox, {
  fixtures: [
    {
      name: 'Labelbox export v2 (NDJSON, one data row per line)',
      tree: exportTree,
      expect: {
        items: 2,
        annotations: { bbox: 1, polygon: 1, polyline: 1, points: 1, label: 4 },
        labels: ['car', 'road', 'lane', 'pothole', 'sky', 'sunny', 'daytime', 'urban'],
      },
      check(ds) {
        const a = ds.get('default', '2560px-Kitano_Street_Kobe01s5s4110')!;
        expect(a.media).toMatchObject({ width: 2560, height: 1707 });
        expect(a.media?.path).toMatch(/^https:\/\/storage.googleapis.com\//);
        expect(a.attributes).toEqual({ notes: 'a clear street', data_row_id: 'clf9spzxq029m071nehy60a6v' });
        expect(a.annotations[0]).toMatchObject({
          type: 'bbox',
          label: 0,
          x: 2096,
          y: 1264,
          w: 144,
          h: 425,
          attributes: {
            feature_id: 'clr0x0ol83tv0107eagehegjde',
            occlusion: 'partial',
            'occluded by': 'tree, sign',
            plate: 'ABC 123',
          },
        });
        expect(a.annotations[4]).toMatchObject({
          type: 'label',
          label: 4,
          attributes: { mask_url: expect.stringContaining('/index/1/mask') },
        });
        expect(a.annotations[6]).toMatchObject({
          type: 'label',
          label: 6,
          attributes: { classification: 'tags' },
        });
        expect(ds.get('default', 'frames/frame_0002')!.annotations).toEqual([]);
      },
    },
    {
      name: 'the older SDK export_v2 result dumped as a JSON list (external ids)',
      tree: listTree,
      expect: { items: 2, annotations: { bbox: 1, polygon: 1, polyline: 1, points: 1, label: 4 } },
      check(ds) {
        const f = ds.get('default', 'frames/frame_0002')!;
        expect(f.media?.path).toBe('frame_0002.png');
      },
    },
    {
      name: "annotation import NDJSON (the SDK's NDJsonConverter) with its data rows",
      tree: importTree,
      expect: {
        items: 2,
        annotations: { bbox: 1, mask: 1, label: 2 },
        labels: ['car', 'sky', 'daytime', 'urban'],
      },
      async check(ds) {
        const s = ds.get('default', 'sample-image-1')!;
        expect(s.media?.path).toBe(
          'https://lb-test-data.s3.us-west-1.amazonaws.com/image-samples/sample-image-1.jpg',
        );
        expect(s.attributes).toEqual({ notes: 'free form text...' });
        expect(s.annotations[0]).toMatchObject({
          type: 'bbox',
          x: 58,
          y: 48,
          w: 12,
          h: 65,
          attributes: { occlusion: 'partial' },
        });
        const m = s.annotations[1]!;
        expect(m.type === 'mask' && Array.from((await loadMask(m.mask)).data)).toEqual([
          0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0,
        ]);
        expect(ds.get('default', 'sample-image-2')!.annotations).toEqual([]);
      },
    },
  ],
  roundTrips: [
    { name: 'objects, masks, image answers, text answers (import shape)', source: objects },
    { name: 'the same, in the export shape', source: objects, writeOptions: { shape: 'export' } },
  ],
  badInputs: [
    {
      name: 'a box without its width',
      tree: memoryTree({
        'e.ndjson': exportLine({
          ...ROW_1,
          projects: {
            p: {
              labels: [
                { annotations: { objects: [{ name: 'car', bounding_box: { top: 1, left: 1, height: 1 } }] } },
              ],
            },
          },
        }),
      }),
      code: 'bad-field',
      message: 'e.ndjson: line 1, projects["p"].labels[0].annotations.objects[0].bounding_box',
    },
    {
      name: 'a line that is not JSON',
      tree: memoryTree({ 'e.ndjson': `${exportLine(ROW_1)}\n{"data_row": {"id": "x"\n` }),
      code: 'bad-json',
      message: 'e.ndjson: line 2',
    },
    {
      name: 'a checklist answer without a name',
      tree: memoryTree({
        'a.ndjson': JSON.stringify({ ...IMPORT_LINES[2], answer: [{ name: 'daytime' }, { schemaId: 'x' }] }),
      }),
      code: 'bad-field',
      message: 'a.ndjson: line 1.answer[1]',
    },
    {
      name: 'an inline mask that is no PNG',
      tree: memoryTree({ 'a.ndjson': JSON.stringify({ ...IMPORT_LINES[1], mask: { png: 'aGVsbG8=' } }) }),
      code: 'bad-image',
      message: 'a.ndjson: line 1.mask.png',
    },
  ],
});

describe('labelbox details', () => {
  it("writes what Labelbox imports: the SDK's annotation lines and the data rows to create", async () => {
    const { tree, report } = await writeAndReadBack(labelbox, objects());
    expect(report.dropped).toEqual({});
    const lines = new TextDecoder()
      .decode(await tree.read('annotations.ndjson'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({
      uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      dataRow: { globalKey: 'a.jpg' },
      name: 'car',
      classifications: [{ name: 'note', answer: 'left' }],
      confidence: 0.5,
      bbox: { top: 2, left: 1, height: 4, width: 3 },
    });
    expect(Object.keys(lines[0])).toEqual([
      'uuid',
      'dataRow',
      'name',
      'classifications',
      'confidence',
      'bbox',
    ]);
    expect(lines[3]).toMatchObject({ name: 'car', point: { x: 7, y: 8 } });
    expect(lines[4].mask.png).toMatch(/^iVBORw0KGgo/);
    expect(lines[5]).toMatchObject({ name: 'weather', answer: { name: 'sunny' } });
    expect(lines[6]).toMatchObject({ name: 'notes', answer: 'fine' });
    expect(new Set(lines.map((l) => l.uuid)).size).toBe(lines.length);
    const rows = JSON.parse(new TextDecoder().decode(await tree.read('data_rows.json')));
    expect(rows).toEqual([
      { row_data: 'a.jpg', global_key: 'a.jpg', media_type: 'IMAGE' },
      { row_data: 'b.jpg', global_key: 'b.jpg', media_type: 'IMAGE' },
      { row_data: 'c.jpg', global_key: 'c.jpg', media_type: 'IMAGE' },
    ]);
  });

  it('puts relative images under imageRoot, keeps URLs as they are', async () => {
    const ds = new Dataset({ labels: [] }, [
      item('a', []),
      { ...item('b', []), media: { kind: 'image', path: 'https://example.com/x/b.png' } },
    ]);
    const { tree } = await writeAndReadBack(labelbox, ds, { imageRoot: 'https://cdn.example.com/images/' });
    const rows = JSON.parse(new TextDecoder().decode(await tree.read('data_rows.json')));
    expect(rows.map((r: { row_data: string }) => r.row_data)).toEqual([
      'https://cdn.example.com/images/a.jpg',
      'https://example.com/x/b.png',
    ]);
  });

  it('writes an export it read back as the same export (nested questions, ids, masks by URL)', async () => {
    const first = await readAll(labelbox, exportTree());
    const { tree, report, dataset } = await writeAndReadBack(labelbox, first, { shape: 'export' });
    expect(report.dropped).toEqual({});
    const row = JSON.parse(new TextDecoder().decode(await tree.read('export.ndjson')).split('\n')[0]!);
    const project = row.projects['cltd3vkju021907u63w2odj69'];
    expect(project.name).toBe('Image Annotation Import Demo');
    const car = project.labels[0].annotations.objects[0];
    expect(
      car.classifications[0].radio_answer.classifications[0].checklist_answers.map(
        (a: { name: string }) => a.name,
      ),
    ).toEqual(['tree', 'sign']);
    expect(project.labels[0].annotations.objects[4].composite_mask).toBeUndefined();
    expect(row.data_row).toEqual({
      id: 'clf9spzxq029m071nehy60a6v',
      global_key: '2560px-Kitano_Street_Kobe01s5s4110.jpeg',
      row_data:
        'https://storage.googleapis.com/labelbox-datasets/image_sample_data/2560px-Kitano_Street_Kobe01s5s4110.jpeg',
    });
    expect([...dataset].map((i) => i.annotations)).toEqual([...first].map((i) => i.annotations));
  });

  it('nests questions again under the answer they hang under when importing', async () => {
    const first = await readAll(labelbox, exportTree());
    const { tree, report } = await writeAndReadBack(labelbox, first);
    expect(report.dropped).toEqual({ attribute: 8, 'item attribute': 2 });
    expect(report.warnings.join('\n')).toMatch(/feature ids are Labelbox's own/);
    const car = JSON.parse(new TextDecoder().decode(await tree.read('annotations.ndjson')).split('\n')[0]!);
    expect(car.classifications).toEqual([
      {
        name: 'occlusion',
        answer: {
          name: 'partial',
          classifications: [{ name: 'occluded by', answer: [{ name: 'tree' }, { name: 'sign' }] }],
        },
      },
      { name: 'plate', answer: 'ABC 123' },
    ]);
    const sky = JSON.parse(new TextDecoder().decode(await tree.read('annotations.ndjson')).split('\n')[4]!);
    expect(sky.mask).toEqual({
      instanceURI: expect.stringContaining('/index/1/mask'),
      colorRGB: [255, 255, 255],
    });
  });

  it('writes one object per object: the box of an outlined object goes, counted', async () => {
    const ds = new Dataset({ labels: [{ name: 'x' }] }, [
      item('a', [
        { type: 'bbox', label: 0, x: 0, y: 0, w: 2, h: 2, group: 0, attributes: {} },
        { type: 'polygon', label: 0, points: [0, 0, 2, 0, 2, 2], group: 0, attributes: {} },
      ]),
    ]);
    const { report, dataset } = await writeAndReadBack(labelbox, ds);
    expect(report.dropped).toEqual({ bbox: 1 });
    expect(dataset.get('default', 'a')!.annotations.map((a) => a.type)).toEqual(['polygon']);
  });

  it('counts what Labelbox cannot hold, and says masks by URL were not fetched', async () => {
    const ds = new Dataset({ labels: [{ name: 'x' }] }, [
      item('a', [
        { type: 'ellipse', label: 0, x1: 0, y1: 0, x2: 1, y2: 1, attributes: {} },
        { type: 'caption', caption: 'hi', attributes: {} },
        { type: 'bbox', x: 0, y: 0, w: 1, h: 1, attributes: {} },
        { type: 'points', label: 0, points: [1, 1, 2, 2], visibility: [2, 0], attributes: {} },
        { type: 'polygon', label: 0, points: [0, 0, 1, 0, 1, 1], group: 2, attributes: {} },
      ]),
    ]);
    const { report } = await writeAndReadBack(labelbox, ds);
    // a group of one shape ties nothing: no loss
    expect(report.dropped).toEqual({ ellipse: 1, caption: 1, bbox: 1, point: 1 });
    expect(report.warnings.join('\n')).toMatch(/need a name/);
    const warnings: string[] = [];
    await readAll(labelbox, exportTree(), { onWarning: (w: string) => warnings.push(w) });
    expect(warnings.join('\n')).toMatch(/1 mask\(s\) given by URL were not fetched/);
  });

  it('reads an export too large to keep by streaming it twice, to the same items', async () => {
    const kept = await readAll(labelbox, exportTree());
    const streamed = await readAll(labelbox, exportTree(), { keepParsedBytes: 0 });
    expect([...streamed]).toEqual([...kept]);
    expect(streamed.categories).toEqual(kept.categories);
  });

  it('is not taken for another JSON lines file', async () => {
    const other = memoryTree({
      'narratives.jsonl': '{"dataset_id": "x", "image_id": "a", "caption": "hi"}\n',
      'coco.json': JSON.stringify({ images: [], annotations: [] }),
    });
    await expect(readAll(labelbox, other)).rejects.toThrow(/no Labelbox export/);
  });
});
