// Regression tests from the fuzzer (tooling/fuzz): XML nested 200,000 deep is refused, not walked.
import { isDatasetError, memoryTree } from '@labelport/core';
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
