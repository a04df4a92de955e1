/**
 * BDD100K mask PNGs as users keep them: a plain folder of bitmasks (or label masks), without the
 * `bdd100k/labels/<task>/<bitmasks|masks>/<subset>/` layout, read with the format named (`-i`).
 */
import { createRegistry, memoryTree } from '@labelport/core';
import { encodePng } from '@labelport/core/png';
import { readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { bdd100kInsSeg, bdd100kSegTrack, bdd100kSemSeg, formats } from '../src/index.js';

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
/** BDD100K bitmask pixels as [category (R), attribute bits (G), instance id (B high, A low)]. */
const bitmask = (rows: [number, number, number][][]) =>
  encodePng({
    width: rows[0]!.length,
    height: rows.length,
    colorType: 'rgba',
    data: rows.flat().flatMap(([r, g, id]) => [r, g, id >> 8, id & 0xff]),
  });
const O: [number, number, number] = [0, 0, 0];
const car1: [number, number, number] = [3, 4, 1]; // car, occluded, instance 1
const person256: [number, number, number] = [1, 0, 256];

const plain = () =>
  memoryTree({
    'a.png': bitmask([
      [car1, car1, O],
      [O, person256, O],
    ]),
    'val/b.png': bitmask([[O, car1, car1]]),
    'images/a.jpg': JPEG,
  });

describe('BDD100K masks in a plain folder', () => {
  it('ins_seg reads bitmask PNGs of a plain folder, subsets from split folders, images by name', async () => {
    const ds = await readAll(bdd100kInsSeg, plain());
    expect(ds.subsets().sort()).toEqual(['default', 'val']);
    const a = ds.get('default', 'a')!;
    expect(a.media).toMatchObject({ path: 'images/a.jpg', width: 3, height: 2 });
    const names = ds.categories.labels.map((l) => l.name);
    expect(a.annotations.map((m) => [names[m.label!], m.id, m.attributes.occluded])).toEqual([
      ['pedestrian', 256, false],
      ['car', 1, true],
    ]);
    expect(ds.get('val', 'b')!.annotations).toHaveLength(1);
  });

  it('a folder named for its kind (bitmasks/<name>.png): the id is the name', async () => {
    const t = memoryTree({ 'bitmasks/c.png': bitmask([[car1]]), 'images/c.jpg': JPEG });
    const ds = await readAll(bdd100kInsSeg, t);
    expect([...ds].map((i) => [i.subset, i.id, i.media?.path])).toEqual([['default', 'c', 'images/c.jpg']]);
  });

  it('a plain folder is not claimed by detection (it needs -i), and says so', async () => {
    const { matches, rejected } = await createRegistry(formats).detect(plain());
    expect(matches.map((m) => m.id)).not.toContain('bdd100k_ins_seg');
    expect(rejected.find((r) => r.id === 'bdd100k_ins_seg')?.reason).toMatch(/-i bdd100k_ins_seg/);
  });

  it('sem_seg reads class-id PNGs of a plain folder', async () => {
    const t = memoryTree({
      'masks/x.png': encodePng({ width: 3, height: 1, colorType: 'gray', data: [0, 13, 255] }),
    });
    const ds = await readAll(bdd100kSemSeg, t);
    const x = ds.get('default', 'x')!;
    const names = ds.categories.labels.map((l) => l.name);
    expect(x.annotations.map((m) => names[m.label!])).toEqual(['road', 'car']);
  });

  it('seg_track takes the folder of each PNG for its video', async () => {
    const t = memoryTree({
      'train/vid-1/f-0001.png': bitmask([[car1, O]]),
      'train/vid-1/f-0002.png': bitmask([[O, car1]]),
    });
    const ds = await readAll(bdd100kSegTrack, t);
    const items = [...ds];
    expect(items.map((i) => [i.subset, i.id, i.media?.frame])).toEqual([
      ['train', 'vid-1/f-0001', 0],
      ['train', 'vid-1/f-0002', 1],
    ]);
    expect(items.map((i) => i.annotations[0]!.objectId)).toEqual([1, 1]);
  });

  it('a PNG that is not a bitmask is an error naming it', async () => {
    const t = memoryTree({ 'photo.png': encodePng({ width: 1, height: 1, colorType: 'gray', data: [7] }) });
    await expect(readAll(bdd100kInsSeg, t)).rejects.toThrow(/photo\.png.*8-bit RGBA|8-bit RGBA.*photo\.png/);
  });
});
