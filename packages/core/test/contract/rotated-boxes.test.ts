import { describe, expect, it } from 'vitest';
import { boxFromCorners, rotatedBoxCorners } from '../../src/geometry/index.js';
import {
  type AnyFormat,
  convert,
  type DatasetItem,
  defineFormat,
  type FormatCapabilities,
  memorySink,
  sourceOf,
} from '../../src/index.js';

function sinkFormat(caps: Partial<FormatCapabilities>, seen: DatasetItem[]): AnyFormat {
  return defineFormat({
    id: 'rot_sink',
    title: 'rotation sink',
    extensions: [],
    capabilities: {
      annotations: ['bbox'],
      media: ['image'],
      tracks: false,
      attributes: true,
      subsets: true,
      streaming: true,
      ...caps,
    },
    async write(source) {
      for await (const item of source.items()) seen.push(item);
      return { items: seen.length, dropped: {}, converted: {}, warnings: [] };
    },
  });
}

const turned = () =>
  sourceOf({ labels: [{ name: 'car' }] }, [
    {
      id: 'a',
      subset: 'default',
      annotations: [
        { type: 'bbox', label: 0, x: 10, y: 20, w: 40, h: 20, attributes: { rotation: 90, occluded: true } },
        { type: 'bbox', label: 0, x: 0, y: 0, w: 1, h: 1, attributes: { rotation: 0 } },
      ],
      attributes: {},
    },
  ]);

describe('rotated boxes', () => {
  it('corners turn clockwise about the centre, and come back', () => {
    const c = rotatedBoxCorners(10, 20, 40, 20, 90);
    // centre (30, 30); the top-left corner (-20, -10) from it turns to (+10, -20)
    expect(c.map((v) => Math.round(v * 1e6) / 1e6)).toEqual([40, 10, 40, 50, 20, 50, 20, 10]);
    const b = boxFromCorners(c);
    expect([b.x, b.y, b.w, b.h, b.rotation].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([
      10, 20, 40, 20, 90,
    ]);
    // counter-clockwise corner order reads the same box
    const ccw = [c[0]!, c[1]!, c[6]!, c[7]!, c[4]!, c[5]!, c[2]!, c[3]!];
    const b2 = boxFromCorners(ccw);
    expect([b2.x, b2.y, b2.w, b2.h, b2.rotation].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([
      10, 20, 40, 20, 90,
    ]);
  });

  it('a format without rotation that holds polygons gets the four corners, counted', async () => {
    const seen: DatasetItem[] = [];
    const report = await convert(
      turned(),
      sinkFormat({ annotations: ['bbox', 'polygon'] }, seen),
      memorySink(),
    );
    expect(report.converted).toEqual({ 'bbox->polygon': 1 });
    const [poly, plain] = seen[0]!.annotations;
    expect(poly).toMatchObject({ type: 'polygon', label: 0, attributes: { occluded: true } });
    expect(plain).toMatchObject({ type: 'bbox', x: 0, attributes: { rotation: 0 } });
  });

  it('a format with boxes only gets the upright box around it, and the rotation counted as lost', async () => {
    const seen: DatasetItem[] = [];
    const report = await convert(turned(), sinkFormat({}, seen), memorySink());
    expect(report.dropped).toEqual({ rotation: 1 });
    const box = seen[0]!.annotations[0]!;
    expect(box).toMatchObject({ type: 'bbox', attributes: { occluded: true } });
    expect([box.type === 'bbox' && Math.round(box.x), box.type === 'bbox' && Math.round(box.w)]).toEqual([
      20, 20,
    ]);
  });

  it('a format that keeps rotation gets the box as it is', async () => {
    const seen: DatasetItem[] = [];
    const report = await convert(turned(), sinkFormat({ rotation: true }, seen), memorySink());
    expect(report.dropped).toEqual({});
    expect(seen[0]!.annotations[0]).toMatchObject({ type: 'bbox', attributes: { rotation: 90 } });
  });
});

describe('boxFromCorners on Ultralytics corner order', () => {
  it('reads xywhr2xyxyxyxy corners (from the bottom-right, counter-clockwise on screen) as the box', () => {
    // an upright 40 x 20 box centred at (30, 30), corners as Ultralytics orders them
    const b = boxFromCorners([50, 40, 50, 20, 10, 20, 10, 40]);
    expect([b.x, b.y, b.w, b.h, b.rotation].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([
      10, 20, 40, 20, 0,
    ]);
  });
});

describe('rotation kept by a format without attributes', () => {
  it('reaches the writer on the box, and is not counted as a lost attribute', async () => {
    const seen: DatasetItem[] = [];
    const report = await convert(
      turned(),
      sinkFormat({ rotation: true, attributes: false }, seen),
      memorySink(),
    );
    expect(report.dropped).toEqual({ attribute: 1 }); // occluded, not the rotation
    expect(seen[0]!.annotations[0]!.attributes).toEqual({ rotation: 90 });
  });
});
