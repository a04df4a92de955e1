/**
 * Open Images as its downloads name the files, V4 to V7 (written here in their shapes): subset
 * prefixes with and without `oidv6-`/`oidv7-`, no subset at all, class lists with and without a
 * header; and annotation files without their images, whose boxes stay fractions through a conversion.
 */
import { bitmapMask, convert, createRegistry, memorySink, memoryTree } from '@labelport/core';
import { countAnnotations, readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { formats, openImages } from '../src/index.js';

const BOX_HEADER =
  'ImageID,Source,LabelName,Confidence,XMin,XMax,YMin,YMax,IsOccluded,IsTruncated,IsGroupOf,IsDepiction,IsInside';
const LABEL_HEADER = 'ImageID,Source,LabelName,Confidence';

/** V4/V5: `class-descriptions-boxable.csv` without a header, `<subset>-annotations-...` names. */
const v4 = () =>
  memoryTree({
    'class-descriptions-boxable.csv': '/m/011k07,Tortoise\n/m/0120dh,Sea turtle\n',
    'train-annotations-bbox.csv': `${BOX_HEADER}\n000002b66c9c498e,xclick,/m/011k07,1,0.0125,0.195312,0.148438,0.5875,0,1,0,0,0\n`,
    'train-annotations-human-imagelabels-boxable.csv': `${LABEL_HEADER}\n000002b66c9c498e,verification,/m/0120dh,0\n`,
  });

/** V6/V7: `oidv6-`/`oidv7-` prefixes (`val` for validation), class lists with a header, files beside others without. */
const v7 = () =>
  memoryTree({
    'oidv7-class-descriptions-boxable.csv':
      'LabelName,DisplayName\n/m/011k07,Tortoise\n/m/0120dh,Sea turtle\n',
    'oidv6-train-annotations-bbox.csv': `${BOX_HEADER}\n000002b66c9c498e,xclick,/m/011k07,1,0.25,0.5,0,1,0,0,0,0,0\n`,
    'oidv7-val-annotations-human-imagelabels.csv': `${LABEL_HEADER}\n0001eeaf4aed83f9,crowdsource-verification,/m/0120dh,1\n`,
    'validation-annotations-bbox.csv': `${BOX_HEADER}\n0001eeaf4aed83f9,xclick,/m/0120dh,1,0,0.5,0,0.5,1,0,0,0,0\n`,
  });

/** Files named without a subset. */
const bare = () =>
  memoryTree({
    'class-descriptions.csv': '/m/011k07,Tortoise\n',
    'annotations-human-imagelabels-boxable.csv': `${LABEL_HEADER}\nabc,verification,/m/011k07,1\n`,
    'annotations-bbox.csv': `${BOX_HEADER}\nabc,xclick,/m/011k07,1,0,1,0,1,0,0,0,0,0\n`,
  });

describe('Open Images file names, V4 to V7', () => {
  it('V4/V5 names and a headerless class list', async () => {
    const { matches } = await createRegistry(formats).detect(v4());
    expect(matches[0]?.id).toBe('open_images');
    const ds = await readAll(openImages, v4());
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['/m/011k07', '/m/0120dh']);
    expect(countAnnotations(ds)).toEqual({ bbox: 1, label: 1 });
    expect(ds.subsets()).toEqual(['train']);
  });

  it('V6/V7 names: oidv prefixes, the boxable class list with its header, val = validation', async () => {
    const ds = await readAll(openImages, v7());
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['/m/011k07', '/m/0120dh']);
    expect(ds.subsets().sort()).toEqual(['train', 'validation']);
    // the V7 labels and the V5-named boxes of one validation image join into one item
    expect(
      ds
        .get('validation', '0001eeaf4aed83f9')!
        .annotations.map((a) => a.type)
        .sort(),
    ).toEqual(['bbox', 'label']);
  });

  it('names without a subset read into default', async () => {
    const ds = await readAll(openImages, bare());
    expect(ds.subsets()).toEqual(['default']);
    expect(countAnnotations(ds)).toEqual({ bbox: 1, label: 1 });
  });
});

describe('Open Images without images: boxes stay fractions', () => {
  it('are read normalised, with no warning', async () => {
    const warnings: string[] = [];
    const ds = await readAll(openImages, v7(), { onWarning: (w: string) => warnings.push(w) });
    expect(ds.get('train', '000002b66c9c498e')!.annotations[0]).toMatchObject({
      type: 'bbox',
      x: 0.25,
      y: 0,
      w: 0.25,
      h: 1,
      normalized: true,
    });
    expect(warnings).toEqual([]);
  });

  it('narrative mouse traces are kept as fractions too', async () => {
    const line = {
      dataset_id: 'open_images_validation',
      image_id: '0001eeaf4aed83f9',
      annotator_id: 7,
      caption: 'a turtle',
      timed_caption: [],
      traces: [
        [
          { x: 0.5, y: 0.25, t: 0 },
          { x: 0.75, y: 0.5, t: 0.1 },
        ],
      ],
    };
    const t = memoryTree({
      'class-descriptions.csv': '/m/011k07,Tortoise\n',
      'open_images_validation_localized_narratives.jsonl': `${JSON.stringify(line)}\n`,
    });
    const ds = await readAll(openImages, t);
    const trace = ds.get('validation', '0001eeaf4aed83f9')!.annotations.find((a) => a.type === 'polyline');
    expect(trace).toMatchObject({ points: [0.5, 0.25, 0.75, 0.5], normalized: true });
    const sink = memorySink('out');
    expect((await convert(ds, openImages, sink)).dropped).toEqual({});
    const back = await readAll(openImages, sink.tree());
    expect(
      back.get('validation', '0001eeaf4aed83f9')!.annotations.find((a) => a.type === 'polyline'),
    ).toMatchObject({
      points: [0.5, 0.25, 0.75, 0.5],
    });
  });

  it('Open Images -> Open Images keeps every box, as the same fractions, and reports nothing lost', async () => {
    const source = await openImages.read!(v7());
    const sink = memorySink('out');
    const report = await convert(source, openImages, sink);
    expect(report.dropped).toEqual({});
    const back = await readAll(openImages, sink.tree());
    expect(countAnnotations(back)).toEqual({ bbox: 2, label: 1 });
    const csv = new TextDecoder().decode(await sink.tree().read('annotations/train-annotations-bbox.csv'));
    expect(csv.split('\n')[1]).toBe('000002b66c9c498e,xclick,/m/011k07,1,0.25,0.5,0,1,0,0,0,0,0');
  });

  it('boxes in pixels on items without a size are what it reports, once, with a count', async () => {
    const source = {
      categories: { labels: [{ name: '/m/0' }] },
      async *items() {
        for (const id of ['a', 'b'])
          yield {
            id,
            subset: 'train',
            attributes: {},
            annotations: [{ type: 'bbox' as const, label: 0, x: 1, y: 1, w: 2, h: 2, attributes: {} }],
          };
      },
    };
    const sink = memorySink('out');
    const report = await convert(source, openImages, sink);
    expect(report.dropped).toEqual({ bbox: 2 });
    expect(report.warnings).toEqual([
      'annotations in pixels on items without an image size cannot be written (Open Images stores fractions of it)',
    ]);
  });
});

describe('Open Images groups', () => {
  it('group 0 is a group: the mask of group 0 gets the box of group 0', async () => {
    const source = {
      categories: { labels: [{ name: '/m/0' }] },
      async *items() {
        yield {
          id: 'a',
          subset: 'train',
          attributes: {},
          media: { kind: 'image' as const, width: 4, height: 2 },
          annotations: [
            { type: 'bbox' as const, label: 0, x: 0, y: 0, w: 2, h: 2, group: 0, attributes: {} },
            {
              type: 'mask' as const,
              label: 0,
              group: 0,
              mask: bitmapMask({ width: 4, height: 2, data: new Uint8Array([1, 1, 0, 0, 1, 1, 0, 0]) }),
              attributes: {},
            },
          ],
        };
      },
    };
    const sink = memorySink('out');
    await convert(source, openImages, sink);
    const csv = new TextDecoder().decode(
      await sink.tree().read('annotations/train-annotations-object-segmentation.csv'),
    );
    // MaskPath,ImageID,LabelName,BoxID,BoxXMin,BoxXMax,BoxYMin,BoxYMax,...
    expect(csv.split('\n')[1]!.split(',').slice(1, 8)).toEqual([
      'a',
      '/m/0',
      '00000000',
      '0',
      '0.5',
      '0',
      '1',
    ]);
    const back = await readAll(openImages, sink.tree());
    const [box, mask] = back.get('train', 'a')!.annotations;
    expect(mask!.group).toBe(box!.group);
  });
});
