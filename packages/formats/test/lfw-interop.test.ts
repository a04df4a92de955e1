import { join } from 'node:path';
import { type AnyFormat, createRegistry } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import { expectSameDataset, fixturesDir, readAll, writeAndReadBack } from '@labelport/core/testing';
import { datumaro } from '@labelport/format-datumaro';
import { lfw } from '@labelport/format-lfw';
import { formats as all } from 'labelport';
import { describe, expect, it } from 'vitest';

const corpus = fixturesDir();
if (!corpus) console.warn('lfw interop: LABELPORT_FIXTURES is not set; the corpus tests are skipped');

describe.skipIf(!corpus)('LFW <-> Datumaro on the corpus', () => {
  it('lfw -> datumaro -> lfw keeps labels, pair lists and landmarks', async () => {
    const ds = await readAll(lfw, directoryTree(join(corpus as string, 'datumaro', 'lfw_dataset')));
    const viaDatumaro = await writeAndReadBack(datumaro, ds, { saveMedia: true });
    expect(viaDatumaro.report.dropped).toEqual({});
    await expectSameDataset(viaDatumaro.dataset, ds, { ignoreMedia: true });
    // Datumaro keeps the pair lists as JSON lists, as its LFW exporter expects them.
    const json = JSON.parse(new TextDecoder().decode(await viaDatumaro.tree.read('annotations/test.json')));
    const item = json.items.find((i: { id: string }) => i.id === 'name0_0001');
    expect(item.annotations[0].attributes.negative_pairs).toEqual(['name1/name1_0001', 'name1/name1_0002']);
    const back = await writeAndReadBack(lfw, viaDatumaro.dataset, { saveMedia: true });
    expect(back.report.dropped).toEqual({});
    await expectSameDataset(back.dataset, ds, { ignoreMedia: true });
  });

  it('each sample is detected as its own format only, among every registered format', async () => {
    // The meta-package's formats and these (once the meta-package lists them, the same objects).
    const byId = new Map<string, AnyFormat>();
    for (const f of [...all, ...[lfw]]) byId.set(f.id, f);
    const registry = createRegistry([...byId.values()]);
    for (const [sample, id] of [['lfw_dataset', 'lfw']]) {
      const { matches } = await registry.detect(directoryTree(join(corpus as string, 'datumaro', sample)));
      expect(matches[0]?.id, sample).toBe(id);
      expect(matches.filter((m) => m.confidence === matches[0].confidence).length, sample).toBe(1);
    }
  });
});
