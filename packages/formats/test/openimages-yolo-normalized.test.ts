/**
 * Open Images <-> YOLO without images: both store boxes as fractions of the image, so a download of
 * annotation files alone converts both ways with every box kept (the model carries `normalized`
 * coordinates until a writer needs pixels). For Open Images itself and for both YOLO writers, which
 * declare `capabilities.normalized` (they take fractions without an image size).
 */
import { convert, type DatasetSource, memorySink, memoryTree } from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { openImages } from '@labelport/format-openimages';
import { yolo, yoloUltralytics } from '@labelport/format-yolo';
import { describe, expect, it } from 'vitest';

const BOX_HEADER =
  'ImageID,Source,LabelName,Confidence,XMin,XMax,YMin,YMax,IsOccluded,IsTruncated,IsGroupOf,IsDepiction,IsInside';

/** Annotation files only, V6 names, no images and no images.meta. */
const openImagesFiles = () =>
  memoryTree({
    'oidv6-class-descriptions.csv': 'LabelName,DisplayName\n/m/011k07,Tortoise\n/m/0120dh,Sea turtle\n',
    'oidv6-train-annotations-bbox.csv': [
      BOX_HEADER,
      '000002b66c9c498e,xclick,/m/011k07,1,0.25,0.5,0.125,0.625,0,0,0,0,0',
      '000002b66c9c498e,xclick,/m/0120dh,1,0,1,0.5,1,0,0,0,0,0',
      '000002b97e5471a0,xclick,/m/0120dh,1,0.1,0.3,0.2,0.6,0,0,0,0,0',
    ].join('\n'),
  });

/** The boxes of a dataset as [item, label name, xmin, ymin, xmax, ymax] fractions, sorted. */
async function boxes(source: DatasetSource) {
  const out: (string | number)[][] = [];
  const r = (v: number) => Math.round(v * 1e6) / 1e6;
  for await (const item of source.items()) {
    for (const a of item.annotations) {
      if (a.type !== 'bbox') continue;
      expect(a.normalized).toBe(true);
      const name = source.categories.labels[a.label!]!.name;
      out.push([item.id, name, r(a.x), r(a.y), r(a.x + a.w), r(a.y + a.h)]);
    }
  }
  return out.sort((p, q) => JSON.stringify(p).localeCompare(JSON.stringify(q)));
}

// Open Images itself first: the same test, Open Images -> Open Images without images
for (const target of [openImages, yolo, yoloUltralytics]) {
  describe(`Open Images <-> ${target.id} without images`, () => {
    it('every box goes through both ways, as the same fractions, nothing reported lost', async () => {
      expect(target.capabilities.normalized).toBe(true);
      const original = await readAll(openImages, openImagesFiles());
      const expected = await boxes(original);
      expect(expected).toHaveLength(3);

      const out = memorySink(target.id);
      const r1 = await convert(original, target, out);
      // no box is lost; YOLO has no attributes, so Open Images' source (and flags) are reported lost
      const { attribute, ...boxesAndOthers } = r1.dropped;
      expect(boxesAndOthers).toEqual({});
      if (target === openImages) expect(attribute).toBeUndefined();
      else expect(attribute).toBeGreaterThan(0);
      const viaTarget = await readAll(target, out.tree());
      expect(await boxes(viaTarget)).toEqual(expected);

      const back = memorySink('oi');
      const r2 = await convert(viaTarget, openImages, back);
      expect(r2.dropped).toEqual({});
      expect(await boxes(await readAll(openImages, back.tree()))).toEqual(expected);
    });
  });
}

it('YOLO label files alone (an Ultralytics data.yaml, no images) -> Open Images keeps every box', async () => {
  const tree = memoryTree({
    'data.yaml': 'path: .\ntrain: images/train\nval: images/val\nnames:\n  0: Tortoise\n  1: Sea turtle\n',
    'labels/train/a.txt': '0 0.5 0.5 0.25 0.5\n1 0.25 0.25 0.1 0.1\n',
    'labels/val/b.txt': '1 0.5 0.5 1 1\n',
  });
  const source = await readAll(yoloUltralytics, tree);
  const sink = memorySink('oi');
  const report = await convert(source, openImages, sink);
  expect(report.dropped).toEqual({});
  const back = await readAll(openImages, sink.tree());
  expect(await boxes(back)).toEqual([
    ['a', 'Sea turtle', 0.2, 0.2, 0.3, 0.3],
    ['a', 'Tortoise', 0.375, 0.25, 0.625, 0.75],
    ['b', 'Sea turtle', 0, 0, 1, 1],
  ]);
});
