import { join } from 'node:path';
import { createRegistry } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import {
  countAnnotations,
  expectSameDataset,
  fixturesDir,
  readAll,
  writeAndReadBack,
} from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { formats, motSeq } from '../src/index.js';

const corpus = fixturesDir();
if (!corpus) console.warn('format-mot corpus tests: LABELPORT_FIXTURES is not set; skipped');
const dir = (name: string) => join(corpus as string, 'datumaro', 'mot_dataset', name);

describe.skipIf(!corpus)('MOT samples of the corpus', () => {
  it('reads the two sequences of mot_dataset as two subsets', async () => {
    const tree = directoryTree(join(dir('mot_seq'), '..'));
    const { matches } = await createRegistry(formats).detect(tree);
    expect(matches).toEqual([{ id: 'mot_seq', confidence: 1, root: '' }]);
    const ds = await readAll(motSeq, tree);
    expect(Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).length]))).toEqual({
      mot_seq: 1,
      mot_seq_with_seqinfo: 1,
    });
  });

  for (const name of ['mot_seq', 'mot_seq_with_seqinfo']) {
    describe(name, () => {
      it('is detected as mot_seq', async () => {
        const { matches } = await createRegistry(formats).detect(directoryTree(dir(name)));
        expect(matches).toEqual([{ id: 'mot_seq', confidence: 1, root: '' }]);
      });

      it('reads with the counts of its files', async () => {
        const ds = await readAll(motSeq, directoryTree(dir(name)));
        // gt/gt.txt has one line `1,-1,0,4,4,8,1,3,1.0`: frame 1, no track, class 3, visibility 1.
        // The frame is item '1' (img1/000001.jpg in mot_seq; seqLength=1 in mot_seq_with_seqinfo).
        expect(ds.size).toBe(1);
        expect(countAnnotations(ds)).toEqual({ bbox: 1 });
        // gt/labels.txt lists label_0 .. label_9.
        expect(ds.categories.labels.map((l) => l.name)).toEqual(
          Array.from({ length: 10 }, (_, i) => `label_${i}`),
        );
        const item = ds.get('default', '1');
        expect(item?.media?.path).toBe('img1/000001.jpg');
        expect(item?.annotations).toEqual([
          {
            type: 'bbox',
            x: 0,
            y: 4,
            w: 4,
            h: 8,
            label: 2,
            attributes: { visibility: 1, occluded: false, ignored: false },
          },
        ]);
        if (name === 'mot_seq_with_seqinfo') {
          // seqinfo.ini: imWidth=16, imHeight=16, frameRate=10.
          expect(item?.media).toMatchObject({ width: 16, height: 16, frame: 1 });
          expect(ds.infos).toMatchObject({ seqinfo: { frameRate: 10, seqLength: 1, name: 'Test' } });
        }
      });

      it('round-trips through mot_seq', async () => {
        const ds = await readAll(motSeq, directoryTree(dir(name)));
        const { dataset, report } = await writeAndReadBack(motSeq, ds, { saveMedia: true });
        // seqinfo.ini names frames whose images the sample does not ship: each is one unsaved image
        const missing = [...ds].filter((i) => i.media && !i.media.bytes).length;
        expect(report.dropped).toEqual(missing ? { media: missing } : {});
        await expectSameDataset(dataset, ds, { ignoreMedia: true });
      });
    });
  }
});
