import { memoryTree } from '@labelport/core';
import { expectSameDataset, readAll, writeAndReadBack } from '@labelport/core/testing';
import { datumaro } from '@labelport/format-datumaro';
import { labelStudio } from '@labelport/format-label-studio';
import { registry } from 'labelport';
import { describe, expect, it } from 'vitest';
import { dumps, JSON_MIN, TASK_1, TASK_2 } from '../../format-label-studio/test/fixtures.js';

/** A Label Studio export in the shape Label Studio 1.x writes it (see format-label-studio's fixtures). */
const exportTree = () => memoryTree({ 'project-3-at-2024-05-02.json': dumps([TASK_1, TASK_2]) });

describe('label_studio through datumaro', () => {
  it('label_studio -> datumaro -> label_studio keeps everything the model holds', async () => {
    const read = await readAll(labelStudio, exportTree());
    const viaDatumaro = await writeAndReadBack(datumaro, read, {});
    expect(viaDatumaro.report.dropped).toEqual({});
    expect(viaDatumaro.report.converted).toEqual({});
    await expectSameDataset(viaDatumaro.dataset, read, { capabilities: labelStudio.capabilities });
    const back = await writeAndReadBack(labelStudio, viaDatumaro.dataset, {});
    expect(back.report.dropped).toEqual({});
    expect(back.report.converted).toEqual({});
    await expectSameDataset(back.dataset, read, { capabilities: labelStudio.capabilities });
    // The dataset's infos (the project's control names) went through Datumaro too.
    const tasks = JSON.parse(new TextDecoder().decode(await back.tree.read('tasks.json')));
    expect(
      tasks[0].annotations[0].result.map((r: { from_name?: string; type: string }) => r.from_name ?? r.type),
    ).toEqual(['label', 'note', 'polygon', 'keypoint', 'ellipse', 'choice', 'caption', 'relation']);
  });

  it('pre-annotations -> datumaro -> label_studio predictions', async () => {
    const tree = memoryTree({ 'pre.json': dumps([{ data: TASK_2.data, predictions: TASK_2.predictions }]) });
    const read = await readAll(labelStudio, tree);
    const viaDatumaro = await writeAndReadBack(datumaro, read, {});
    const back = await writeAndReadBack(labelStudio, viaDatumaro.dataset, { to: 'predictions' });
    expect(back.report.dropped).toEqual({});
    await expectSameDataset(back.dataset, read, { capabilities: labelStudio.capabilities });
    expect([...back.dataset][0]!.annotations[0]!.attributes).toEqual({
      model_version: 'yolo-v8',
      score: 0.87,
    });
  });

  it('JSON-MIN -> datumaro -> label_studio', async () => {
    const read = await readAll(labelStudio, memoryTree({ 'result.json': dumps(JSON_MIN) }));
    const viaDatumaro = await writeAndReadBack(datumaro, read, {});
    const back = await writeAndReadBack(labelStudio, viaDatumaro.dataset, {});
    expect(back.report.dropped).toEqual({});
    await expectSameDataset(back.dataset, read, { capabilities: labelStudio.capabilities });
  });

  it('is detected in the registry of every format as itself', async () => {
    const { matches } = await registry.detect(exportTree());
    expect(matches.map((m) => m.id)).toEqual(['label_studio']);
  });
});
