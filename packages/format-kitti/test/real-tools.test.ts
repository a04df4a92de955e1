/**
 * KITTI as other tools write it, from fixtures written here in their shapes: NVIDIA TAO's layout
 * (`images/` and `labels/` side by side, fields other than the box set to 0, `kitti_seq_to_map.json`),
 * split folders holding that layout, and class names with spaces.
 */
import { createRegistry, memoryTree } from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { formats, kittiDetection } from '../src/index.js';

const jpeg = () => new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
const line = (type: string, box: number[], score?: number) =>
  [type, '0.00', '0', '0.00', ...box.map((v) => v.toFixed(2)), '0.00 0.00 0.00 0.00 0.00 0.00 0.00', score]
    .filter((v) => v !== undefined)
    .join(' ');

const taoTree = () =>
  memoryTree({
    'images/000000.jpg': jpeg(),
    'images/000001.jpg': jpeg(),
    'labels/000000.txt': `${line('car', [10, 20, 30, 40])}\n${line('traffic light', [1, 2, 3, 5])}\n`,
    'labels/000001.txt': `${line('Road_Sign', [0, 0, 4, 4])}\n`,
    'kitti_seq_to_map.json': '{"seq0": ["000000", "000001"]}',
  });

describe('KITTI labels outside label_2/', () => {
  it("NVIDIA TAO's images/ + labels/ layout is detected and read, images matched", async () => {
    const { matches } = await createRegistry(formats).detect(taoTree());
    expect(matches[0]).toMatchObject({ id: 'kitti_detection', root: '' });
    const ds = await readAll(kittiDetection, taoTree());
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['car', 'traffic light', 'Road_Sign']);
    const a = ds.get('default', '000000')!;
    expect(a.media?.path).toBe('images/000000.jpg');
    expect(a.annotations.map((b) => [b.label, (b as any).x, (b as any).w])).toEqual([
      [0, 10, 20],
      [1, 1, 2],
    ]);
    expect(ds.get('default', '000001')!.media?.path).toBe('images/000001.jpg');
  });

  it('split folders holding labels/ and images/ become subsets', async () => {
    const t = memoryTree({
      'train/images/a.png': jpeg(),
      'train/labels/a.txt': `${line('person', [0, 0, 2, 2])}\n`,
      'val/images/b.png': jpeg(),
      'val/labels/b.txt': `${line('person', [1, 1, 2, 2])}\n`,
    });
    const ds = await readAll(kittiDetection, t);
    expect(ds.subsets().sort()).toEqual(['train', 'val']);
    expect(ds.get('val', 'b')!.media?.path).toBe('val/images/b.png');
  });

  it("YOLO's labels/ (numeric class ids) is not taken for KITTI", async () => {
    const yolo = memoryTree({
      'images/a.jpg': jpeg(),
      // a YOLO segment line of 15 numbers has KITTI's field count
      'labels/a.txt': '3 0 1 0.2 0.1 0.2 0.2 0.1 0.2 0.15 0.25 0.12 0.22 0.11 0.12\n',
    });
    const { matches, rejected } = await createRegistry(formats).detect(yolo);
    expect(matches.map((m) => m.id)).not.toContain('kitti_detection');
    expect(rejected.find((r) => r.id === 'kitti_detection')?.reason).toMatch(/numeric class ids/);
  });
});

describe('KITTI class names with spaces', () => {
  it('the name is what comes before the last 14 numbers (15 with a score)', async () => {
    const t = memoryTree({
      'training/label_2/000007.txt': [
        line('traffic light', [1, 2, 3, 4]),
        line('fire hydrant', [5, 6, 7, 8], 0.5),
        line('Car', [0, 0, 1, 1], 0.25),
      ].join('\n'),
    });
    const ds = await readAll(kittiDetection, t);
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['traffic light', 'fire hydrant', 'Car']);
    const boxes = ds.get('training', '000007')!.annotations as any[];
    expect(boxes.map((b) => [b.x, b.y, b.attributes.score])).toEqual([
      [1, 2, undefined],
      [5, 6, 0.5],
      [0, 0, 0.25],
    ]);
  });

  it('a line with a bad field still names the field', async () => {
    const t = memoryTree({ 'label_2/1.txt': 'Car 0 x 0 1 2 3 4 0 0 0 0 0 0 0\n' });
    await expect(readAll(kittiDetection, t)).rejects.toThrow(
      /occluded 'x' is not a number.*label_2\/1\.txt|label_2\/1\.txt.*occluded 'x'/,
    );
  });
});
