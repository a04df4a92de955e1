import {
  bitmapMask,
  type Categories,
  Dataset,
  type DatasetItem,
  loadMask,
  memoryTree,
  rleMask,
} from '@labelport/core';
import { encodeRle } from '@labelport/core/geometry';
import { countAnnotations, describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { openImages } from '../src/index.js';
import { chunkedTree, fullFixture, fullTree, maskPng } from './fixtures.js';

const labels: Categories = {
  labels: [{ name: '/m/0' }, { name: '/m/1', parent: '/m/0' }, { name: '/m/2' }, { name: 'Fiat "500", red' }],
};

const eye = (n: number) => {
  const data = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) data[i * n + i] = 1;
  return { width: n, height: n, data };
};

function roundTripSource(): Dataset {
  const items: DatasetItem[] = [
    {
      id: 'a',
      subset: 'train',
      annotations: [{ type: 'label', label: 0, attributes: { score: 0.7 } }],
      attributes: {},
    },
    {
      id: 'b',
      subset: 'train',
      media: { kind: 'image', width: 8, height: 8 },
      attributes: { rotation: 90 },
      annotations: [
        { type: 'label', label: 1, attributes: { score: 1, source: 'verification' } },
        { type: 'label', label: 2, attributes: { score: 0 } },
        { type: 'label', label: 3, attributes: { score: 0.5, source: 'machine' } },
        { type: 'bbox', label: 0, x: 4, y: 3, w: 2, h: 3, group: 1, attributes: { score: 1 } },
        {
          type: 'bbox',
          label: 1,
          x: 2,
          y: 3,
          w: 6,
          h: 1,
          group: 2,
          attributes: {
            score: 0.7,
            occluded: true,
            truncated: false,
            is_group_of: true,
            is_depiction: false,
            is_inside: false,
            source: 'xclick',
          },
        },
        { type: 'mask', label: 0, mask: bitmapMask(eye(8)), attributes: { box_id: '00000001' } },
        {
          type: 'mask',
          label: 1,
          mask: rleMask(encodeRle({ width: 8, height: 8, data: new Uint8Array(64).fill(1) })),
          group: 2,
          attributes: { box_id: '00000000', predicted_iou: 0.75, clicks: '0.5 0.5 1' },
        },
      ],
    },
    {
      id: 'c',
      subset: 'validation',
      media: { kind: 'image', width: 10, height: 4 },
      attributes: {},
      annotations: [
        {
          type: 'bbox',
          label: 3,
          x: 1,
          y: 1,
          w: 4,
          h: 2,
          group: 1,
          attributes: { score: 1, source: 'xclick' },
        },
        {
          type: 'points',
          label: 3,
          points: [1, 2, 5, 2, 3, 1, 3, 3],
          visibility: [2, 2, 2, 2],
          group: 1,
          attributes: { xclick: true },
        },
        {
          type: 'points',
          label: 2,
          points: [5, 2],
          visibility: [2],
          attributes: {
            estimated_yes_no: 'yes',
            source: 'ff',
            yes_votes: 1,
            no_votes: 0,
            unsure_votes: 0,
            text_label: 'x, "y"',
          },
        },
        {
          type: 'bbox',
          label: 0,
          x: 0,
          y: 0,
          w: 5,
          h: 2,
          group: 2,
          attributes: { relationship: 'on', role: 'subject' },
        },
        {
          type: 'bbox',
          label: 3,
          x: 5,
          y: 2,
          w: 5,
          h: 2,
          group: 2,
          attributes: { relationship: 'on', role: 'object' },
        },
        {
          type: 'bbox',
          label: 3,
          x: 5,
          y: 2,
          w: 5,
          h: 2,
          group: 3,
          attributes: { relationship: 'is', is: '/m/02gy9n' },
        },
        {
          type: 'caption',
          caption: 'A car, then "another",\nover lines.',
          group: 4,
          attributes: { annotator_id: 7 },
        },
        {
          type: 'polyline',
          points: [0, 0, 10, 4, 5, 2],
          group: 4,
          attributes: { annotator_id: 7, trace: true },
        },
      ],
    },
  ];
  return new Dataset(labels, items);
}

describeFormat(openImages, {
  fixtures: [
    {
      name: 'every file kind (V6/V7 names, annotations/ folder)',
      tree: fullTree,
      expect: {
        items: 3,
        subsets: { train: 2, validation: 1 },
        // labels: 3 human rows + 1 machine row; bbox: 3 box rows + 2 (the "on" relation) + 1 (the "is" relation);
        // points: the one box with XClicks + 2 point labels; masks: 2 rows; one narrative with 2 traces.
        annotations: { label: 4, bbox: 6, points: 4, mask: 2, caption: 1, polyline: 2 },
        // The point classes' file adds the one point class the main list lacks.
        labels: ['/m/01g317', '/m/0k4j', '/m/02wvth', '/m/03hgsf0', '/m/0bl9f', '/g/11bc5yhfnk'],
      },
      async check(ds) {
        // Subcategory edges give parents; the Part edge does not.
        expect(ds.categories.labels.map((l) => l.parent)).toEqual([
          '/m/0bl9f',
          '/m/0bl9f',
          '/m/0k4j',
          undefined,
          undefined,
          undefined,
        ]);
        const a = ds.get('train', '000a')!;
        expect(a.attributes).toEqual({ rotation: 90 });
        expect(a.media).toMatchObject({ width: 10, height: 4 });
        const box = a.annotations.find((x) => x.type === 'bbox')!;
        expect(box).toMatchObject({ x: 1, y: 1, w: 4, h: 3, group: 1, label: 0 });
        expect(box.attributes).toEqual({
          score: 1,
          occluded: true,
          truncated: false,
          is_depiction: false,
          is_inside: false,
          source: 'xclick',
        });
        const clicks = a.annotations.find((x) => x.type === 'points')!;
        expect(clicks).toMatchObject({ group: 1, label: 0, attributes: { xclick: true } });
        if (clicks.type === 'points')
          expect(clicks.points.map((v) => Number(v.toFixed(6)))).toEqual([1, 2, 5, 2.4, 3, 1, 2, 4]);
        const labelsOfA = a.annotations
          .filter((x) => x.type === 'label')
          .map((x) => [x.label, x.attributes.score]);
        expect(labelsOfA).toEqual([
          [0, 1],
          [1, 0],
        ]);

        const b = ds.get('train', '000b')!;
        const machine = b.annotations.find((x) => x.type === 'label' && x.attributes.source === 'machine');
        expect(machine).toMatchObject({ label: 2, attributes: { score: 0.83 } });
        const masks = b.annotations.filter((x) => x.type === 'mask');
        // The first mask's box matches the second box row (group 2); the second matches no box (no group).
        expect(masks.map((m) => [m.group, m.attributes])).toEqual([
          [2, { box_id: '0000beef', predicted_iou: 0.81, clicks: '0.6 0.7 1;0.1 0.1 0' }],
          [undefined, { box_id: '0000cafe' }],
        ]);
        const m = masks[0]!.type === 'mask' ? await loadMask(masks[0].mask) : undefined;
        expect(m?.width).toBe(20);
        expect(m?.height).toBe(10);
        // Mask pixel (2,1) covers x 10..14, y 5..9.
        let on = 0;
        for (let y = 0; y < 10; y++) {
          for (let x = 0; x < 20; x++) {
            if (!m!.data[y * 20 + x]) continue;
            on++;
            expect(x >= 10 && y >= 5).toBe(true);
          }
        }
        expect(on).toBe(50);

        const c = ds.get('validation', '000c')!;
        const points = c.annotations.filter((x) => x.type === 'points');
        expect(points[0]).toMatchObject({
          points: [4, 2],
          label: 1,
          attributes: {
            estimated_yes_no: 'yes',
            source: 'ff',
            yes_votes: 1,
            no_votes: 0,
            unsure_votes: 0,
            text_label: 'car',
          },
        });
        const narrative = c.annotations.filter((x) => x.type === 'caption' || x.type === 'polyline');
        const attrs = {
          annotator_id: 93,
          voice_recording: 'open_images_validation/open_images_validation_000c_93.ogg',
        };
        expect(narrative).toEqual([
          {
            type: 'caption',
            caption: 'In this image I can see a car, "quoted".',
            group: 3,
            attributes: attrs,
          },
          { type: 'polyline', points: [4, -1, 6, 4], group: 3, attributes: { ...attrs, trace: true } },
          { type: 'polyline', points: [0, 0, 8, 8, 8, 0], group: 3, attributes: { ...attrs, trace: true } },
        ]);
        const rel = c.annotations.filter((x) => x.type === 'bbox');
        expect(rel.map((x) => [x.group, x.attributes])).toEqual([
          [1, { relationship: 'on', role: 'subject' }],
          [1, { relationship: 'on', role: 'object' }],
          [2, { relationship: 'is', is: '/m/02gy9n' }],
        ]);
      },
    },
    {
      name: 'files streamed in 7-byte chunks',
      tree: () => chunkedTree(fullTree(), 7),
      detect: false,
      expect: { items: 3, annotations: { label: 4, bbox: 6, points: 4, mask: 2, caption: 1, polyline: 2 } },
    },
    {
      name: 'V5: header-less class list at the root, items only in a bbox file',
      tree: memoryTree({
        'class-descriptions-boxable.csv': '/m/011k07,Tortoise\n/m/0cmf2,"Airplane, big"\n',
        'validation-annotations-bbox.csv':
          'ImageID,Source,LabelName,Confidence,XMin,XMax,YMin,YMax,IsOccluded,IsTruncated,IsGroupOf,IsDepiction,IsInside\nff01,xclick,/m/0cmf2,1,0,1,0,1,0,0,0,0,0\n',
        'images.meta': 'ff01 5 5\n',
        'images/validation/ff01.jpg': new Uint8Array([0xff, 0xd8, 0xff]),
      }),
      expect: {
        items: 1,
        subsets: { validation: 1 },
        annotations: { bbox: 1 },
        labels: ['/m/011k07', '/m/0cmf2'],
      },
      check(ds) {
        // images.meta sits in the annotation folder, here the root: it gives the size (5x5).
        expect(ds.get('validation', 'ff01')!.media).toMatchObject({
          path: 'images/validation/ff01.jpg',
          width: 5,
          height: 5,
        });
        expect(ds.get('validation', 'ff01')!.annotations[0]).toMatchObject({
          x: 0,
          y: 0,
          w: 5,
          h: 5,
          label: 1,
        });
      },
    },
  ],
  roundTrips: [
    {
      name: 'labels, boxes, masks, XClick points, point labels, relationships, quoted names',
      source: roundTripSource,
    },
    {
      name: 'a polygon becomes a mask',
      source: () =>
        new Dataset(labels, [
          {
            id: 'p',
            subset: 'default',
            media: { kind: 'image', width: 4, height: 4 },
            attributes: {},
            annotations: [{ type: 'polygon', label: 0, points: [0, 0, 2, 0, 2, 2, 0, 2], attributes: {} }],
          },
        ]),
      expectLoss: { converted: { 'polygon->mask': 1 } },
      compare: { capabilities: { ...openImages.capabilities, annotations: [] } },
    },
  ],
  badInputs: [
    {
      name: 'no class descriptions',
      tree: memoryTree({ 'annotations/image_ids_and_rotation.csv': 'ImageID,Subset\na,train\n' }),
      code: 'not-found',
    },
    {
      name: 'a label missing from the class list',
      tree: memoryTree({
        'annotations/class-descriptions.csv': '/m/0,Zero\n',
        'annotations/train-annotations-human-imagelabels.csv':
          'ImageID,Source,LabelName,Confidence\na,v,/m/9,1\n',
      }),
      code: 'unknown-label',
      message: /train-annotations-human-imagelabels\.csv: line 2: label '\/m\/9'/,
    },
    {
      name: 'a bad row after a field that spans lines and an empty line',
      tree: memoryTree({
        'annotations/class-descriptions.csv': '/m/0,Zero\n',
        'annotations/train-annotations-human-imagelabels.csv':
          'ImageID,Source,LabelName,Confidence\na,"multi\nline",/m/0,1\n\nb,v,/m/9,1\n',
      }),
      code: 'unknown-label',
      message: /human-imagelabels\.csv: line 5: label '\/m\/9'/,
    },
    {
      name: 'a box coordinate that is not a number',
      tree: memoryTree({
        'annotations/class-descriptions.csv': '/m/0,Zero\n',
        'annotations/images.meta': 'a 2 2\n',
        'annotations/train-annotations-bbox.csv':
          'ImageID,Source,LabelName,Confidence,XMin,XMax,YMin,YMax,IsOccluded,IsTruncated,IsGroupOf,IsDepiction,IsInside\na,x,/m/0,1,0,zero,0,1,0,0,0,0,0\n',
      }),
      code: 'bad-value',
      message: /annotations-bbox\.csv: line 2: XMax/,
    },
    {
      name: 'a box flag out of range',
      tree: memoryTree({
        'annotations/class-descriptions.csv': '/m/0,Zero\n',
        'annotations/images.meta': 'a 2 2\n',
        'annotations/train-annotations-bbox.csv':
          'ImageID,Source,LabelName,Confidence,XMin,XMax,YMin,YMax,IsOccluded,IsTruncated,IsGroupOf,IsDepiction,IsInside\na,x,/m/0,1,0,1,0,1,7,0,0,0,0\n',
      }),
      code: 'bad-value',
      message: /line 2: IsOccluded/,
    },
    {
      name: 'an unclosed quote',
      tree: memoryTree({
        'annotations/class-descriptions.csv': '/m/0,Zero\n',
        'annotations/train-annotations-human-imagelabels.csv':
          'ImageID,Source,LabelName,Confidence\na,"v,/m/0,1\n',
      }),
      code: 'bad-csv',
      message: /train-annotations-human-imagelabels\.csv: line/,
    },
    {
      name: 'a mask path that leaves its folder',
      tree: memoryTree({
        'annotations/class-descriptions.csv': '/m/0,Zero\n',
        'annotations/images.meta': 'a 2 2\n',
        'annotations/train-annotations-object-segmentation.csv':
          'MaskPath,ImageID,LabelName,BoxID,BoxXMin,BoxXMax,BoxYMin,BoxYMax,PredictedIoU,Clicks\n../x.png,a,/m/0,00000000,,,,,,\n',
      }),
      code: 'unsafe-path',
      message: /object-segmentation\.csv: line 2/,
    },
    {
      name: 'a missing mask PNG',
      tree: memoryTree({
        'annotations/class-descriptions.csv': '/m/0,Zero\n',
        'annotations/images.meta': 'a 2 2\n',
        'annotations/train-annotations-object-segmentation.csv':
          'MaskPath,ImageID,LabelName,BoxID,BoxXMin,BoxXMax,BoxYMin,BoxYMax,PredictedIoU,Clicks\na_m0_00000000.png,a,/m/0,00000000,,,,,,\n',
      }),
      code: 'not-found',
      message: /masks\/train\/a_m0_00000000\.png/,
    },
    {
      name: 'a bad images.meta line',
      tree: memoryTree({
        'annotations/class-descriptions.csv': '/m/0,Zero\n',
        'annotations/images.meta': 'a 2 wide\n',
      }),
      code: 'bad-line',
      message: /images\.meta: line 1/,
    },
    {
      name: 'a truncated hierarchy JSON',
      tree: memoryTree({
        'annotations/class-descriptions.csv': '/m/0,Zero\n',
        'annotations/bbox_labels_600_hierarchy.json': '{"LabelName": "/m/x", "Sub',
      }),
      code: 'bad-json',
      message: /bbox_labels_600_hierarchy\.json/,
    },
    {
      name: 'a subset name with a slash',
      tree: memoryTree({
        'annotations/class-descriptions.csv': '/m/0,Zero\n',
        'annotations/image_ids_and_rotation.csv': 'ImageID,Subset\na,../up\n',
      }),
      code: 'bad-value',
      message: /image_ids_and_rotation\.csv: line 2/,
    },
    {
      name: 'an image list without an ImageID column',
      tree: memoryTree({
        'annotations/class-descriptions.csv': '/m/0,Zero\n',
        'annotations/image_ids_and_rotation.csv': 'Id,Subset\na,train\n',
      }),
      code: 'bad-csv',
      message: /image_ids_and_rotation\.csv: line 1: the header has no column ImageID/,
    },
  ],
});

describe('open_images streaming and fallbacks', () => {
  it('joins unsorted files by holding them, and says so', async () => {
    const files = fullFixture();
    files['annotations/oidv7-train-annotations-human-imagelabels.csv'] = [
      'ImageID,Source,LabelName,Confidence',
      '000b,crowdsource-verification,/m/0k4j,1',
      '000a,verification,/m/01g317,1',
      '000a,verification,/m/0k4j,0',
    ].join('\n');
    const warnings: string[] = [];
    const ds = await readAll(openImages, memoryTree(files), { onWarning: (w: string) => warnings.push(w) });
    expect(countAnnotations(ds)).toEqual({ label: 4, bbox: 6, points: 4, mask: 2, caption: 1, polyline: 2 });
    expect(ds.get('train', '000a')!.annotations.filter((a) => a.type === 'label')).toHaveLength(2);
    expect(warnings).toEqual([
      expect.stringMatching(/oidv7-train-annotations-human-imagelabels\.csv: not sorted by ImageID; holding/),
    ]);
  });

  it('reads a sorted dataset without a warning, and twice over', async () => {
    const warnings: string[] = [];
    const source = await openImages.read!(fullTree(), { onWarning: (w: string) => warnings.push(w) });
    const ids = async () => {
      const out: string[] = [];
      for await (const item of source.items()) out.push(item.id);
      return out;
    };
    expect(await ids()).toEqual(['000a', '000b', '000c']);
    expect(await ids()).toEqual(['000a', '000b', '000c']);
    expect(warnings).toEqual([]);
  });

  it('skips bad rows with lenient, reporting each', async () => {
    const warnings: string[] = [];
    const tree = memoryTree({
      'annotations/class-descriptions.csv': '/m/0,Zero\n',
      'annotations/images.meta': 'a 2 2\nb 2 2\n',
      'annotations/train-annotations-bbox.csv':
        'ImageID,Source,LabelName,Confidence,XMin,XMax,YMin,YMax,IsOccluded,IsTruncated,IsGroupOf,IsDepiction,IsInside\na,x,/m/0,1,0,1,0,1,0,0,0,0,0\na,x,/m/7,1,0,1,0,1,0,0,0,0,0\nb,x,/m/0,1,0,one,0,1,0,0,0,0,0\n',
    });
    const ds = await readAll(openImages, tree, { lenient: true, onWarning: (w: string) => warnings.push(w) });
    expect(countAnnotations(ds)).toEqual({ bbox: 1 });
    expect(ds.size).toBe(2);
    expect(warnings).toHaveLength(2);
  });

  it('names ten items whose masks it cannot place (no size), then counts the rest', async () => {
    const warnings: string[] = [];
    let rows = 'MaskPath,ImageID,LabelName,BoxID,BoxXMin,BoxXMax,BoxYMin,BoxYMax,PredictedIoU,Clicks\n';
    for (let i = 0; i < 25; i++) {
      const id = String(i).padStart(3, '0');
      rows += `${id}_m0_0.png,${id},/m/0,0,0,1,0,1,,\n`;
    }
    const tree = memoryTree({
      'annotations/class-descriptions.csv': '/m/0,Zero\n',
      'annotations/train-annotations-object-segmentation.csv': rows,
    });
    const ds = await readAll(openImages, tree, { onWarning: (w: string) => warnings.push(w) });
    expect(ds.size).toBe(25);
    expect(warnings).toHaveLength(11);
    expect(warnings[0]).toMatch(/item '000': its image size is unknown .*its masks are skipped/);
    expect(warnings[10]).toMatch(/^25 items in all have no known image size \(15 more/);
  });

  it('keeps the boxes of an item whose size is unknown as fractions (normalized)', async () => {
    const warnings: string[] = [];
    const tree = memoryTree({
      'annotations/class-descriptions.csv': '/m/0,Zero\n',
      'annotations/train-annotations-bbox.csv':
        'ImageID,Source,LabelName,Confidence,XMin,XMax,YMin,YMax,IsOccluded,IsTruncated,IsGroupOf,IsDepiction,IsInside\na,x,/m/0,1,0.25,0.5,0.125,1,0,0,0,0,0\n',
    });
    const ds = await readAll(openImages, tree, { onWarning: (w: string) => warnings.push(w) });
    expect(ds.get('train', 'a')!.annotations).toEqual([
      expect.objectContaining({ type: 'bbox', x: 0.25, y: 0.125, w: 0.25, h: 0.875, normalized: true }),
    ]);
    expect(warnings).toEqual([]);
  });

  it('writes the files Datumaro writes, with its names', async () => {
    const { tree, report } = await writeAndReadBack(openImages, roundTripSource());
    const names = (await tree.list()).map((f) => f.path).sort();
    expect(names).toEqual([
      'annotations/bbox_labels_600_hierarchy.json',
      'annotations/class-descriptions.csv',
      'annotations/images.meta',
      'annotations/open_images_validation_localized_narratives.jsonl',
      'annotations/train-annotations-bbox.csv',
      'annotations/train-annotations-human-imagelabels.csv',
      'annotations/train-annotations-machine-imagelabels.csv',
      'annotations/train-annotations-object-segmentation.csv',
      'annotations/train-images-with-rotation.csv',
      'annotations/validation-annotations-bbox.csv',
      'annotations/validation-annotations-point-labels.csv',
      'annotations/validation-annotations-vrd.csv',
      'annotations/validation-images-with-rotation.csv',
      'masks/train/b_m0_00000001.png',
      'masks/train/b_m1_00000000.png',
    ]);
    expect(report.dropped).toEqual({});
    const text = new TextDecoder();
    expect(text.decode(await tree.read('annotations/class-descriptions.csv'))).toBe(
      '/m/0,/m/0\n/m/1,/m/1\n/m/2,/m/2\n"Fiat ""500"", red","Fiat ""500"", red"\n',
    );
    expect(JSON.parse(text.decode(await tree.read('annotations/bbox_labels_600_hierarchy.json')))).toEqual({
      LabelName: '/m/3',
      Subcategory: [{ LabelName: '/m/0', Subcategory: [{ LabelName: '/m/1' }] }],
    });
    expect(
      text
        .decode(await tree.read('annotations/train-annotations-bbox.csv'))
        .split('\n')
        .slice(0, 3),
    ).toEqual([
      'ImageID,Source,LabelName,Confidence,XMin,XMax,YMin,YMax,IsOccluded,IsTruncated,IsGroupOf,IsDepiction,IsInside',
      'b,,/m/0,1,0.5,0.75,0.375,0.75,-1,-1,-1,-1,-1',
      'b,xclick,/m/1,0.7,0.25,1,0.375,0.5,1,0,1,0,0',
    ]);
    expect(text.decode(await tree.read('annotations/images.meta'))).toBe('b 8 8\nc 4 10\n');
  });

  it('copies images with saveMedia, and reads them back with their sizes', async () => {
    const png = maskPng(['101', '010']);
    const ds = new Dataset(labels, [
      {
        id: 'img/1',
        subset: 'train',
        media: { kind: 'image', path: 'img/1.png', width: 3, height: 2, bytes: async () => png },
        attributes: {},
        annotations: [],
      },
    ]);
    const { tree, dataset } = await writeAndReadBack(openImages, ds, { saveMedia: true });
    expect(await tree.read('images/train/img/1.png')).toEqual(png);
    expect(dataset.get('train', 'img/1')!.media).toMatchObject({
      path: 'images/train/img/1.png',
      width: 3,
      height: 2,
    });
  });

  it('reports what it cannot write', async () => {
    const ds = new Dataset(labels, [
      {
        id: 'x',
        subset: 'default',
        attributes: { weather: 'rain' },
        annotations: [
          { type: 'bbox', label: 0, x: 0, y: 0, w: 1, h: 1, attributes: { color: 'red' } },
          { type: 'label', label: 0, attributes: { score: 1, note: 'n' } },
          { type: 'ellipse', x1: 0, y1: 0, x2: 1, y2: 1, attributes: {} },
          { type: 'points', label: 0, points: [1, 1, 2, 2, 3, 3], visibility: [2, 2, 2], attributes: {} },
        ],
      },
    ]);
    const { report } = await writeAndReadBack(openImages, ds);
    // the box is in pixels and the item has no size: Open Images cannot place it
    expect(report.dropped).toEqual({
      'item attribute': 1,
      bbox: 1,
      attribute: 1,
      ellipse: 1,
      points: 1,
    });
    expect(report.warnings).toContain(
      'annotations in pixels on items without an image size cannot be written (Open Images stores fractions of it)',
    );
  });

  it('keeps an image listed under two subsets in the first, and says so', async () => {
    const warnings: string[] = [];
    const tree = memoryTree({
      'annotations/class-descriptions.csv': '/m/0,Zero\n',
      'annotations/train-images-with-rotation.csv': 'ImageID,Subset\na,train\nb,train\n',
      'annotations/validation-images-with-rotation.csv': 'ImageID,Subset\nb,validation\n',
    });
    const ds = await readAll(openImages, tree, { onWarning: (w: string) => warnings.push(w) });
    expect(Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).map((i) => i.id)]))).toEqual({
      train: ['a', 'b'],
    });
    expect(warnings).toEqual([
      expect.stringMatching(
        /validation-images-with-rotation\.csv: line 2: image 'b' is listed again under subset 'validation'/,
      ),
    ]);
  });

  it('reads only what Datumaro reads with datumaroModel', async () => {
    const ds = await readAll(openImages, fullTree(), { datumaroModel: true });
    // Human labels (3 rows), box rows (3), mask rows (2); no Source, XClicks, Clicks, rotation or extra classes.
    expect(countAnnotations(ds)).toEqual({ label: 3, bbox: 3, mask: 2 });
    expect(ds.categories.labels).toHaveLength(5);
    expect(ds.get('train', '000a')!.attributes).toEqual({});
    const boxAttrs = ds.get('train', '000a')!.annotations.find((a) => a.type === 'bbox')!.attributes;
    expect(boxAttrs).toEqual({
      score: 1,
      occluded: true,
      truncated: false,
      is_depiction: false,
      is_inside: false,
    });
    const masks = ds.get('train', '000b')!.annotations.filter((a) => a.type === 'mask');
    expect(masks.map((m) => m.attributes)).toEqual([
      { box_id: '0000beef', predicted_iou: 0.81 },
      { box_id: '0000cafe' },
    ]);
  });

  it('takes the labels from dataset_meta.json when there is one', async () => {
    const tree = memoryTree({
      'dataset_meta.json': JSON.stringify({ label_map: { '1': 'dog', '0': 'cat' } }),
      'annotations/train-images-with-rotation.csv': 'ImageID,Subset\na,train\n',
      'annotations/train-annotations-human-imagelabels.csv':
        'ImageID,Source,LabelName,Confidence\na,,dog,1\n',
    });
    const ds = await readAll(openImages, tree);
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['cat', 'dog']);
    expect(ds.get('train', 'a')!.annotations).toEqual([
      { type: 'label', label: 1, attributes: { score: 1 } },
    ]);
  });

  it('keeps the mask pixels exactly', async () => {
    const tree = memoryTree({
      'annotations/class-descriptions.csv': '/m/0,Zero\n',
      'annotations/images.meta': 'a 3 5\n',
      'annotations/train-annotations-object-segmentation.csv':
        'MaskPath,ImageID,LabelName,BoxID,BoxXMin,BoxXMax,BoxYMin,BoxYMax,PredictedIoU,Clicks\na_m0_00000000.png,a,/m/0,00000000,,,,,,\n',
      // Same size as the image: no resize.
      'masks/train/a_m0_00000000.png': maskPng(['10101', '01010', '11111']),
    });
    const ds = await readAll(openImages, tree);
    const mask = ds.get('train', 'a')!.annotations[0]!;
    expect(mask.type).toBe('mask');
    if (mask.type === 'mask') expect([...(await loadMask(mask.mask)).data].join('')).toBe('101010101011111');
  });
});

describe('open_images streams sorted files', () => {
  it('yields the first item long before the box file has been read', async () => {
    const rows = [
      'ImageID,Source,LabelName,Confidence,XMin,XMax,YMin,YMax,IsOccluded,IsTruncated,IsGroupOf,IsDepiction,IsInside',
    ];
    let meta = '';
    for (let i = 0; i < 5000; i++) {
      const id = i.toString(16).padStart(16, '0');
      meta += `${id} 10 10\n`;
      for (let k = 0; k < 4; k++) rows.push(`${id},xclick,/m/0,1,0.1,0.5,0.2,0.6,0,0,0,0,0`);
    }
    const file = 'annotations/validation-annotations-bbox.csv';
    const base = memoryTree({
      'annotations/class-descriptions.csv': '/m/0,Zero\n',
      'annotations/images.meta': meta,
      [file]: `${rows.join('\n')}\n`,
    });
    const total = (await base.stat(file))!.size;
    // Bytes handed out by the most recently opened stream of the box file (the join's, after the order check).
    let lastStream = { bytes: 0 };
    const tree = {
      ...chunkedTree(base, 4096),
      async *stream(p: string) {
        const mine = { bytes: 0 };
        if (p === file) lastStream = mine;
        for await (const chunk of chunkedTree(base, 4096).stream(p)) {
          mine.bytes += chunk.length;
          yield chunk;
        }
      },
    };
    const source = await openImages.read!(tree);
    let seenAtFirst = -1;
    let items = 0;
    for await (const item of source.items()) {
      if (items++ === 0) seenAtFirst = lastStream.bytes;
      expect(item.annotations).toHaveLength(4);
    }
    expect(items).toBe(5000);
    expect(seenAtFirst).toBeGreaterThan(0);
    expect(seenAtFirst).toBeLessThan(total / 10);
  });
});

describe('Open Images mask groups (issue 21)', () => {
  it('keeps a mask tied to a box of its label, and counts masks grouped without one', async () => {
    const m = () => bitmapMask(eye(4));
    const ds = new Dataset(labels, [
      {
        id: 'g',
        subset: 'train',
        media: { kind: 'image', width: 4, height: 4 },
        attributes: {},
        annotations: [
          { type: 'bbox', label: 0, x: 0, y: 0, w: 2, h: 2, group: 1, attributes: {} },
          { type: 'mask', label: 0, mask: m(), group: 1, attributes: {} },
          // no box of its label in the group: the tie is lost
          { type: 'mask', label: 2, mask: m(), group: 1, attributes: {} },
          // a group of two masks, no box
          { type: 'mask', label: 2, mask: m(), group: 5, attributes: {} },
          { type: 'mask', label: 2, mask: m(), group: 5, attributes: {} },
          // a group of one ties nothing
          { type: 'mask', label: 2, mask: m(), group: 9, attributes: {} },
        ],
      },
    ]);
    const { dataset, report } = await writeAndReadBack(openImages, ds);
    expect(report.dropped).toEqual({ group: 3 });
    expect(report.warnings.join()).toMatch(/masks grouped without one lose their group/);
    const back = dataset.get('train', 'g')!.annotations;
    const box = back.find((a) => a.type === 'bbox')!;
    const masks = back.filter((a) => a.type === 'mask');
    expect(masks.map((a) => a.group === box.group && box.group !== undefined)).toEqual([
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});
