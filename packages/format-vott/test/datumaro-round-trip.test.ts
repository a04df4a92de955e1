// vott_json -> datumaro -> vott_json keeps everything VoTT holds: region ids and types, several tags
// on one region (a group), asset ids, tag colours, image sizes; and the file written at the end is
// the file written from the first read.

import { expectSameDataset, readAll, writeAndReadBack } from '@labelport/core/testing';
import { datumaro } from '@labelport/format-datumaro';
import { describe, expect, it } from 'vitest';
import { vottCsv } from '../src/vott-csv.js';
import { vottJson } from '../src/vott-json.js';
import { csvTree, streetTree, vottShapes } from './fixtures.js';

const text = async (tree: { read(p: string): Promise<Uint8Array> }, path: string) =>
  new TextDecoder().decode(await tree.read(path));

describe('through datumaro and back', () => {
  it('vott_json -> datumaro -> vott_json: a VoTT export', async () => {
    const first = await readAll(vottJson, streetTree());
    const viaDatumaro = await writeAndReadBack(datumaro, first);
    expect(viaDatumaro.report.dropped).toEqual({});
    expect(viaDatumaro.report.converted).toEqual({});
    const back = await writeAndReadBack(vottJson, viaDatumaro.dataset);
    expect(back.report.dropped).toEqual({});
    await expectSameDataset(back.dataset, first, { capabilities: vottJson.capabilities });
    const direct = await writeAndReadBack(vottJson, first);
    const file = 'Street-Scenes/Street-Scenes-export.json';
    expect(await text(back.tree, file)).toBe(await text(direct.tree, file));
  });

  it('vott_json -> datumaro -> vott_json: every region type', async () => {
    const viaDatumaro = await writeAndReadBack(datumaro, vottShapes());
    const back = await writeAndReadBack(vottJson, viaDatumaro.dataset);
    expect(back.report.dropped).toEqual({});
    await expectSameDataset(back.dataset, vottShapes(), { capabilities: vottJson.capabilities });
  });

  it('vott_csv -> datumaro -> vott_csv', async () => {
    const first = await readAll(vottCsv, csvTree());
    const viaDatumaro = await writeAndReadBack(datumaro, first);
    const back = await writeAndReadBack(vottCsv, viaDatumaro.dataset);
    expect(back.report.dropped).toEqual({});
    await expectSameDataset(back.dataset, first, { capabilities: vottCsv.capabilities });
  });
});
