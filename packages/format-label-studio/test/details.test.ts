import { createRegistry, Dataset, type DatasetItem, memorySink, memoryTree } from '@labelport/core';
import { readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { labelStudio } from '../src/index.js';
import { parseLabelingConfig } from '../src/lib/labeling-config.js';
import { dumps, JSON_MIN, TASK_1, TASK_2 } from './fixtures.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (v: Uint8Array | string | undefined) =>
  typeof v === 'string' ? v : new TextDecoder().decode(v);

async function written(ds: Dataset, options: object = {}) {
  const sink = memorySink();
  const report = await labelStudio.write!(ds, sink, options);
  await sink.commit();
  const tasks = JSON.parse(text(sink.files.get('tasks.json'))) as any[];
  return { tasks, report, sink, config: text(sink.files.get('tasks.label_config.xml')) };
}

const one = (
  annotations: DatasetItem['annotations'],
  media: DatasetItem['media'] = { kind: 'image', path: 'a.jpg', width: 200, height: 100 },
) =>
  new Dataset({ labels: [{ name: 'car' }, { name: 'person', parent: 'thing' }] }, [
    { id: 'a', subset: 'default', media, attributes: {}, annotations },
  ]);

describe('label_studio reading', () => {
  const exportTree = () => memoryTree({ 'export.json': dumps([TASK_1, TASK_2]) });

  it('keeps the first or last annotator, or predictions too, as the read options say', async () => {
    const first = await readAll(labelStudio, exportTree(), { annotators: 'first' });
    const masked = (ds: Dataset) => ds.get('default', 'images/mask me')!.annotations;
    expect(masked(first).map((a) => a.type)).toEqual(['mask']);
    expect(masked(first)[0]!.attributes).toEqual({ annotator: 1 });
    const last = await readAll(labelStudio, exportTree(), { annotators: 'last' });
    expect(masked(last).map((a) => [a.type, a.attributes.annotator])).toEqual([['bbox', 2]]);
    const all = await readAll(labelStudio, exportTree(), { predictions: 'all' });
    const predicted = masked(all).find((a) => a.attributes.model_version === 'yolo-v8')!;
    expect(predicted).toMatchObject({ type: 'bbox', x: 0, y: 0, w: 2, h: 1.5, attributes: { score: 0.87 } });
  });

  it('warns about what it leaves out', async () => {
    const warnings: string[] = [];
    const tree = memoryTree({
      'export.json': dumps([
        {
          data: { video: 'v.mp4' },
          annotations: [
            {
              result: [
                { type: 'videorectangle', value: {} },
                { type: 'number', value: { number: 3 } },
              ],
            },
          ],
        },
        ...[TASK_2],
      ]),
    });
    await readAll(labelStudio, tree, { onWarning: (w: string) => warnings.push(w) });
    expect(warnings).toEqual([
      '1 cancelled (skipped) annotation(s) were not read',
      "1 prediction(s) of tasks with annotations were not read (the read option predictions: 'all' reads them)",
      '1 Label Studio result(s) of type videorectangle are not read',
      '1 Label Studio result(s) of type number (of the image, not of a region) are not read',
    ]);
  });

  it('skips a bad result under the lenient policy and reads the rest', async () => {
    const warnings: string[] = [];
    const bad = structuredClone(TASK_1) as any;
    bad.annotations[0].result[1].value.points = [[1, 2, 3]];
    const ds = await readAll(labelStudio, memoryTree({ 'e.json': dumps([bad]) }), {
      lenient: true,
      onWarning: (w: string) => warnings.push(w),
    });
    expect(ds.get('default', 'a1b2c3d4-street')!.annotations.map((a) => a.type)).not.toContain('polygon');
    expect(warnings[0]).toBe('e.json: [0].annotations[0].result[1].value.points[0]: a point is not [x, y]');
  });

  it('finds images by their path or its tail, never fetching a URL', async () => {
    const tree = memoryTree({
      'export.json': dumps([
        { data: { image: '/data/local-files/?d=ds/images/a+b%2B1.png' }, annotations: [] },
        { data: { image: 'https://example.com/x/c.jpg?token=1' }, annotations: [] },
        { data: { image: 'gs://bucket/d.jpg' }, annotations: [] },
      ]),
      'images/a b+1.png': bytes('A'),
      'c.jpg': bytes('C'),
    });
    const ds = await readAll(labelStudio, tree);
    const a = ds.get('default', 'ds/images/a b+1')!;
    expect(a.media?.path).toBe('ds/images/a b+1.png');
    expect(text(await a.media!.bytes!())).toBe('A');
    const c = ds.get('default', 'c')!;
    expect(c.media?.path).toBe('https://example.com/x/c.jpg?token=1');
    expect(text(await c.media!.bytes!())).toBe('C');
    expect(ds.get('default', 'd')!.media).toEqual({ kind: 'image', path: 'gs://bucket/d.jpg' });
  });

  it('asks for the images beside an export given alone (a tree that lists the file only)', async () => {
    const full = memoryTree({
      'e.json': dumps([{ data: { image: '/data/local-files/?d=x/a.png' }, annotations: [] }]),
      'a.png': bytes('A'),
    });
    const alone = new Proxy(full, {
      get(t, k) {
        if (k === 'list') return async () => (await t.list()).filter((f) => f.path === 'e.json');
        const v = Reflect.get(t, k);
        return typeof v === 'function' ? v.bind(t) : v;
      },
    });
    const item = [...(await readAll(labelStudio, alone))][0]!;
    expect(text(await item.media!.bytes!())).toBe('A');
  });

  it('gives a second task of the same image its task id', async () => {
    const tree = memoryTree({
      'e.json': dumps([
        { id: 10, data: { image: 'a.jpg' }, annotations: [] },
        { id: 11, data: { image: 'a.jpg' }, annotations: [] },
      ]),
    });
    expect([...(await readAll(labelStudio, tree))].map((i) => i.id)).toEqual(['a', 'a_11']);
  });

  it('refuses JSON nested past limits.maxDepth, naming the file', async () => {
    const deep = `${'['.repeat(40)}${']'.repeat(40)}`;
    const json = `[{"data": {"image": "a.jpg"}, "annotations": [{"result": [{"value": ${deep}}]}]}]`;
    const read = readAll(labelStudio, memoryTree({ 'deep.json': json }), { limits: { maxDepth: 20 } });
    await expect(read).rejects.toThrow(/^deep\.json: .*deep/);
  });

  it('streams a large export, reading it again for each pass', async () => {
    const ds = await readAll(labelStudio, memoryTree({ 'export.json': dumps([TASK_1, TASK_2]) }), {
      keepParsedBytes: 1,
    });
    expect(ds.size).toBe(2);
  });

  it('reads JSON-MIN captions as captions when the labeling config says so', async () => {
    const config =
      '<View><Image name="image" value="$image"/><TextArea name="choice" toName="image"/></View>';
    const ds = await readAll(
      labelStudio,
      memoryTree({ 'result.json': dumps(JSON_MIN), 'config.xml': config }),
    );
    expect(ds.get('default', 'images/dog')!.annotations.find((a) => a.type === 'caption')).toMatchObject({
      caption: 'Outdoor',
    });
  });
});

describe('label_studio detection', () => {
  const detect = (files: Record<string, string>) => createRegistry([labelStudio]).detect(memoryTree(files));

  it('is not taken in by other JSON', async () => {
    for (const json of [
      { images: [], annotations: [], categories: [] },
      [],
      [{ name: 'a.jpg', labels: [{ category: 'car', box2d: {} }] }],
      [{ image: 'a.jpg', annotations: [{ label: 'car', coordinates: { x: 1, y: 1, width: 2, height: 2 } }] }],
      { info: {}, data: {}, annotations: [] },
    ]) {
      expect((await detect({ 'a.json': JSON.stringify(json) })).matches).toEqual([]);
    }
  });

  it('is less sure of a task list without annotations, and finds an export one folder down', async () => {
    expect((await detect({ 't.json': dumps([{ data: { image: 'a.jpg' } }]) })).matches).toEqual([
      { id: 'label_studio', confidence: 0.6, root: '' },
    ]);
    expect((await detect({ 'export/t.json': dumps([TASK_1]) })).matches).toEqual([
      { id: 'label_studio', confidence: 1, root: 'export' },
    ]);
  });
});

describe('label_studio writing', () => {
  it('writes tasks Label Studio imports, with a labeling config to make the project', async () => {
    const ds = one([
      { type: 'bbox', x: 20, y: 10, w: 40, h: 20, label: 0, attributes: { occluded: false } },
      { type: 'label', label: 0, attributes: {} },
    ]);
    const { tasks, config, report } = await written(ds, { imageRoot: 'https://cdn.example.com/ds' });
    expect(tasks).toEqual([
      {
        data: { image: 'https://cdn.example.com/ds/a.jpg' },
        annotations: [
          {
            result: [
              {
                original_width: 200,
                original_height: 100,
                image_rotation: 0,
                value: { x: 10, y: 10, width: 20, height: 20, rotation: 0, rectanglelabels: ['car'] },
                id: 'r1',
                from_name: 'label',
                to_name: 'image',
                type: 'rectanglelabels',
              },
              {
                value: { choices: ['false'] },
                id: 'r1',
                from_name: 'occluded',
                to_name: 'image',
                type: 'choices',
              },
              expect.objectContaining({ value: { choices: ['car'] }, from_name: 'choice', type: 'choices' }),
            ],
            ground_truth: false,
          },
        ],
      },
    ]);
    const parsed = parseLabelingConfig(config, 'c.xml');
    expect(parsed.images).toEqual(new Map([['image', 'image']]));
    expect([...parsed.controls.values()].map((c) => [c.name, c.type, c.perRegion])).toEqual([
      ['label', 'rectanglelabels', false],
      ['occluded', 'choices', true],
      ['choice', 'choices', false],
    ]);
    expect(parsed.labels.map((l) => l.name)).toEqual(['car', 'person']);
    expect(report.dropped).toEqual({ 'label parent': 1 });
  });

  it("turns a box's centre rotation back to Label Studio's corner (label-studio-converter's OBB corners)", async () => {
    // A 40x20 box centred at (100, 50), turned 30 degrees clockwise about its centre.
    const ds = one([{ type: 'bbox', x: 80, y: 40, w: 40, h: 20, label: 0, attributes: { rotation: 30 } }]);
    const { tasks } = await written(ds);
    const r = tasks[0].annotations[0].result[0];
    // convert_annotation_to_yolo_obb: corners from the top-left (x, y), turned about it.
    const [W, H] = [r.original_width, r.original_height];
    const [x, y, w, h] = [
      (r.value.x / 100) * W,
      (r.value.y / 100) * H,
      (r.value.width / 100) * W,
      (r.value.height / 100) * H,
    ];
    const t = (r.value.rotation * Math.PI) / 180;
    const corners = [
      [x, y],
      [x + w * Math.cos(t), y + w * Math.sin(t)],
      [x + w * Math.cos(t) - h * Math.sin(t), y + w * Math.sin(t) + h * Math.cos(t)],
      [x - h * Math.sin(t), y + h * Math.cos(t)],
    ];
    const centre = corners.reduce((s, c) => [s[0]! + c[0]! / 4, s[1]! + c[1]! / 4], [0, 0]);
    expect(centre[0]).toBeCloseTo(100, 9);
    expect(centre[1]).toBeCloseTo(50, 9);
    expect([w, h, r.value.rotation]).toEqual([40, 20, 30]);
  });

  it('counts everything it cannot keep', async () => {
    const ds = one([
      { type: 'skeleton', elements: [], label: 0, attributes: {} },
      { type: 'cuboid2d', points: [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7], attributes: {} },
      { type: 'bbox', x: 1, y: 1, w: 2, h: 2, label: 0, objectId: 4, group: 2, zOrder: 1, attributes: {} },
      { type: 'points', points: [1, 1, 2, 2, 3, 3], visibility: [2, 0, 1], label: 1, attributes: {} },
      { type: 'label', label: 0, attributes: { verified: true } },
      { type: 'bbox', x: 1, y: 1, w: 2, h: 2, label: 0, attributes: { annotator: 3 } },
    ]);
    const { report, tasks } = await written(ds, { to: 'predictions' });
    expect(report.dropped).toEqual({
      skeleton: 1,
      cuboid2d: 1,
      objectId: 1,
      attribute: 3,
      point: 1,
      'label parent': 1,
    });
    expect(report.converted).toEqual({ 'points->point shapes': 1 });
    const kinds = tasks[0].predictions.flatMap((p: any) => p.result.map((r: any) => r.type));
    // The group is a per-region number.
    expect(kinds).toEqual([
      'rectanglelabels',
      'number',
      'keypointlabels',
      'keypointlabels',
      'choices',
      'rectanglelabels',
    ]);
    expect(tasks[0].predictions[0].result[3].value.hidden).toBe(true);
  });

  it('drops shapes in pixels on an image of unknown size, and a rotation it cannot turn without one', async () => {
    const ds = one(
      [
        { type: 'polygon', points: [0, 0, 1, 0, 1, 1], label: 0, attributes: {} },
        {
          type: 'bbox',
          x: 0.1,
          y: 0.1,
          w: 0.2,
          h: 0.2,
          normalized: true,
          label: 0,
          attributes: { rotation: 10 },
        },
      ],
      { kind: 'image', path: 'a.jpg' },
    );
    const { report } = await written(ds);
    expect(report.dropped).toEqual({ polygon: 1, rotation: 1, 'label parent': 1 });
  });

  it('writes local image paths encoded, keeps URLs and cloud URIs, and saves only local images', async () => {
    const img = bytes('I');
    const ds = new Dataset({ labels: [] }, [
      {
        id: 'x/a b',
        subset: 'val',
        media: { kind: 'image', path: 'x/a b+1.png', bytes: async () => img },
        attributes: { k: 1 },
        annotations: [],
      },
      {
        id: 'c',
        subset: 'default',
        media: { kind: 'image', path: 's3://bucket/c.jpg', bytes: async () => img },
        attributes: {},
        annotations: [],
      },
      { id: 'd', subset: 'default', attributes: {}, annotations: [] },
    ]);
    const { tasks, sink } = await written(ds, { saveMedia: true });
    expect(tasks.map((t: any) => t.data)).toEqual([
      { image: '/data/local-files/?d=x/a%20b%2B1.png', k: 1, subset: 'val', item_id: 'x/a b' },
      { image: 's3://bucket/c.jpg' },
      { image: '/data/local-files/?d=d.jpg' },
    ]);
    expect([...sink.files.keys()].sort()).toEqual(['tasks.json', 'tasks.label_config.xml', 'x/a b+1.png']);
    const back = await readAll(labelStudio, sink.tree());
    expect([...back].map((i) => [i.subset, i.id, i.media?.path])).toEqual([
      ['val', 'x/a b', 'x/a b+1.png'],
      ['default', 'c', 's3://bucket/c.jpg'],
      ['default', 'd', 'd.jpg'],
    ]);
  });

  it("writes back the control names it read (the dataset's infos)", async () => {
    const tree = memoryTree({
      'e.json': dumps([
        {
          data: { img: 'a.jpg' },
          annotations: [
            {
              result: [
                {
                  original_width: 10,
                  original_height: 10,
                  type: 'rectanglelabels',
                  from_name: 'tag',
                  to_name: 'img',
                  value: { x: 0, y: 0, width: 50, height: 50, rectanglelabels: ['a'] },
                },
                {
                  original_width: 10,
                  original_height: 10,
                  type: 'rectanglelabels',
                  from_name: 'other',
                  to_name: 'img',
                  value: { x: 0, y: 0, width: 10, height: 10, rectanglelabels: ['b'] },
                },
              ],
            },
          ],
        },
      ]),
      'config.xml':
        '<View><Image name="img" value="$img"/><RectangleLabels name="tag" toName="img"><Label value="a"/><Label value="b"/></RectangleLabels><RectangleLabels name="other" toName="img"/></View>',
    });
    const { dataset, tree: out } = await writeAndReadBack(labelStudio, await labelStudio.read!(tree));
    expect([...dataset][0]!.annotations.map((a) => a.attributes)).toEqual([{}, { from_name: 'other' }]);
    const tasks = JSON.parse(text(await out.read('tasks.json')));
    expect(tasks[0].data).toEqual({ img: '/data/local-files/?d=a.jpg' });
    expect(tasks[0].annotations[0].result.map((r: any) => [r.from_name, r.to_name])).toEqual([
      ['tag', 'img'],
      ['other', 'img'],
    ]);
  });
});
