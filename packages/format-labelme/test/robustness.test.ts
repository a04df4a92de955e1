// Regression tests from the fuzzer (tooling/fuzz): bad input is a DatasetError, never a plain Error.
import { isDatasetError, memoryTree } from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { labelme } from '../src/index.js';

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
