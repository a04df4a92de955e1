import { expectSameDataset, readAll, writeAndReadBack } from '@labelport/core/testing';
import { datumaro } from '@labelport/format-datumaro';
import { describe, expect, it } from 'vitest';
import { supervisely } from '../src/supervisely.js';
import { projectTree } from './fixtures.js';
import { roundTripSource } from './sources.js';

describe('supervisely through datumaro', () => {
  it('supervisely -> datumaro -> supervisely keeps everything the model holds', async () => {
    const read = await readAll(supervisely, projectTree());
    const viaDatumaro = await writeAndReadBack(datumaro, read);
    expect(viaDatumaro.report.dropped).toEqual({});
    expect(viaDatumaro.report.converted).toEqual({});
    await expectSameDataset(viaDatumaro.dataset, read, { capabilities: supervisely.capabilities });
    const back = await writeAndReadBack(supervisely, viaDatumaro.dataset);
    expect(back.report.dropped).toEqual({});
    expect(back.report.converted).toEqual({});
    await expectSameDataset(back.dataset, read, { capabilities: supervisely.capabilities });
    // The project meta went through Datumaro's infos: tag types and one-of values come back.
    const meta = JSON.parse(new TextDecoder().decode(await back.tree.read('meta.json')));
    expect(meta.tags.find((t: { name: string }) => t.name === 'situated')).toMatchObject({
      value_type: 'oneof_string',
      values: ['inside', 'outside'],
    });
  });

  it('datumaro -> supervisely -> datumaro', async () => {
    const dm = await writeAndReadBack(datumaro, roundTripSource());
    const sly = await writeAndReadBack(supervisely, dm.dataset);
    expect(sly.report.dropped).toEqual({});
    expect(sly.report.converted).toEqual({});
    const again = await writeAndReadBack(datumaro, sly.dataset);
    await expectSameDataset(again.dataset, dm.dataset, { capabilities: supervisely.capabilities });
  });
});
