import { memoryTree } from '@labelport/core';
import { decodeRle, encodeRle } from '@labelport/core/geometry';
import { readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { cvatVideo } from '../src/index.js';
import { interpolateTrack } from '../src/lib/cvat-interpolate.js';
import { parseSkeletonEdges } from '../src/lib/cvat-meta.js';
import { plainDecimal, plainPoints } from '../src/lib/cvat-numbers.js';
import { bitmapToCvatMask, cvatMaskToRle, parseCvatCounts } from '../src/lib/cvat-rle.js';

describe('CVAT mask RLE', () => {
  // The example of CVAT's XML format documentation: a 13x15 disc at (707, 888).
  const counts = parseCvatCounts(
    '3, 5, 7, 7, 5, 9, 3, 11, 2, 11, 2, 12, 1, 12, 1, 26, 1, 12, 1, 12, 2, 11, 3, 9, 5, 7, 7, 5, 3',
  )!;

  it('decodes into the image and encodes back to the same runs', () => {
    const rle = cvatMaskToRle({ counts, left: 707, top: 888, width: 13, height: 15 }, 1000, 1000);
    const bitmap = decodeRle(rle);
    // Row-major runs: the first row of the box is 3 clear, 5 set, 5 clear.
    expect([...bitmap.data.subarray(888 * 1000 + 707, 888 * 1000 + 720)]).toEqual([
      0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    ]);
    expect(bitmapToCvatMask(bitmap)).toEqual({ counts, left: 707, top: 888, width: 13, height: 15 });
  });

  it('gives the runs of the dense image, for boxes in, across and out of the image', () => {
    let seed = 3;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n);
    };
    for (let k = 0; k < 200; k++) {
      const [W, H, width, height] = [1 + rand(9), 1 + rand(9), 1 + rand(6), 1 + rand(6)];
      const [left, top] = [rand(W + 4) - 3, rand(H + 4) - 3];
      const counts: number[] = [];
      for (let left = width * height; left > 0; ) {
        const n = Math.min(left, rand(4));
        counts.push(n);
        left -= n;
      }
      if (counts.length % 2 === 0) counts.push(0);
      const dense = { width: W, height: H, data: new Uint8Array(W * H) };
      let pos = 0;
      counts.forEach((n, i) => {
        for (let p = pos; p < pos + n; p++) {
          const [x, y] = [left + (p % width), top + Math.floor(p / width)];
          if (i % 2 && x >= 0 && y >= 0 && x < W && y < H) dense.data[y * W + x] = 1;
        }
        pos += n;
      });
      expect(cvatMaskToRle({ counts, left, top, width, height }, W, H)).toEqual(encodeRle(dense));
    }
  });

  it('cuts off what lies outside the image', () => {
    const rle = cvatMaskToRle({ counts: [0, 4], left: 1, top: 1, width: 2, height: 2 }, 2, 2);
    expect(decodeRle(rle).data).toEqual(new Uint8Array([0, 0, 0, 1]));
  });

  it('rejects counts that are not whole numbers', () => {
    expect(parseCvatCounts('1, x')).toBeUndefined();
    expect(parseCvatCounts('1, -2')).toBeUndefined();
  });
});

describe('tracks', () => {
  const box = (x: number, attrs: object = {}) => ({
    type: 'bbox' as const,
    x,
    y: 0,
    w: 2,
    h: 2,
    attributes: { keyframe: true, outside: false, ...attrs },
  });

  it('interpolates boxes linearly between keyframes and stops at an outside shape', () => {
    const out = interpolateTrack(
      [
        { frame: 0, ann: box(0) },
        { frame: 4, ann: box(8) },
        { frame: 5, ann: box(8, { outside: true }) },
      ],
      1,
      9,
    );
    expect(out.map((s) => [s.frame, s.ann.type === 'bbox' && s.ann.x, s.ann.attributes.keyframe])).toEqual([
      [1, 2, false],
      [2, 4, false],
      [3, 6, false],
    ]);
  });

  it('gives a track shape with a bad frame a one-line error with its line', async () => {
    const xml = `<annotations><version>1.1</version>
<meta><task><mode>interpolation</mode><labels><label><name>car</name></label></labels></task></meta>
<track id="0" label="car">
<box frame="x" keyframe="1" outside="0" occluded="0" xtl="0" ytl="0" xbr="1" ybr="1"/>
</track></annotations>`;
    await expect(readAll(cvatVideo, memoryTree({ 'a.xml': xml }))).rejects.toThrow(
      /^a\.xml: line 4 <box>: 'frame' must be a whole number/,
    );
  });

  it('names the track whose label is not declared', async () => {
    const xml = `<annotations><version>1.1</version>
<meta><task><labels><label><name>car</name></label></labels></task></meta>
<track id="0" label="bus"><box frame="0" xtl="0" ytl="0" xbr="1" ybr="1"/></track></annotations>`;
    await expect(readAll(cvatVideo, memoryTree({ 'a.xml': xml }))).rejects.toThrow(
      /^a\.xml: line 3 <track>: label 'bus' is not declared in <meta>$/,
    );
  });
});

describe('skeleton SVG', () => {
  it('maps the edges between nodes to point indices', () => {
    const svg =
      '<line data-type="edge" data-node-from="2" data-node-to="1"></line><circle data-node-id="1" data-label-name="b"></circle><circle data-node-id="2" data-label-name="a"></circle>';
    expect(parseSkeletonEdges(svg, ['a', 'b'])).toEqual([[0, 1]]);
  });
});

describe('CVAT numbers', () => {
  it("reads plain decimals to exactly Number()'s value, and nothing else", () => {
    const texts = [
      '0',
      '-0',
      '5.',
      '.5',
      '-.25',
      '007',
      '0.1',
      '0.3',
      '123456789012345',
      '1234567890123456789',
    ];
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let k = 0; k < 10000; k++) {
      const v = (rand() - 0.5) * 10 ** Math.floor(rand() * 12);
      texts.push(String(v), v.toFixed(k % 7), v.toPrecision(1 + (k % 17)).replace(/e.*$/, ''));
    }
    expect(texts.filter((t) => !Object.is(plainDecimal(t, 0, t.length), Number(t)))).toEqual([]);
    for (const t of ['', '-', '.', '1e5', ' 1', '1.2.3', '+1', '0x10', 'Infinity'])
      expect(plainDecimal(t, 0, t.length)).toBeNaN();
  });

  it('reads plain points, and leaves anything else to the slow way', () => {
    expect(plainPoints('1,2;-3.5,4.25')).toEqual([1, 2, -3.5, 4.25]);
    expect(plainPoints('1,2;')).toEqual([1, 2]);
    expect(plainPoints('')).toEqual([]);
    for (const t of ['1,2;;3,4', '1,2,3', '1;2', '1, 2', '1,2;3', '1e3,2'])
      expect(plainPoints(t)).toBeUndefined();
  });
});
