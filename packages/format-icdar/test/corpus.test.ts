import { join } from 'node:path';
import { createRegistry, loadMask } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import {
  countAnnotations,
  expectSameDataset,
  fixturesDir,
  readAll,
  writeAndReadBack,
} from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { formats, icdarTextLocalization, icdarTextSegmentation, icdarWordRecognition } from '../src/index.js';

const corpus = fixturesDir();
if (!corpus) console.warn('format-icdar corpus tests: LABELPORT_FIXTURES is not set; skipped');
const dir = (task: string) => join(corpus as string, 'datumaro', 'icdar_dataset', task);

describe.skipIf(!corpus)('ICDAR samples of the corpus', () => {
  const registry = createRegistry(formats);

  it('detects each task folder as its own format only', async () => {
    for (const [task, id] of [
      ['word_recognition', 'icdar_word_recognition'],
      ['text_localization', 'icdar_text_localization'],
      ['text_segmentation', 'icdar_text_segmentation'],
    ]) {
      expect((await registry.detect(directoryTree(dir(task)))).matches).toEqual([
        { id, confidence: 1, root: '' },
      ]);
    }
    // The folder holding all three tasks: each format finds its own task folder.
    const all = await registry.detect(directoryTree(dir('.')));
    expect(all.matches.map((m) => [m.id, m.root]).sort()).toEqual([
      ['icdar_text_localization', 'text_localization'],
      ['icdar_text_segmentation', 'text_segmentation'],
      ['icdar_word_recognition', 'word_recognition'],
    ]);
  });

  it('word_recognition: two captioned images', async () => {
    const ds = await readAll(icdarWordRecognition, directoryTree(dir('word_recognition')));
    // train/gt.txt: `word_1.png, "PROPER"` and `word_2.png, "Canon"`.
    expect(ds.subset('train').map((i) => [i.id, i.annotations])).toEqual([
      ['word_1', [{ type: 'caption', caption: 'PROPER', attributes: {} }]],
      ['word_2', [{ type: 'caption', caption: 'Canon', attributes: {} }]],
    ]);
    // images/word_1.png is a 15x10 JPEG (whatever its extension).
    expect(ds.get('train', 'word_1')?.media).toMatchObject({
      path: 'train/images/word_1.png',
      width: 15,
      height: 10,
    });
  });

  it('text_localization: a quadrilateral and two boxes', async () => {
    const ds = await readAll(icdarTextLocalization, directoryTree(dir('text_localization')));
    // gt_img_1.txt: `0,0,3,1,4,6,1,7,"FOOD"`; gt_img_2.txt: `0 0 2 3 "RED"`, `3 3 5 6 "LION"`.
    expect(countAnnotations(ds)).toEqual({ polygon: 1, bbox: 2 });
    expect(ds.get('train', 'img_1')?.annotations).toEqual([
      { type: 'polygon', points: [0, 0, 3, 1, 4, 6, 1, 7], attributes: { text: 'FOOD' } },
    ]);
    expect(ds.get('train', 'img_2')?.annotations).toEqual([
      { type: 'bbox', x: 0, y: 0, w: 2, h: 3, attributes: { text: 'RED' } },
      { type: 'bbox', x: 3, y: 3, w: 2, h: 3, attributes: { text: 'LION' } },
    ]);
  });

  it('text_segmentation: three character masks from a _GT.bmp (stored as PNG)', async () => {
    const ds = await readAll(icdarTextSegmentation, directoryTree(dir('text_segmentation')));
    const anns = ds.get('train', '1')?.annotations ?? [];
    // 1_GT.txt: F alone (group 0), then T and h in one word (group 1); Datumaro's expected masks.
    expect(anns.map((a) => [a.group, a.attributes])).toEqual([
      [undefined, { index: 0, color: '108 225 132', text: 'F', center: '0 1' }],
      [1, { index: 1, color: '82 174 214', text: 'T', center: '1 3' }],
      [1, { index: 2, color: '241 73 144', text: 'h', center: '1 4' }],
    ]);
    const pixels = await Promise.all(
      anns.map(async (a) => (a.type === 'mask' ? [...(await loadMask(a.mask)).data] : [])),
    );
    expect(pixels).toEqual([
      [0, 1, 1, 0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 1, 0, 0, 0, 0, 1, 0],
      [0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
    ]);
  });

  for (const [task, format] of [
    ['word_recognition', icdarWordRecognition],
    ['text_localization', icdarTextLocalization],
    ['text_segmentation', icdarTextSegmentation],
  ] as const) {
    it(`${task} round trips, with images`, async () => {
      const ds = await readAll(format, directoryTree(dir(task)));
      const back = await writeAndReadBack(format, ds, { saveMedia: true });
      expect(back.report.dropped).toEqual({});
      await expectSameDataset(back.dataset, ds);
    });
  }
});
