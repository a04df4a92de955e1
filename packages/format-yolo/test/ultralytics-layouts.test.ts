/**
 * Every layout Ultralytics' own rule (`img2label_paths` in ultralytics/data/utils.py) accepts: the
 * label file of an image is its path with the last `/images/` made `/labels/` and the extension
 * `.txt`, and a path without `/images/` keeps its folder (YOLOv5's and SAHI's label files beside
 * their images). Trees written as the tools write them.
 */
import { createRegistry, memoryTree } from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { formats, yoloUltralytics } from '../src/index.js';
import { labelPathOf } from '../src/lib/ultralytics-layout.js';
import { png } from './fixtures/trees.js';

/**
 * SAHI's `export_coco_as_yolov5`: `train/` and `val/` with each image beside its `.txt`, and
 * `data.yml` dumped by PyYAML (keys sorted, lists in flow style) with the absolute paths of the
 * author's machine.
 */
const sahiTree = () =>
  memoryTree({
    'data.yml':
      'names: [person, car]\nnc: 2\ntrain: /home/me/work/sahi_out/train\nval: /home/me/work/sahi_out/val\n',
    'train/a.png': png(10, 20),
    'train/a.txt': '0 0.5 0.5 0.2 0.4\n1 0.25 0.25 0.1 0.1\n',
    'train/b.png': png(10, 10),
    'train/b.txt': '1 0.5 0.5 1.0 1.0\n',
    'val/c.png': png(4, 4),
    'val/c.txt': '0 0.5 0.5 0.5 0.5\n',
  });

const collect = () => {
  const warnings: string[] = [];
  return { warnings, onWarning: (m: string) => warnings.push(m) };
};

describe('label files beside their images (YOLOv5, SAHI)', () => {
  it("SAHI's data.yml with absolute paths: detected, every image read with its label file, no warning", async () => {
    const { matches } = await createRegistry(formats).detect(sahiTree());
    expect(matches[0]).toEqual({ id: 'yolo_ultralytics', confidence: 1, root: '' });

    const { warnings, onWarning } = collect();
    const ds = await readAll(yoloUltralytics, sahiTree(), { onWarning });
    expect(warnings).toEqual([]);
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['person', 'car']);
    expect(ds.subsets().sort()).toEqual(['train', 'val']);
    expect(ds.size).toBe(3);
    const a = ds.get('train', 'a')!;
    expect(a.media).toMatchObject({ path: 'train/a.png', width: 10, height: 20 });
    // '0 0.5 0.5 0.2 0.4' on 10x20: x = (0.5 - 0.1) * 10 = 4, y = (0.5 - 0.2) * 20 = 6, w 2, h 8
    expect(a.annotations).toMatchObject([
      { type: 'bbox', label: 0, x: 4, y: 6, w: 2, h: 8 },
      { type: 'bbox', label: 1 },
    ]);
    expect(ds.get('val', 'c')!.annotations).toHaveLength(1);
  });

  it("YOLOv5's data.yaml with relative subset folders, nested folders kept in the id", async () => {
    const tree = memoryTree({
      'data.yaml': 'path: ../datasets/parts\ntrain: train\nval: valid\nnames:\n  0: part\n',
      'train/a.png': png(4, 4),
      'train/a.txt': '0 0.5 0.5 0.5 0.5\n',
      'train/day2/b.png': png(4, 4),
      'train/day2/b.txt': '0 0.5 0.5 0.5 0.5\n0 0.25 0.25 0.5 0.5\n',
      'valid/c.png': png(4, 4),
    });
    const { warnings, onWarning } = collect();
    const ds = await readAll(yoloUltralytics, tree, { onWarning });
    expect(warnings).toEqual([]);
    expect([...ds].map((i) => `${i.subset}/${i.id}:${i.annotations.length}`).sort()).toEqual([
      'train/a:1',
      'train/day2/b:2',
      'val/c:0',
    ]);
    expect((await createRegistry(formats).detect(tree)).matches[0]).toMatchObject({ id: 'yolo_ultralytics' });
  });

  it('a subset list of absolute paths to images beside their label files', async () => {
    const tree = memoryTree({
      'data.yaml': 'train: train.txt\nval: val.txt\nnames: [thing]\n',
      'train.txt': '/srv/data/set/pics/a.png\n/srv/data/set/pics/b.png\n',
      'val.txt': '/srv/data/set/pics/c.png\n',
      'pics/a.png': png(4, 4),
      'pics/a.txt': '0 0.5 0.5 0.5 0.5\n',
      'pics/b.png': png(4, 4),
      'pics/c.png': png(4, 4),
      'pics/c.txt': '0 0.5 0.5 0.5 0.5\n',
    });
    const { warnings, onWarning } = collect();
    const ds = await readAll(yoloUltralytics, tree, { onWarning });
    expect(warnings).toEqual([]);
    expect([...ds].map((i) => `${i.subset}/${i.id}:${i.annotations.length}`).sort()).toEqual([
      'train/pics/a:1',
      'train/pics/b:0',
      'val/pics/c:1',
    ]);
  });

  it('a dataset YAML whose names: follow a long header is still detected (no byte window)', async () => {
    const header = `${'# a comment line of the kind Ultralytics puts above its datasets\n'.repeat(300)}`;
    const tree = memoryTree({
      'data.yaml': `${header}train: images/train\nval: images/train\nnames: [a]\n`,
      'images/train/x.png': png(4, 4),
      'labels/train/x.txt': '0 0.5 0.5 0.5 0.5\n',
    });
    expect(header.length).toBeGreaterThan(8192);
    expect((await createRegistry(formats).detect(tree)).matches[0]).toMatchObject({ id: 'yolo_ultralytics' });
  });
});

describe('a tree whose images and label files do not pair', () => {
  it('is no silent empty success: the images and .txt files left out are named', async () => {
    const tree = memoryTree({
      'data.yaml': 'train: images/train\nval: images/val\nnames: [a]\n',
      'pics/a.png': png(4, 4),
      'pics/b.png': png(4, 4),
      'anns/a.txt': '0 0.5 0.5 0.5 0.5\n',
      'anns/b.txt': '0 0.5 0.5 0.5 0.5\n',
      'README.txt': 'not a label file, and at the top: not named',
    });
    const { warnings, onWarning } = collect();
    const ds = await readAll(yoloUltralytics, tree, { onWarning });
    expect(ds.size).toBe(0);
    expect(warnings).toEqual([
      expect.stringMatching(/^2 image\(s\) are in no subset of data\.yaml .*: pics\/a\.png, pics\/b\.png$/),
      expect.stringMatching(
        /^2 \.txt file\(s\) are the label file of no image .*: anns\/a\.txt, anns\/b\.txt$/,
      ),
    ]);
  });

  it('a label file beside an image of another subset layout is named, the images still read', async () => {
    const tree = memoryTree({
      'data.yaml': 'train: images/train\nnames: [a]\n',
      'images/train/x.png': png(4, 4),
      'labels/train/x.txt': '0 0.5 0.5 0.5 0.5\n',
      'images/train/y.png': png(4, 4),
      // y's label file where Ultralytics never looks for it
      'images/train/y.txt': '0 0.5 0.5 0.5 0.5\n',
    });
    const { warnings, onWarning } = collect();
    const ds = await readAll(yoloUltralytics, tree, { onWarning });
    expect([...ds].map((i) => `${i.id}:${i.annotations.length}`).sort()).toEqual(['x:1', 'y:0']);
    expect(warnings).toEqual([expect.stringMatching(/1 \.txt file\(s\) .*: images\/train\/y\.txt$/)]);
  });

  it('names the first five and counts the rest', async () => {
    const files: Record<string, string> = { 'data.yaml': 'train: images/train\nnames: [a]\n' };
    for (let i = 0; i < 8; i++) files[`stray/${i}.txt`] = '';
    const { warnings, onWarning } = collect();
    await readAll(yoloUltralytics, memoryTree(files), { onWarning });
    expect(warnings).toEqual([expect.stringMatching(/stray\/4\.txt and 3 more$/)]);
  });
});

it("labelPathOf is Ultralytics' img2label_paths", () => {
  expect(labelPathOf('images/a.jpg')).toBe('labels/a.txt');
  expect(labelPathOf('ds/images/train/a.b.png')).toBe('ds/labels/train/a.b.txt');
  // the last /images/ only
  expect(labelPathOf('images/x/images/b.png')).toBe('images/x/labels/b.txt');
  // no /images/ folder: the label file beside the image
  expect(labelPathOf('train/a.jpg')).toBe('train/a.txt');
  expect(labelPathOf('myimages/a.jpg')).toBe('myimages/a.txt');
  expect(labelPathOf('a.jpg')).toBe('a.txt');
});
