// dota -> datumaro -> dota keeps everything DOTA holds: rotated boxes (Datumaro's `rotation`), upright
// boxes, polygons of four corners, difficult, the header lines (item attributes), subsets, and the
// label files written at the end are the ones written from the first read.
import { convert, memorySink } from '@labelport/core';
import { expectSameDataset, readAll, writeAndReadBack } from '@labelport/core/testing';
import { datumaro } from '@labelport/format-datumaro';
import { describe, expect, it } from 'vitest';
import { dota } from '../src/dota.js';
import { dotaShapes, dotaTree } from './fixtures.js';

const text = async (tree: { read(p: string): Promise<Uint8Array> }, path: string) =>
  new TextDecoder().decode(await tree.read(path));

describe('through datumaro and back', () => {
  it('dota -> datumaro -> dota: a DOTA release', async () => {
    const first = await readAll(dota, dotaTree());
    const sink = memorySink('dm');
    const toDatumaro = await convert(first, datumaro, sink, { saveMedia: true });
    expect(toDatumaro.dropped).toEqual({});
    expect(toDatumaro.converted).toEqual({});
    const middle = await readAll(datumaro, sink.tree());
    const back = await writeAndReadBack(dota, middle, { saveMedia: true });
    expect(back.report.dropped).toEqual({});
    expect(back.report.converted).toEqual({});
    await expectSameDataset(back.dataset, first, { capabilities: dota.capabilities });
    const direct = await writeAndReadBack(dota, first);
    for (const file of ['train/labelTxt/P0000.txt', 'train/labelTxt/P0001.txt', 'val/labelTxt/P0002.txt']) {
      expect(await text(back.tree, file)).toBe(await text(direct.tree, file));
    }
  });

  it('dota -> datumaro -> dota: rotated boxes of any angle, header attributes', async () => {
    const viaDatumaro = await writeAndReadBack(datumaro, dotaShapes(), { saveMedia: true });
    const back = await writeAndReadBack(dota, viaDatumaro.dataset, { saveMedia: true });
    expect(back.report.dropped).toEqual({});
    await expectSameDataset(back.dataset, dotaShapes(), { capabilities: dota.capabilities });
  });
});
