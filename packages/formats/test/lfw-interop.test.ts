import { join } from 'node:path';
import { directoryTree } from '@labelport/core/node';
import { expectSameDataset, fixturesDir, readAll, writeAndReadBack } from '@labelport/core/testing';
import { datumaro } from '@labelport/format-datumaro';
import { lfw } from '@labelport/format-lfw';
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
});
