/**
 * YOLO with the reference format (Datumaro): the corpus samples through Datumaro and back, and
 * boxes, polygons and keypoints from Datumaro to YOLO and back within 1e-6 pixels.
 */
import { join } from 'node:path';
import { type AnyFormat, type DatasetSource, sourceOf } from '@labelport/core';
import { directoryTree } from '@labelport/core/node';
import { expectSameDataset, fixturesDir, readAll, writeAndReadBack } from '@labelport/core/testing';
import { datumaro } from '@labelport/format-datumaro';
import { yolo, yoloUltralytics } from '@labelport/format-yolo';
import { describe, expect, it } from 'vitest';

const corpus = fixturesDir();
if (!corpus) console.warn('yolo interop: LABELPORT_FIXTURES is not set; the corpus tests are skipped');
const tree = (...p: string[]) => directoryTree(join(corpus as string, 'datumaro', ...p));

async function throughDatumaro(format: AnyFormat, source: DatasetSource) {
  const { dataset: viaDatumaro } = await writeAndReadBack(datumaro, source);
  await expectSameDataset(viaDatumaro, source);
  const { dataset: back, report } = await writeAndReadBack(format, viaDatumaro);
  expect(report.dropped).toEqual({});
  // Darknet YOLO writes the default subset as 'train'; the samples have named subsets only.
  await expectSameDataset(back, source, { capabilities: format.capabilities });
}

describe.skipIf(!corpus)('YOLO corpus samples through Datumaro and back', () => {
  for (const [name, format, path] of [
    ['yolo_dataset/strict', yolo, ['yolo_dataset', 'strict']],
    ['yolo_dataset/labels (loose, subsets)', yolo, ['yolo_dataset', 'labels']],
    ['roboflow yolo (data.yaml)', yoloUltralytics, ['roboflow_dataset', 'yolo']],
  ] as const) {
    it(name, async () => {
      const source = await readAll(format, tree(...path));
      expect(source.size).toBeGreaterThan(0);
      await throughDatumaro(format, source);
    });
  }
});

describe.skipIf(!corpus)('YOLO corpus samples without subsets', () => {
  it('yolo_dataset/annotations: darknet YOLO has no default subset, so it comes back as train', async () => {
    const source = await readAll(yolo, tree('yolo_dataset', 'annotations'));
    expect(source.subsets()).toEqual(['default']);
    const { dataset, report } = await writeAndReadBack(yolo, source);
    expect(report.dropped).toEqual({});
    expect(dataset.subsets()).toEqual(['train']);
    await expectSameDataset(dataset, source, { capabilities: { ...yolo.capabilities, subsets: false } });
  });
});

describe('Datumaro -> YOLO -> Datumaro', () => {
  const source = () =>
    sourceOf({ labels: [{ name: 'person' }, { name: 'car' }] }, [
      {
        id: 'a',
        subset: 'train',
        attributes: {},
        media: { kind: 'image', width: 1920, height: 1080 },
        annotations: [
          {
            type: 'bbox',
            x: 100.123456,
            y: 200.654321,
            w: 300.5,
            h: 400.25,
            label: 0,
            group: 1,
            attributes: {},
          },
          {
            type: 'points',
            points: [150.5, 250.25, 0, 0],
            visibility: [2, 0],
            label: 0,
            group: 1,
            attributes: {},
          },
        ],
      },
      {
        id: 'b',
        subset: 'val',
        attributes: {},
        media: { kind: 'image', width: 640, height: 480 },
        annotations: [
          { type: 'bbox', x: 0.000001, y: 479, w: 639.999999, h: 1, label: 1, group: 1, attributes: {} },
          // in a pose dataset every line has the keypoints; a box without them would come back with absent ones
          {
            type: 'points',
            points: [639.5, 479.5, 0.25, 479.75],
            visibility: [1, 2],
            label: 1,
            group: 1,
            attributes: {},
          },
        ],
      },
    ]);

  it('yolo_ultralytics keeps boxes and keypoints to 1e-6 pixels', async () => {
    const { dataset: dm } = await writeAndReadBack(datumaro, source());
    const { dataset: y, report } = await writeAndReadBack(yoloUltralytics, dm);
    expect(report.dropped).toEqual({});
    const { dataset: back } = await writeAndReadBack(datumaro, y);
    // groups are renumbered by line, so pairs are compared with groups left out
    await expectSameDataset(back, source(), {
      capabilities: yoloUltralytics.capabilities,
      digits: 6,
      ignoreGroups: true,
    });
  });

  it('yolo (darknet) keeps the boxes and drops the keypoints, saying so', async () => {
    const { dataset: dm } = await writeAndReadBack(datumaro, source());
    const { dataset: y, report } = await writeAndReadBack(yolo, dm);
    expect(report.dropped).toEqual({ points: 2 });
    await expectSameDataset(y, source(), { capabilities: yolo.capabilities, digits: 6, ignoreGroups: true });
  });
});
