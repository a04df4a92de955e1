/**
 * ImageNet with the reference format (Datumaro): the corpus samples through Datumaro and back, and
 * a Datumaro dataset through each ImageNet format and back.
 */
import { join } from 'node:path';
import { type AnyFormat, type DatasetSource, sourceOf } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import { encodePng } from '@labelport/core/png';
import { expectSameDataset, fixturesDir, readAll, writeAndReadBack } from '@labelport/core/testing';
import { datumaro } from '@labelport/format-datumaro';
import { imagenet, imagenetTxt, imagenetWithSubsetDirs } from '@labelport/format-imagenet';
import { describe, expect, it } from 'vitest';

const corpus = fixturesDir();
if (!corpus) console.warn('imagenet interop: LABELPORT_FIXTURES is not set; the corpus tests are skipped');
const tree = (...p: string[]) => directoryTree(join(corpus as string, 'datumaro', ...p));

async function throughDatumaro(format: AnyFormat, source: DatasetSource, saveMedia: boolean) {
  const { dataset: viaDatumaro } = await writeAndReadBack(datumaro, source, { saveMedia });
  await expectSameDataset(viaDatumaro, source);
  const { dataset: back, report } = await writeAndReadBack(format, viaDatumaro, { saveMedia });
  expect(report.dropped).toEqual({});
  await expectSameDataset(back, source, { capabilities: format.capabilities });
}

describe.skipIf(!corpus)('ImageNet corpus samples through Datumaro and back', () => {
  // imagenet keeps labels only as folders of images, so its samples go with their images;
  // custom_labels has no images (a list and a labels file only).
  for (const [name, format, path, saveMedia] of [
    ['imagenet_dataset', imagenet, ['imagenet_dataset'], true],
    ['imagenet_subsets_dataset', imagenetWithSubsetDirs, ['imagenet_subsets_dataset'], true],
    ['imagenet_txt_dataset/custom_labels', imagenetTxt, ['imagenet_txt_dataset', 'custom_labels'], false],
  ] as const) {
    it(name, async () => {
      const source = await readAll(format, tree(...path));
      expect(source.size).toBeGreaterThan(0);
      await throughDatumaro(format, source, saveMedia);
    });
  }
});

describe('Datumaro -> ImageNet -> Datumaro', () => {
  const png = encodePng({ width: 3, height: 2, colorType: 'gray', data: new Uint8Array(6) });
  const source = () =>
    sourceOf({ labels: [{ name: 'cat' }, { name: 'dog' }] }, [
      {
        id: 'cat:1',
        subset: 'train',
        media: { kind: 'image', path: 'cat/1.png', width: 3, height: 2, bytes: async () => png },
        annotations: [{ type: 'label', label: 0, attributes: {} }],
        attributes: {},
      },
      {
        id: 'dog:2',
        subset: 'val',
        media: { kind: 'image', path: 'dog/2.png', width: 3, height: 2, bytes: async () => png },
        annotations: [{ type: 'label', label: 1, attributes: {} }],
        attributes: {},
      },
    ]);

  // imagenet writes the subsets together (its capabilities say so: compared without them)
  for (const format of [imagenet, imagenetWithSubsetDirs, imagenetTxt]) {
    it(`${format.id} keeps labels, subsets and images`, async () => {
      const { dataset: dm } = await writeAndReadBack(datumaro, source(), { saveMedia: true });
      const { dataset: inet, report } = await writeAndReadBack(format, dm, { saveMedia: true });
      expect(report.dropped).toEqual({});
      const { dataset: back } = await writeAndReadBack(datumaro, inet, { saveMedia: true });
      await expectSameDataset(back, source(), { capabilities: format.capabilities });
    });
  }
});
