import { join } from 'node:path';
import { convert, type DatasetItem, loadMask, memorySink } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import {
  expectSameDataset,
  fixturesDir,
  normalizeDataset,
  readAll,
  writeAndReadBack,
} from '@labelport/core/testing';
import { cityscapes } from '@labelport/format-cityscapes';
import { cocoPanoptic } from '@labelport/format-coco';
import { datumaro } from '@labelport/format-datumaro';
import { describe, expect, it } from 'vitest';

const corpus = fixturesDir();
if (!corpus) console.warn('cityscapes interop: LABELPORT_FIXTURES is not set; the corpus tests are skipped');
const dir = (name: string) => join(corpus as string, 'datumaro', 'cityscapes_dataset', name);

/** Every mask as `subset/id/label/crowd:pixels`, sorted: what must survive a conversion. */
async function instances(items: Iterable<DatasetItem>, labels: { name: string }[]) {
  const out: string[] = [];
  for (const item of items) {
    for (const a of item.annotations) {
      if (a.type !== 'mask') continue;
      const m = await loadMask(a.mask);
      out.push(
        `${item.subset}/${item.id}/${labels[a.label ?? -1]?.name}/${a.attributes.is_crowd === true}:${m.data.join('')}`,
      );
    }
  }
  return out.sort();
}

describe.skipIf(!corpus)('Cityscapes <-> Datumaro and COCO panoptic on the corpus', () => {
  for (const [name, masks] of [
    ['dataset', 'auto'],
    ['train_dataset', 'auto'],
    ['train_dataset', 'instanceIds'],
  ] as const) {
    it(`${name} (${masks}): cityscapes -> datumaro -> cityscapes keeps masks pixel-equal`, async () => {
      const ds = await readAll(cityscapes, directoryTree(dir(name)), { masks });
      const viaDatumaro = await writeAndReadBack(datumaro, ds, { saveMedia: true });
      expect(viaDatumaro.report.dropped).toEqual({});
      await expectSameDataset(viaDatumaro.dataset, ds);
      const back = await writeAndReadBack(cityscapes, viaDatumaro.dataset, { saveMedia: true });
      expect(back.report.dropped).toEqual({});
      if (masks === 'auto' && name === 'train_dataset') {
        // The train label map's background (black, after road..bicycle) is written as label id 0,
        // where Cityscapes and Datumaro keep it: the same labels and masks, the background first.
        const [got, want] = [await normalizeDataset(back.dataset), await normalizeDataset(ds)] as any[];
        expect(got.items).toEqual(want.items);
        expect(got.categories.labels.map((l: { name: string }) => l.name)).toEqual([
          'background',
          ...want.categories.labels
            .map((l: { name: string }) => l.name)
            .filter((n: string) => n !== 'background'),
        ]);
      } else await expectSameDataset(back.dataset, ds);
    });
  }

  it('cityscapes -> coco_panoptic -> cityscapes keeps every instance and its pixels', async () => {
    const ds = await readAll(cityscapes, directoryTree(dir('train_dataset')), { masks: 'instanceIds' });
    const before = await instances(ds, ds.categories.labels);
    // 10 segments: 27001, 27002, 31001, 24001, 1024 are instances, the rest class-only (crowd) regions.
    expect(before).toHaveLength(10);
    const sink = memorySink();
    const report = await convert(ds, cocoPanoptic, sink, { saveMedia: true });
    expect(report.dropped).toEqual({});
    const coco = await readAll(cocoPanoptic, sink.tree());
    expect(await instances(coco, coco.categories.labels)).toEqual(before);
    const back = await writeAndReadBack(cityscapes, coco, { saveMedia: true });
    // The COCO reader's item attributes (the image id) have no place in Cityscapes.
    expect(back.report.dropped).toEqual({ 'item attribute': 4 });
    expect(await instances(back.dataset, back.dataset.categories.labels)).toEqual(before);
  });
});
