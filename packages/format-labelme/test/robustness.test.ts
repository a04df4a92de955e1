// Regression tests from the fuzzer (tooling/fuzz): bad input is a DatasetError, never a plain Error.
import {
  bitmapMask,
  createRegistry,
  isDatasetError,
  loadMask,
  type MaskAnnotation,
  memorySink,
  memoryTree,
  sourceOf,
} from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { labelme, labelmeJson } from '../src/index.js';

it('an annotation nested 200,000 tags deep is a DatasetError naming the file', async () => {
  const n = 200_000;
  const xml = `<?xml version="1.0"?>\n<annotation><filename>a.jpg</filename>${'<a>'.repeat(n)}${'</a>'.repeat(n)}</annotation>\n`;
  const tree = memoryTree({ 'Annotations/s/a.xml': xml, 'Images/s/a.jpg': new Uint8Array([1]) });
  const err = await readAll(labelme, tree).catch((e) => e);
  expect(isDatasetError(err)).toBe(true);
  expect(err.message).toMatch(/^Annotations\/s\/a\.xml: /);
  expect(err.message).not.toContain('\n');
});

it('a mask file name holding a newline is quoted: the error stays on one line', async () => {
  const xml = `<annotation><filename>a.jpg</filename><folder>s</folder><imagesize><nrows>6</nrows><ncols>8</ncols></imagesize>
<object><name>car</name><deleted>0</deleted><id>0</id><segm><box><xmin>0</xmin><ymin>0</ymin><xmax>1</xmax><ymax>1</ymax></box><mask>m
a.png</mask></segm></object></annotation>`;
  const tree = memoryTree({ 'Annotations/s/a.xml': xml, 'Images/s/a.jpg': new Uint8Array([1]) });
  const err = await readAll(labelme, tree).catch((e) => e);
  expect(isDatasetError(err), String(err)).toBe(true);
  expect(err.message).not.toContain('\n');
});

// Masks are loaded and painted (written) or decoded and placed on the image (read) at 100x100 only
// under the caller's limits.maxPixels (the fuzzer runs at 2^22), not the default 2^28.
it.each([labelme, labelmeJson])(
  '$id writes and reads a 100x100 mask only under limits.maxPixels',
  async (format) => {
    const limited = { limits: { maxPixels: 1000 } };
    const data = new Uint8Array(100 * 100).fill(1, 2020, 2060);
    const dataset = sourceOf({ labels: [{ name: 'car' }] }, [
      {
        id: 'a',
        subset: 'default',
        media: { kind: 'image', path: 'a.jpg', width: 100, height: 100 },
        annotations: [
          { type: 'mask', label: 0, attributes: {}, mask: bitmapMask({ width: 100, height: 100, data }) },
        ],
        attributes: {},
      },
    ]);
    await expect(format.write!(dataset, memorySink(), limited)).rejects.toMatchObject({ code: 'too-large' });
    const sink = memorySink();
    await format.write!(dataset, sink);
    await sink.commit();
    const loadAll = async (options?: object) => {
      const ds = await readAll(format, memoryTree(sink.files, 'labelme'), options);
      const masks = ds.subset(ds.subsets()[0]!).flatMap((i) => i.annotations) as MaskAnnotation[];
      return Promise.all(masks.map((m) => loadMask(m.mask)));
    };
    expect((await loadAll()).map((m) => m.width)).toEqual([100]);
    // the error names the file the mask is in
    await expect(loadAll(limited)).rejects.toMatchObject({
      code: 'too-large',
      message: expect.stringMatching(/^\S+\.(png|json): (shapes\[0\]: )?an image of 100x100/),
    });
  },
);

it('detects (or rejects) a hostile XML of 100,000 nested <object> tags in linear time (fuzz, seed of CI)', async () => {
  // the old check, one regex `<object[\s>][\s\S]*<(polygon|segm)`, backtracked from every <object>:
  // minutes on such a file; now two searches
  const xml = `<annotation><filename>a.jpg</filename>${'<object>'.repeat(100_000)}</annotation>`;
  const tree = memoryTree({ 'Annotations/a.xml': xml, 'Images/a.jpg': 'x' });
  const { matches, rejected } = await createRegistry([labelme]).detect(tree);
  expect(matches).toEqual([]);
  expect(rejected[0]?.reason).toMatch(
    /no XML file with an <annotation> root and <polygon> or <segm> objects/,
  );
});
