// Datumaro's `roboflow_yolo`: Roboflow's YOLOv5/v8 export, read by yolo_ultralytics. The fixture is
// in Roboflow's shape: data.yaml with relative split paths, nc, names and a roboflow block, and
// <split>/images/ + <split>/labels/ folders (train, valid, test).
import { createRegistry, memoryTree } from '@labelport/core';
import { describeFormat } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { formats, yoloUltralytics } from '../src/index.js';
import { png } from './fixtures/trees.js';

const roboflowYoloTree = () =>
  memoryTree({
    'data.yaml': [
      'train: ../train/images',
      'val: ../valid/images',
      'test: ../test/images',
      '',
      'nc: 2',
      "names: ['cat', 'dog']",
      '',
      'roboflow:',
      '  workspace: acme',
      '  project: pets',
      '  version: 3',
      '  license: CC BY 4.0',
      '  url: https://universe.roboflow.com/acme/pets/dataset/3',
      '',
    ].join('\n'),
    'README.dataset.txt': '# Pets > 2024-05-01\n',
    'README.roboflow.txt': 'Pets - v3\nThis dataset was exported via roboflow.com\n',
    'train/images/a_jpg.rf.0f6e.jpg': png(8, 4),
    'train/labels/a_jpg.rf.0f6e.txt': '0 0.25 0.5 0.25 0.5\n1 0.75 0.5 0.25 1\n',
    'valid/images/b_jpg.rf.77aa.jpg': png(8, 4),
    'valid/labels/b_jpg.rf.77aa.txt': '1 0.5 0.5 0.5 0.5\n',
    'test/images/c_jpg.rf.3c3c.jpg': png(8, 4),
    'test/labels/c_jpg.rf.3c3c.txt': '',
  });

describeFormat(yoloUltralytics, {
  fixtures: [
    {
      name: "Roboflow's YOLO export (roboflow_yolo)",
      tree: roboflowYoloTree,
      expect: {
        items: 3,
        subsets: { train: 1, val: 1, test: 1 },
        annotations: { bbox: 3 },
        labels: ['cat', 'dog'],
      },
      check(ds) {
        const [cat, dog] = ds.get('train', 'a_jpg.rf.0f6e')!.annotations as any[];
        expect(cat).toMatchObject({ label: 0, x: 1, y: 1, w: 2, h: 2 });
        expect(dog).toMatchObject({ label: 1, x: 5, y: 0, w: 2, h: 4 });
        expect(ds.get('test', 'c_jpg.rf.3c3c')!.annotations).toEqual([]);
      },
    },
  ],
});

describe("Datumaro's roboflow_yolo", () => {
  it('is yolo_ultralytics, and its layout is detected as yolo_ultralytics alone', async () => {
    const registry = createRegistry(formats);
    expect(registry.get('roboflow_yolo')).toBe(yoloUltralytics);
    const { matches } = await registry.detect(roboflowYoloTree());
    expect(matches.map((m) => m.id)).toEqual(['yolo_ultralytics']);
  });
});
