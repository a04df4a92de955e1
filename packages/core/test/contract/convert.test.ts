import { describe, expect, it } from 'vitest';
import {
  convert,
  type DatasetItem,
  defineFormat,
  memorySink,
  ReportBuilder,
  sourceOf,
} from '../../src/index.js';

const seen: DatasetItem[] = [];
const boxesOnly = defineFormat({
  id: 'boxes',
  title: 'boxes',
  extensions: [],
  capabilities: {
    annotations: ['bbox'],
    converts: { polygon: 'bbox' },
    media: ['image'],
    tracks: false,
    attributes: false,
    subsets: true,
    streaming: true,
  },
  async write(source, out) {
    const report = new ReportBuilder();
    for await (const item of source.items()) {
      seen.push(item);
      report.items++;
      for (const a of item.annotations) if (a.type === 'polygon') report.convert('polygon', 'bbox');
      await out.write(`${item.id}.txt`, String(item.annotations.length));
    }
    return report.build();
  },
});

const items: DatasetItem[] = [
  {
    id: 'a',
    subset: 'train',
    attributes: { weather: 'sun' },
    annotations: [
      { type: 'bbox', x: 0, y: 0, w: 1, h: 1, objectId: 3, attributes: { occluded: true, score: 1 } },
      { type: 'polygon', points: [0, 0, 1, 0, 1, 1], attributes: {} },
      {
        type: 'mask',
        mask: { kind: 'bitmap', bitmap: { width: 1, height: 1, data: new Uint8Array([1]) } },
        attributes: {},
      },
      { type: 'caption', caption: 'x', attributes: {} },
    ],
  },
];

describe('convert', () => {
  it('drops what the target cannot hold before the writer sees it, and reports every loss', async () => {
    seen.length = 0;
    const sink = memorySink();
    const report = await convert(sourceOf({ labels: [] }, items), boxesOnly, sink);
    expect(report).toEqual({
      items: 1,
      dropped: { mask: 1, caption: 1, objectId: 1, attribute: 2, 'item attribute': 1 },
      converted: { 'polygon->bbox': 1 },
      warnings: [],
    });
    expect(seen[0]!.annotations.map((a) => a.type)).toEqual(['bbox', 'polygon']);
    expect(seen[0]!.annotations[0]).toMatchObject({ objectId: undefined, attributes: {} });
    expect(sink.files.get('a.txt')).toBeDefined();
  });

  it('--strict refuses any loss and commits nothing', async () => {
    const sink = memorySink();
    await expect(
      convert(sourceOf({ labels: [] }, items), boxesOnly, sink, { strict: true }),
    ).rejects.toMatchObject({
      code: 'lossy-conversion',
    });
    expect(sink.files.size).toBe(0);
  });

  it('a writer that fails leaves nothing behind', async () => {
    const failing = defineFormat({
      ...boxesOnly,
      id: 'failing',
      write: async (_s, out) => {
        await out.write('half.txt', 'x');
        throw new Error('disk full');
      },
    });
    const sink = memorySink();
    await expect(convert(sourceOf({ labels: [] }, items), failing, sink)).rejects.toThrow('disk full');
    expect(sink.files.size).toBe(0);
  });

  it('a writer that reads the source twice does not count losses twice', async () => {
    const twoPass = defineFormat({
      ...boxesOnly,
      id: 'two_pass',
      async write(source, out) {
        const report = new ReportBuilder();
        for await (const _ of source.items()) report.items += 0;
        for await (const item of source.items()) {
          report.items++;
          await out.write(`${item.id}.txt`, '');
        }
        return report.build();
      },
    });
    const report = await convert(sourceOf({ labels: [] }, items), twoPass, memorySink());
    expect(report.dropped).toEqual({ mask: 1, caption: 1, objectId: 1, attribute: 2, 'item attribute': 1 });
  });
});
