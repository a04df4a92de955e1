import { memoryTree } from '@labelport/core';
import { streamOnly } from '@labelport/core/json';
import { readAll } from '@labelport/core/testing';
import { expect, it } from 'vitest';
import { bdd100k } from '../src/index.js';

const frame = (i: number) => ({
  name: `f${i}.jpg`,
  size: { width: 8, height: 6 },
  labels: [{ id: String(i), category: i % 2 ? 'pedestrian' : 'car', box2d: { x1: i, y1: 0, x2: 3, y2: 3 } }],
  attributes: { note: 'é ] } "q"' },
});
const frames = Array.from({ length: 40 }, (_, i) => frame(i));
const config = { categories: [{ name: 'car' }, { name: 'pedestrian' }] };

for (const keepParsedBytes of [0, undefined]) {
  it(`streams label files without reading them whole (keepParsedBytes ${keepParsedBytes ?? 'default'})`, async () => {
    const tree = streamOnly(
      memoryTree({
        'labels/det_20/det_val.json': JSON.stringify(frames, null, 2),
        // The Scalabel export form with its config after the frames.
        'labels/det_20/det_train.json': JSON.stringify({ frames: frames.slice(0, 3), config }),
      }),
    );
    const ds = await readAll(bdd100k, tree, { keepParsedBytes });
    expect(ds.size).toBe(43);
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['car', 'pedestrian']);
    const f7 = ds.get('val', 'f7')!;
    expect(f7.attributes).toMatchObject({ note: 'é ] } "q"' });
    expect(f7.annotations[0]).toMatchObject({ type: 'bbox', label: 1, x: 7 });
  });
}

it('a broken frame names the file, the frame and the line', async () => {
  const text = `[\n${JSON.stringify(frame(0))},\n{"name": "x.jpg", "labels": [1 2]}\n]`;
  const tree = streamOnly(memoryTree({ 'det_val.json': text }));
  await expect(readAll(bdd100k, tree)).rejects.toThrow(
    /^det_val\.json: \[1\] \(line 3, column 1, byte \d+\): invalid JSON/,
  );
  const notFrames = streamOnly(memoryTree({ 'det_val.json': '{"frames": 5}' }));
  await expect(readAll(bdd100k, notFrames)).rejects.toThrow(
    'det_val.json: expected a list of frames or an object with "frames"',
  );
});
