// Regression tests from the fuzzer (tooling/fuzz): XML nested 200,000 deep is refused, not walked.
import { isDatasetError, loadMask, memorySink, memoryTree, rleMask, sourceOf } from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { cvat, cvatVideo } from '../src/index.js';

it('an annotations.xml with an element nested 200,000 deep is DatasetError too-large', async () => {
  const n = 200_000;
  const xml = `<?xml version="1.0"?>\n<annotations><version>1.1</version>\n<image id="0" name="a.png" width="4" height="3">${'<box>'.repeat(n)}${'</box>'.repeat(n)}</image></annotations>\n`;
  const err = await readAll(cvat, memoryTree({ 'annotations.xml': xml })).catch((e) => e);
  expect(isDatasetError(err), String(err)).toBe(true);
  expect(err).toMatchObject({
    code: 'too-large',
    message: expect.stringMatching(/^annotations\.xml: line 3: /),
  });
});

/** An annotations.xml of one image of `width` x `height` with a 2x2 mask (line 4). */
const maskOnImage = (width: number, height: number) => `<annotations><version>1.1</version>
  <meta><task><labels><label><name>car</name></label></labels></task></meta>
  <image id="0" name="a.jpg" width="${width}" height="${height}">
    <mask label="car" rle="1, 2, 1" left="0" top="0" width="2" height="2"/>
  </image>
</annotations>
`;

it('a mask on an image declared 2147483648 wide is too-large, not a hang or a RangeError', async () => {
  const xml = maskOnImage(2147483648, 4);
  // Refused when the mask is read or when it is loaded, whichever the reader does first.
  const load = async () => {
    const ds = await readAll(cvat, memoryTree({ 'a.xml': xml }));
    for (const item of ds.subset(ds.subsets()[0]!))
      for (const a of item.annotations) if (a.type === 'mask') await loadMask(a.mask);
  };
  await expect(load()).rejects.toMatchObject({
    code: 'too-large',
    message: expect.stringMatching(/^a\.xml: line 4 <mask>: /),
  });
});

// Masks are built at the image's size when read, and boxed at their own when written: both under the
// caller's limits.maxPixels (the fuzzer runs at 2^22), not the default 2^28.
const limited = { limits: { maxPixels: 1000 } };

it('a mask on an image of 100x100 is read only under limits.maxPixels', async () => {
  const tree = memoryTree({ 'a.xml': maskOnImage(100, 100) });
  await expect(readAll(cvat, tree)).resolves.toBeDefined();
  await expect(readAll(cvat, tree, limited)).rejects.toMatchObject({
    code: 'too-large',
    message: expect.stringMatching(/^a\.xml: line 4 <mask>: .*limits\.maxPixels/),
  });
});

it.each([cvat, cvatVideo])('$id writes a 100x100 mask only under limits.maxPixels', async (format) => {
  // 100x100, the first 50 pixels of its first column set
  const mask = rleMask({ size: [100, 100], counts: [0, 50, 9950] });
  const source = () =>
    sourceOf({ labels: [{ name: 'car' }] }, [
      {
        id: 'frame_000000',
        subset: 'default',
        media: { kind: 'image', path: 'frame_000000.png', width: 100, height: 100 },
        annotations: [{ type: 'mask', label: 0, attributes: {}, mask }],
        attributes: { frame: 0 },
      },
    ]);
  await expect(format.write!(source(), memorySink(), limited)).rejects.toMatchObject({ code: 'too-large' });
  await expect(format.write!(source(), memorySink())).resolves.toBeDefined();
});
