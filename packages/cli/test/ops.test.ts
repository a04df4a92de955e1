import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bbox, datumaroDir, sampleDir } from './ops-fixtures.js';
import { runCli, tempDir } from './run-cli.js';

const info = async (dir: string) => JSON.parse((await runCli('info', dir, '--json')).stdout);
const out = () => join(tempDir(), 'out');
/** Arguments without spaces, written as one line. */
const words = (line: string) => line.split(' ');

describe('labelport transform', () => {
  it('remap_labels with default=delete, written in the input format', async () => {
    const o = out();
    const r = await runCli(
      'transform',
      sampleDir(),
      '-o',
      o,
      ...words('-t remap_labels -p person=human -p default=delete'),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/remap_labels: 4 items out of 4, 3 items changed, 2 annotations removed/);
    const s = await info(o);
    expect(s.format).toBe('datumaro');
    expect(s.labels).toEqual(['human']);
    expect(s.annotations).toEqual({ bbox: 2 });
  });

  it('chains -t in order, each -p belonging to the -t before it', async () => {
    const o = out();
    const chain = words(
      '-t rename -p regex=|^(.*)$|x_\\1| -t map_subsets -p val=valid -t remove_annotations -p label=cat',
    );
    const r = await runCli('transform', sampleDir(), '-o', o, ...chain, '--json');
    expect(r.code, r.stderr).toBe(0);
    const s = await info(o);
    expect(s.subsets).toEqual({ train: 3, valid: 1 });
    expect(s.annotations).toEqual({ bbox: 3 });
    const doc = JSON.parse(readFileSync(join(o, 'annotations', 'train.json'), 'utf8'));
    expect(doc.items.map((i: { id: string }) => i.id)).toEqual(['x_a', 'x_b', 'x_c']);
  });

  it('-f writes another format', async () => {
    const o = out();
    const r = await runCli(
      'transform',
      sampleDir(),
      '-o',
      o,
      '-f',
      'coco_instances',
      '-t',
      'reindex',
      '-p',
      'start=1',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(o, 'annotations')).sort()).toEqual([
      'instances_train.json',
      'instances_val.json',
    ]);
  });

  it.each([
    [['-t', 'nope'], /unknown transform 'nope'; valid transforms: remap_labels, project_labels, rename/],
    [['-t', 'reindex', '-p', 'begin=3'], /unknown parameter 'begin'; valid parameters: start, annotations/],
    [['-t', 'reindex', '-p', 'start=x'], /parameter 'start': expected an? (integer|number), got 'x'/],
    [['-p', 'start=1', '-t', 'reindex'], /comes before any -t/],
    [['-t', 'remap_labels', '-p', 'default=drop'], /keep, delete/],
    [['-t', 'random_split', '-p', 'train=0.5'], /add up to 1/],
    [['-t', 'rename', '-p', 'regex=oops'], /pattern\|replacement/],
    [[], /at least one -t/],
  ])('bad transform arguments %j: exit 2, nothing written', async (args, message) => {
    const o = out();
    const r = await runCli('transform', sampleDir(), '-o', o, ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(o)).toBe(false);
  });

  it("the data transforms (issue 24): Datumaro's names, -p key=value, a line each of what changed", async () => {
    const o = out();
    const chain = words(
      '-t remove_items -p id=c:train -t boxes_to_polygons -t reindex_annotations -p start=10 -t sort -p key=[subset,id] -t project_infos -p author=me -p year=2024',
    );
    const r = await runCli('transform', sampleDir(), '-o', o, ...chain);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/remove_images: 3 items out of 4, 1 items removed/);
    expect(r.stdout).toMatch(/boxes_to_polygons: .*4 bbox->polygon/);
    expect(r.stdout).toMatch(/reindex_annotations: .*4 annotations changed/);
    expect(r.stdout).toMatch(/sort: 3 items out of 3; 0 items moved/);
    expect(r.stdout).toMatch(/project_infos: .*infos set: author, year/);
    const doc = JSON.parse(readFileSync(join(o, 'annotations', 'train.json'), 'utf8'));
    expect(doc.infos).toEqual({ author: 'me', year: 2024 });
    expect(doc.items.map((i: { id: string }) => i.id)).toEqual(['a', 'b']);
    expect(doc.items[0].annotations.map((a: { type: string; id: number }) => [a.type, a.id])).toEqual([
      ['polygon', 10],
      ['polygon', 11],
    ]);
  });

  it('correct repairs what validate reports', async () => {
    const dir = datumaroDir(['a'], {
      train: [{ id: 'x', annotations: [bbox(0, 90, 90, 20, 20, { id: 1 }), bbox(0, 5, 5, 0, 3, { id: 2 })] }],
    });
    const o = out();
    const r = await runCli('transform', dir, '-o', o, '-t', 'correct');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /correct: 1 items out of 1, 1 items changed, 1 annotations removed, 1 annotations changed; outside-image: 1 shapes clipped to the image; empty-shape: 1 annotations removed/,
    );
    const doc = JSON.parse(readFileSync(join(o, 'annotations', 'train.json'), 'utf8'));
    expect(doc.items[0].annotations.map((a: { bbox: number[] }) => a.bbox)).toEqual([[90, 90, 10, 10]]);
    const v = await runCli('validate', o);
    expect(v.stdout).toMatch(/0 errors, 0 warnings/);
  });

  it('--seed seeds the samplers: the same seed, the same items; -p seed= wins over it', async () => {
    const many = datumaroDir(['a'], {
      train: Array.from({ length: 30 }, (_, i) => ({ id: `i${i}`, annotations: [bbox(0, 1, 1, 2, 2)] })),
    });
    const sample = async (...args: string[]) => {
      const o = out();
      const r = await runCli('transform', many, '-o', o, '-t', 'random_sampler', '-p', 'count=5', ...args);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/random_sampler: 5 items out of 30, 25 items removed/);
      const doc = JSON.parse(readFileSync(join(o, 'annotations', 'train.json'), 'utf8'));
      return doc.items.map((i: { id: string }) => i.id);
    };
    const a = await sample('--seed', '4');
    expect(await sample('--seed', '4')).toEqual(a);
    expect(await sample('-p', 'seed=4', '--seed', '9')).toEqual(a);
    expect(await sample('--seed', '5')).not.toEqual(a);
    const bad = await runCli(
      'transform',
      many,
      '-o',
      out(),
      '-t',
      'random_sampler',
      '-p',
      'count=1',
      '--seed',
      'x',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--seed must be an integer/);
  });

  it('help lists every transform with its parameters', async () => {
    const r = await runCli('transform', '--help');
    expect(r.stdout).toMatch(
      /merge_instance_segments: .*\n\s+-p include_polygons \(boolean, default false\): rasterise/,
    );
    expect(r.stdout).toMatch(/-p <label> \(string\): the new name of a label/);
    expect(r.stdout).toMatch(/remove_images \(also remove_items\): /);
    for (const name of [
      'boxes_to_polygons',
      'reindex_annotations',
      'sort',
      'bbox_values_decrement',
      'project_infos',
    ])
      expect(r.stdout).toMatch(new RegExp(`\\n  ${name}: `));
    for (const name of [
      'crop_covered_segments',
      'random_sampler',
      'label_random_sampler',
      'astype_annotations',
    ])
      expect(r.stdout).toMatch(new RegExp(`\\n  ${name}: `));
    expect(r.stdout).toMatch(
      /-p labels \(string\[\]\): the target labels, comma-separated \(required\) \(also label\)/,
    );
  });
});

describe('labelport filter', () => {
  it('keeps items with a matching annotation', async () => {
    const o = out();
    const r = await runCli('filter', sampleDir(), '-o', o, '-e', "label == 'person' and area > 100");
    expect(r.code, r.stderr).toBe(0);
    const s = await info(o);
    expect(s.items).toBe(1);
    expect(s.annotations).toEqual({ bbox: 2 });
  });

  it('--mode annotations keeps every item, and items+annotations drops the emptied ones', async () => {
    const o1 = out();
    expect(
      (
        await runCli(
          'filter',
          sampleDir(),
          '-o',
          o1,
          '-e',
          "label != 'cat' and not occluded",
          '--mode',
          'annotations',
        )
      ).code,
    ).toBe(0);
    expect(await info(o1)).toMatchObject({ items: 4, annotations: { bbox: 2 } });
    const o2 = out();
    expect(
      (
        await runCli(
          'filter',
          sampleDir(),
          '-o',
          o2,
          '-e',
          "label in ['dog', 'cat']",
          '--mode',
          'items+annotations',
        )
      ).code,
    ).toBe(0);
    expect(await info(o2)).toMatchObject({ items: 2, annotations: { bbox: 2 } });
  });

  it('item fields and attributes', async () => {
    const o = out();
    expect(
      (await runCli('filter', sampleDir(), '-o', o, '-e', "subset == 'val' or attributes.weather == 'rain'"))
        .code,
    ).toBe(0);
    expect((await info(o)).items).toBe(1);
  });

  it.each([["label == 'x' and"], ['constructor.prototype'], ['process.exit(1)'], ['x = 1']])(
    'refuses %s: exit 2, nothing written',
    async (expr) => {
      const o = out();
      const r = await runCli('filter', sampleDir(), '-o', o, '-e', expr);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/filter:/);
      expect(existsSync(o)).toBe(false);
    },
  );

  it('an unknown --mode is a usage error', async () => {
    const o = out();
    expect((await runCli('filter', sampleDir(), '-o', o, '-e', 'true', '--mode', 'frames')).code).toBe(2);
    expect(existsSync(o)).toBe(false);
  });
});

describe('labelport split', () => {
  const many = () =>
    datumaroDir(['a', 'b', 'c'], {
      default: Array.from({ length: 200 }, (_, i) => ({
        id: `i${i}`,
        annotations: [
          bbox(i % 10 === 0 ? 2 : i % 3 === 0 ? 1 : 0, 0, 0, 5, 5),
          ...(i % 4 === 0 ? [bbox(1, 1, 1, 2, 2)] : []),
        ],
      })),
    });

  it('exact proportions, stratified by label, deterministic for a seed', async () => {
    const dir = many();
    const o = out();
    const r = await runCli(
      'split',
      dir,
      '-o',
      o,
      '-p',
      'train=0.7',
      '-p',
      'val=0.2',
      '-p',
      'test=0.1',
      '--seed',
      '3',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
    expect(j.subsets).toEqual({ train: 140, val: 40, test: 20 });
    expect((await info(o)).subsets).toEqual({ train: 140, val: 40, test: 20 });
    const share = { train: 0.7, val: 0.2, test: 0.1 } as Record<string, number>;
    for (const [label, counts] of Object.entries(j.labels as Record<string, Record<string, number>>)) {
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      for (const [s, n] of Object.entries(counts))
        expect(Math.abs(n / total - share[s]), `${label} ${s}`).toBeLessThanOrEqual(0.05);
    }
    const o2 = out();
    await runCli('split', dir, '-o', o2, '-p', 'train=0.7', '-p', 'val=0.2', '-p', 'test=0.1', '--seed', '3');
    expect(readFileSync(join(o2, 'annotations', 'val.json'), 'utf8')).toBe(
      readFileSync(join(o, 'annotations', 'val.json'), 'utf8'),
    );
  });

  it.each([
    [['-p', 'train=0.7', '-p', 'val=0.2']],
    [['-p', 'train=x', '-p', 'val=1']],
    [['-p', 'train']],
    [['-p', 'train=1', '--seed', 'abc']],
    [['-p', 'train=1', '--by', 'colour']],
  ])('bad split arguments %j: exit 2, nothing written', async (args) => {
    const o = out();
    const r = await runCli('split', sampleDir(), '-o', o, ...args);
    expect(r.code).toBe(2);
    expect(existsSync(o)).toBe(false);
  });
});

describe('labelport merge', () => {
  const other = (size: [number, number] = [100, 100]) =>
    datumaroDir(['person', 'bird'], {
      train: [
        { id: 'a', size, annotations: [bbox(0, 0, 0, 10, 20, { id: 2 }), bbox(1, 3, 3, 3, 3, { id: 9 })] },
      ],
      extra: [{ id: 'z', annotations: [bbox(1, 1, 1, 1, 1)] }],
    });

  it('merges labels by name and items by subset and id', async () => {
    const o = out();
    const r = await runCli('merge', sampleDir(), other(), '-o', o, '-f', 'datumaro');
    expect(r.code, r.stderr).toBe(0);
    const s = await info(o);
    expect(s.labels).toEqual(['cat', 'dog', 'person', 'bird']);
    expect(s.subsets).toEqual({ train: 3, val: 1, extra: 1 });
    expect(s.annotations).toEqual({ bbox: 6 });
  });

  it('conflicts: error by default (exit 1, nothing written); union and first report each', async () => {
    const o = out();
    const bad = await runCli('merge', sampleDir(), other([50, 60]), '-o', o, '-f', 'datumaro');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/item 'a' of subset 'train': media size 100x100 and 60x50/);
    expect(existsSync(o)).toBe(false);
    const u = await runCli(
      'merge',
      sampleDir(),
      other([50, 60]),
      '-o',
      o,
      '-f',
      'datumaro',
      '--on-conflict',
      'union',
      '--json',
    );
    expect(u.code, u.stderr).toBe(0);
    expect(u.stderr).toMatch(/conflict: train\/a: media size/);
    expect(JSON.parse(u.stdout.slice(u.stdout.indexOf('{'))).conflicts).toHaveLength(1);
  });
});

describe('labelport stats', () => {
  it('--json has info counts and labels by type; --html draws SVG', async () => {
    const dir = sampleDir();
    const html = join(tempDir(), 'stats.html');
    const r = await runCli('stats', dir, '--json', '--html', html);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    const i = await info(dir);
    for (const k of ['items', 'subsets', 'annotations', 'mediaWithSize', 'mediaMissing'])
      expect(s[k]).toEqual(i[k]);
    expect(s.labels).toEqual({ cat: { bbox: 1 }, dog: { bbox: 1 }, person: { bbox: 2 } });
    expect(s.itemsWithoutAnnotations).toBe(1);
    expect(s.areas.bbox).toMatchObject({ count: 4, min: 4, max: 2500 });
    expect(s.attributes.occluded).toEqual({ true: 1 });
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/<svg/);
    expect(page).not.toMatch(/https?:\/\/|<script/);
  });
});

describe('labelport diff', () => {
  it('equal with itself; counts added, removed and changed', async () => {
    const dir = sampleDir();
    const same = await runCli('diff', dir, dir, '--json', '--exit-code');
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout)).toMatchObject({
      equal: true,
      annotations: { matched: 4, added: 0, removed: 0, changed: 0 },
    });
    const moved = datumaroDir(['cat', 'dog', 'person'], {
      train: [
        { id: 'a', annotations: [bbox(0, 12, 10, 40, 40), bbox(1, 0, 0, 10, 20)] },
        { id: 'b', annotations: [bbox(1, 5, 5, 50, 50, { attributes: { occluded: true } })] },
        { id: 'e', annotations: [] },
      ],
      val: [{ id: 'd', annotations: [bbox(2, 1, 1, 2, 2)], attr: { weather: 'rain' } }],
    });
    const r = await runCli('diff', dir, moved, '--json', '--exit-code');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      equal: false,
      itemsOnlyInA: 1,
      itemsOnlyInB: 1,
      annotations: { matched: 3, changed: 1, removed: 1, added: 1 },
    });
    expect((await runCli('diff', dir, moved)).code).toBe(0);
    expect((await runCli('diff', dir, moved, '--iou', '2')).code).toBe(2);
  });

  it('COCO -> Datumaro -> COCO diffs equal (examples/coco-sample)', async () => {
    const coco = join(__dirname, '../../../examples/coco-sample');
    const d = out();
    const back = out();
    expect((await runCli('convert', coco, '-f', 'datumaro', '-o', d)).code).toBe(0);
    expect((await runCli('convert', d, '-f', 'coco_instances', '-o', back)).code).toBe(0);
    const r = await runCli('diff', coco, back, '--json', '--exit-code');
    expect(r.code, r.stdout).toBe(0);
    expect(JSON.parse(r.stdout).equal).toBe(true);
  });
});
