import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { directoryTree } from '@labelport/core/node';
import {
  countAnnotations,
  expectSameDataset,
  fixturesDir,
  readAll,
  writeAndReadBack,
} from '@labelport/core/testing';
import { datumaro } from '@labelport/format-datumaro';
import { registry } from 'labelport';
import { describe, expect, it } from 'vitest';

const corpus = fixturesDir();
const root = corpus && join(corpus, 'datumaro', 'datumaro_dataset');
if (!corpus) console.warn('datumaro interop: LABELPORT_FIXTURES is not set; the corpus tests are skipped');

/** Every folder of the corpus's datumaro_dataset that holds annotations/*.json. */
const samples = root ? readdirSync(root).filter((d) => statSync(join(root, d)).isDirectory()) : [];

describe.skipIf(!corpus)('Datumaro samples of the corpus', () => {
  for (const name of samples) {
    describe(name, () => {
      const dir = join(root!, name);
      // Expected counts come straight from the JSON files: items per file, annotations by "type".
      const expected = {
        items: 0,
        subsets: {} as Record<string, number>,
        annotations: {} as Record<string, number>,
      };
      for (const f of readdirSync(join(dir, 'annotations')).filter((f) => f.endsWith('.json'))) {
        const doc = JSON.parse(readFileSync(join(dir, 'annotations', f), 'utf8'));
        expected.items += doc.items.length;
        expected.subsets[f.replace(/\.json$/, '')] = doc.items.length;
        for (const item of doc.items)
          for (const a of item.annotations ?? [])
            expected.annotations[a.type] = (expected.annotations[a.type] ?? 0) + 1;
      }

      it('is detected as datumaro only', async () => {
        const { matches } = await registry.detect(directoryTree(dir));
        expect(matches[0]?.id).toBe('datumaro');
        expect(matches.filter((m) => m.confidence === matches[0]!.confidence)).toHaveLength(1);
      });

      it('reads with the counts of its files', async () => {
        const ds = await readAll(datumaro, directoryTree(dir));
        expect(ds.size).toBe(expected.items);
        expect(Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).length]))).toEqual(
          expected.subsets,
        );
        expect(countAnnotations(ds)).toEqual(expected.annotations);
        for (const item of ds) if (item.media?.path) expect(await item.media.bytes?.()).toBeDefined();
      });

      it('round-trips through our writer unchanged', async () => {
        const ds = await readAll(datumaro, directoryTree(dir));
        const { dataset, report } = await writeAndReadBack(datumaro, ds, { saveMedia: true });
        expect(report.dropped).toEqual({});
        await expectSameDataset(dataset, ds);
        expect(dataset.categories.labelGroups).toEqual(ds.categories.labelGroups);
      });
    });
  }
});
