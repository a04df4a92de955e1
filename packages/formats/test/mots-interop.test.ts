import { join } from 'node:path';
import {
  convert,
  createRegistry,
  type DatasetItem,
  loadMask,
  type MaskAnnotation,
  memorySink,
} from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import { expectSameDataset, fixturesDir, readAll, writeAndReadBack } from '@labelport/core/testing';
import { cocoInstances } from '@labelport/format-coco';
import { datumaro } from '@labelport/format-datumaro';
import { formats as motFormats } from '@labelport/format-mot';
import { formats as motsFormats, motsPng, motsTxt } from '@labelport/format-mots';
import { describe, expect, it } from 'vitest';

const corpus = fixturesDir();
if (!corpus) console.warn('mots interop: LABELPORT_FIXTURES is not set; the corpus tests are skipped');
const dir = () => join(corpus as string, 'datumaro', 'mots_dataset');

/** Every mask of a dataset as `subset/id/label[/track]:pixels`, sorted, to compare pixels across formats. */
async function instances(
  items: Iterable<DatasetItem>,
  labelName: (i?: number) => string | undefined,
  withTracks = true,
) {
  const out: string[] = [];
  for (const item of items) {
    for (const a of item.annotations) {
      if (a.type !== 'mask') continue;
      const m = await loadMask((a as MaskAnnotation).mask);
      const track = withTracks ? `/${a.objectId ?? ''}` : '';
      out.push(`${item.subset}/${item.id}/${labelName(a.label)}${track}:${Array.from(m.data).join('')}`);
    }
  }
  return out.sort();
}

describe.skipIf(!corpus)('MOTS <-> Datumaro and COCO on the corpus', () => {
  it('MOT and MOTS detectors do not claim each other', async () => {
    const registry = createRegistry([...motFormats, ...motsFormats]);
    const { matches } = await registry.detect(directoryTree(dir()));
    expect(matches.map((m) => m.id)).toEqual(['mots_png']);
    const mot = await registry.detect(directoryTree(join(corpus as string, 'datumaro', 'mot_dataset')));
    expect(mot.matches.map((m) => m.id)).toEqual(['mot_seq']);
  });

  it('mots_png -> datumaro -> mots_png keeps masks pixel-equal and track ids', async () => {
    const ds = await readAll(motsPng, directoryTree(dir()));
    const viaDatumaro = await writeAndReadBack(datumaro, ds, { saveMedia: true });
    expect(viaDatumaro.report.dropped).toEqual({});
    await expectSameDataset(viaDatumaro.dataset, ds);
    const back = await writeAndReadBack(motsPng, viaDatumaro.dataset, { saveMedia: true });
    expect(back.report.dropped).toEqual({});
    await expectSameDataset(back.dataset, ds);
  });

  it("mots_png -> coco_instances (RLE) -> mots_png keeps every instance's pixels", async () => {
    const ds = await readAll(motsPng, directoryTree(dir()));
    const sink = memorySink();
    const report = await convert(ds, cocoInstances, sink, { saveMedia: true });
    // COCO has no track ids: the 5 masks' objectIds are reported as dropped.
    expect(report.dropped).toEqual({ objectId: 5 });
    const coco = await readAll(cocoInstances, sink.tree());
    const name = (labels: { name: string }[]) => (i?: number) =>
      i === undefined ? undefined : labels[i]?.name;
    // COCO keeps no track ids: compare pixels per item and label, there and back.
    const before = await instances(ds, name(ds.categories.labels), false);
    expect(before).toHaveLength(5);
    expect(await instances(coco, name(coco.categories.labels), false)).toEqual(before);
    const back = await writeAndReadBack(motsPng, coco);
    expect(await instances(back.dataset, name(back.dataset.categories.labels), false)).toEqual(before);
  });

  it('mots_png -> mots_txt keeps masks pixel-equal and track ids', async () => {
    const ds = await readAll(motsPng, directoryTree(dir()));
    // mots_txt holds only MOTS classes (car, pedestrian): relabel the corpus's a, b, c, d first.
    const motsLabels = { labels: ['background', 'car', 'pedestrian', 'ignored'].map((name) => ({ name })) };
    const relabelled = { categories: motsLabels, items: () => remap(ds) };
    const sink = memorySink();
    const report = await convert(relabelled, motsTxt, sink);
    expect(report.dropped).toEqual({});
    const txt = await readAll(motsTxt, sink.tree());
    const name = (i?: number) => (i === undefined ? undefined : motsLabels.labels[i]?.name);
    const expected: DatasetItem[] = [];
    for await (const item of remap(ds)) expected.push(item);
    expect(await instances(txt, name)).toEqual(await instances(expected, name));
  });
});

/** Corpus labels a, b -> car (1), c, d -> pedestrian (2), so that mots_txt can hold them; tracks stay. */
async function* remap(ds: Iterable<DatasetItem>) {
  for (const item of ds) {
    yield {
      ...item,
      id: String(Number(item.id)),
      attributes: {},
      annotations: item.annotations.map((a) => ({ ...a, label: (a.label ?? 0) < 2 ? 1 : 2 })),
    };
  }
}
