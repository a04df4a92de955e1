import { Dataset, encodePng, memorySink, memoryTree } from '@labelport/core';
import { it } from 'vitest';
import { tfDetectionApi } from '../src/index.js';
import { decodeExample, encodeExample } from '../src/lib/tf-example.js';
import { readTfRecords } from '../src/lib/tfrecord-framing.js';

it('bench', async () => {
  const img = encodePng({
    width: 64,
    height: 48,
    colorType: 'rgb',
    data: new Uint8Array(64 * 48 * 3).map((_, i) => i),
  });
  const N = 20000;
  const items = [];
  for (let i = 0; i < N; i++)
    items.push({
      id: `img_${i}`,
      subset: 'train',
      media: {
        kind: 'image' as const,
        path: `img_${i}.png`,
        width: 640,
        height: 480,
        bytes: async () => img,
      },
      annotations: Array.from({ length: 5 }, (_, k) => ({
        type: 'bbox' as const,
        x: k * 10,
        y: k * 5,
        w: 50,
        h: 40,
        label: k % 3,
        attributes: {},
      })),
      attributes: { source_id: String(i) },
    });
  const ds = new Dataset({ labels: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] }, items);
  for (const saveMedia of [false, true]) {
    const sink = memorySink();
    const t = performance.now();
    await tfDetectionApi.write!(ds, sink, { saveMedia });
    await sink.commit();
    console.log('write saveMedia', saveMedia, (performance.now() - t).toFixed(0), 'ms');
    const file = sink.files.get('train.tfrecord')!;
    let t2 = performance.now();
    const recs = [];
    for await (const r of readTfRecords([file], 'x')) recs.push(r);
    console.log('framing', (performance.now() - t2).toFixed(0));
    t2 = performance.now();
    const feats = recs.map((r) => decodeExample(r.data));
    console.log('decode', (performance.now() - t2).toFixed(0));
    t2 = performance.now();
    for (const f of feats) encodeExample(f);
    console.log('encode', (performance.now() - t2).toFixed(0));
    t2 = performance.now();
    let n = 0;
    for await (const _ of (await tfDetectionApi.read!(memoryTree({ 'train.tfrecord': file }))).items()) n++;
    console.log('read items', n, (performance.now() - t2).toFixed(0));
  }
}, 600000);
