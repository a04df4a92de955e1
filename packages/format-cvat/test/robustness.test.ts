// Regression tests from the fuzzer (tooling/fuzz): XML nested 200,000 deep is refused, not walked.
import { isDatasetError, loadMask, memoryTree } from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { cvat } from '../src/index.js';

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

it('a mask on an image declared 2147483648 wide is too-large, not a hang or a RangeError', async () => {
  const xml = `<annotations><version>1.1</version>
  <meta><task><labels><label><name>car</name></label></labels></task></meta>
  <image id="0" name="a.jpg" width="2147483648" height="4">
    <mask label="car" rle="1, 2, 1" left="0" top="0" width="2" height="2"/>
  </image>
</annotations>
`;
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
