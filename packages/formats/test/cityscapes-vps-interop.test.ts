import { bitmapMask, convert, Dataset, type DatasetItem, loadMask, memorySink } from '@labelport/core';
import { expectSameDataset, writeAndReadBack } from '@labelport/core/testing';
import { cityscapesVps, VPS_CATEGORIES } from '@labelport/format-cityscapes-vps';
import { cocoPanoptic } from '@labelport/format-coco';
import { datumaro } from '@labelport/format-datumaro';
import { describe, expect, it } from 'vitest';

// The corpus has no Cityscapes-VPS sample: these run on a small video written here (3x2 frames).
const bits = (data: number[]) => bitmapMask({ width: 3, height: 2, data: Uint8Array.from(data) });
const CAR = VPS_CATEGORIES.findIndex((c) => c.name === 'car');
const PERSON = VPS_CATEGORIES.findIndex((c) => c.name === 'person');
const ROAD_ID = 128 + 64 * 256 + 128 * 65536;

function video(): Dataset {
  const frame = (n: number, annotations: DatasetItem['annotations']): DatasetItem => ({
    id: `0001_${String(n).padStart(4, '0')}_frankfurt_000000_00${1700 + n}`,
    subset: 'val',
    attributes: { video_id: 1 },
    media: { kind: 'image', width: 3, height: 2, frame: n },
    annotations,
  });
  const road = (data: number[]) => ({
    type: 'mask' as const,
    id: ROAD_ID,
    objectId: ROAD_ID,
    label: 0,
    mask: bits(data),
    attributes: { is_crowd: false },
  });
  return new Dataset(
    {
      labels: VPS_CATEGORIES.map((c) => ({ name: c.name })),
      colors: new Map(VPS_CATEGORIES.map((c, i) => [i, c.color])),
    },
    [
      frame(5, [
        road([1, 1, 1, 0, 0, 0]),
        {
          type: 'mask',
          id: 11,
          objectId: 11,
          label: CAR,
          mask: bits([0, 0, 0, 1, 1, 0]),
          attributes: { is_crowd: false },
        },
        {
          type: 'mask',
          id: 12,
          objectId: 12,
          label: PERSON,
          mask: bits([0, 0, 0, 0, 0, 1]),
          attributes: { is_crowd: false },
        },
      ]),
      frame(10, [
        road([1, 1, 0, 0, 0, 0]),
        {
          type: 'mask',
          id: 11,
          objectId: 11,
          label: CAR,
          mask: bits([0, 0, 1, 0, 1, 1]),
          attributes: { is_crowd: false },
        },
      ]),
    ],
  );
}

/** Every segment as `frame/label/track:pixels`, sorted. */
async function segments(items: Iterable<DatasetItem>, labels: { name: string }[], tracks = true) {
  const out: string[] = [];
  for (const item of items) {
    for (const a of item.annotations) {
      if (a.type !== 'mask') continue;
      out.push(
        `${item.id}/${labels[a.label ?? -1]?.name}/${tracks ? a.objectId : ''}:${(await loadMask(a.mask)).data.join('')}`,
      );
    }
  }
  return out.sort();
}

describe('Cityscapes-VPS <-> Datumaro and COCO panoptic', () => {
  it('cityscapes_vps -> datumaro -> cityscapes_vps keeps segments, track ids and frames', async () => {
    const src = await writeAndReadBack(cityscapesVps, video());
    await expectSameDataset(src.dataset, video());
    const viaDatumaro = await writeAndReadBack(datumaro, src.dataset);
    expect(viaDatumaro.report.dropped).toEqual({});
    // The Datumaro format keeps no frame number for images; the VPS reader takes it from the id again.
    await expectSameDataset(viaDatumaro.dataset, src.dataset, { ignoreMedia: true });
    const back = await writeAndReadBack(cityscapesVps, viaDatumaro.dataset);
    expect(back.report.dropped).toEqual({});
    await expectSameDataset(back.dataset, src.dataset);
  });

  it('cityscapes_vps -> coco_panoptic -> cityscapes_vps keeps every segment, its pixels and (through the segment ids) its track', async () => {
    const { dataset: vps } = await writeAndReadBack(cityscapesVps, video());
    const before = await segments(vps, vps.categories.labels);
    expect(before).toHaveLength(5);
    const sink = memorySink();
    const toCoco = await convert(vps, cocoPanoptic, sink);
    // COCO panoptic has no track ids and no item attributes (video_id): reported; its segment ids are the track ids.
    expect(toCoco.dropped).toEqual({ objectId: 5, 'item attribute': 2 });
    const coco = await (await import('@labelport/core/testing')).readAll(cocoPanoptic, sink.tree());
    expect(await segments(coco, coco.categories.labels, false)).toEqual(
      await segments(vps, vps.categories.labels, false),
    );
    const back = await writeAndReadBack(cityscapesVps, coco);
    expect(await segments(back.dataset, back.dataset.categories.labels)).toEqual(before);
  });
});
