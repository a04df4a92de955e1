// The character masks are painted at the image's size (written) and the colour mask decoded at the
// file's (read): under the caller's limits.maxPixels (the fuzzer runs at 2^22), not the default 2^28.
import { type Annotation, bitmapMask, memorySink, memoryTree, sourceOf } from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { icdarTextSegmentation, icdarWordRecognition } from '../src/index.js';

it('text segmentation writes and reads a 100x100 character mask only under limits.maxPixels', async () => {
  const limited = { limits: { maxPixels: 1000 } };
  const glyph = new Uint8Array(100 * 100);
  for (let y = 40; y < 60; y++) glyph.fill(1, y * 100 + 10, y * 100 + 18);
  const page = sourceOf({ labels: [] }, [
    {
      id: 'img_1',
      subset: 'train',
      annotations: [
        {
          type: 'mask',
          attributes: { index: 0, text: 'I' },
          mask: bitmapMask({ width: 100, height: 100, data: glyph }),
        },
      ],
      attributes: {},
    },
  ]);
  await expect(icdarTextSegmentation.write!(page, memorySink(), limited)).rejects.toMatchObject({
    code: 'too-large',
  });
  const sink = memorySink();
  await icdarTextSegmentation.write!(page, sink);
  await sink.commit();
  const tree = memoryTree(sink.files, 'icdar');
  expect((await readAll(icdarTextSegmentation, tree)).size).toBe(1);
  await expect(readAll(icdarTextSegmentation, tree, limited)).rejects.toMatchObject({
    code: 'too-large',
    message: expect.stringMatching(/^train\/img_1_GT\.bmp: pixel data: an image of 100x100/),
  });
});

// From the hostile writer datasets (tooling/fuzz --hostile): a caption that is not a string (null, an
// object from a JSON file) was a TypeError; it is left out and counted.
it('word recognition leaves out (and counts) captions that are not text', async () => {
  const odd = [null, { a: [1] }, 5].map(
    (caption) => ({ type: 'caption', caption, attributes: {} }) as unknown as Annotation,
  );
  const words = sourceOf({ labels: [] }, [
    {
      id: 'word_1',
      subset: 'test',
      annotations: [...odd, { type: 'caption', caption: 'kept', attributes: {} }],
      attributes: {},
    },
  ]);
  const sink = memorySink();
  const report = await icdarWordRecognition.write!(words, sink);
  expect(report.dropped).toEqual({ caption: 3 });
  expect(report.warnings).toEqual(['a caption that is not text has no text to write']);
  await sink.commit();
  expect(new TextDecoder().decode(sink.files.get('test/gt.txt'))).toBe('word_1.png, "kept"\n');
});
