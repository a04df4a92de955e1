import { describe, expect, it } from 'vitest';
import { convert, Dataset, defineFormat, type FormatCapabilities, memorySink } from '../../src/index.js';

const target = (caps: Partial<FormatCapabilities>) =>
  defineFormat({
    id: 'target',
    title: 'target',
    extensions: [],
    capabilities: {
      annotations: ['bbox'],
      media: ['image'],
      tracks: false,
      attributes: false,
      subsets: true,
      streaming: true,
      ...caps,
    },
    async write(source) {
      for await (const _ of source.items());
      return { items: 0, dropped: {}, converted: {}, warnings: [] };
    },
  });

const box = (attributes: Record<string, string | number | boolean>) => ({
  type: 'bbox' as const,
  x: 0,
  y: 0,
  w: 1,
  h: 1,
  label: 0,
  attributes,
});

describe('convert() reports what a user would miss, and only that', () => {
  it('attributes left at their defaults (is_crowd false, occluded false) are not losses; others are', async () => {
    const ds = new Dataset({ labels: [{ name: 'a' }] }, [
      {
        id: 'x',
        subset: 'default',
        annotations: [box({ is_crowd: false, occluded: false }), box({ is_crowd: true, color: 'red' })],
        attributes: {},
      },
    ]);
    const report = await convert(ds, target({}), memorySink());
    expect(report.dropped).toEqual({ attribute: 2 });
  });

  it('label parents are counted once with one warning where the target has no hierarchy; a label that is its own parent is not', async () => {
    const ds = new Dataset(
      {
        labels: [
          { name: 'cat', parent: 'animal' },
          { name: 'dog', parent: 'animal' },
          { name: 'person', parent: 'person' },
        ],
      },
      [{ id: 'x', subset: 'default', annotations: [], attributes: {} }],
    );
    const flat = await convert(ds, target({}), memorySink());
    expect(flat.dropped).toEqual({ 'label parent': 2 });
    expect(flat.warnings).toEqual(['target has no label hierarchy: the parents of 2 labels are not kept']);
    const kept = await convert(ds, target({ labelParents: true }), memorySink());
    expect(kept.dropped).toEqual({});
  });
});

describe('convert() hands writers only what the model allows', () => {
  it('annotations with a label the categories lack and attribute values of other types are taken out and counted', async () => {
    const seen: unknown[] = [];
    const format = defineFormat({
      id: 'keeps_all',
      title: 'keeps all',
      extensions: [],
      capabilities: {
        annotations: ['bbox', 'caption'],
        media: ['image'],
        tracks: true,
        attributes: true,
        subsets: true,
        streaming: true,
      },
      async write(source) {
        for await (const item of source.items()) seen.push(item);
        return { items: 0, dropped: {}, converted: {}, warnings: [] };
      },
    });
    const ds = new Dataset({ labels: [{ name: 'a' }] }, [
      {
        id: 'x',
        subset: 'default',
        annotations: [
          box({}),
          { ...box({}), label: 3 },
          { ...box({}), label: -1 },
          box({ ok: 1, list: ['a', 'b'] as unknown as string, obj: {} as unknown as string }),
          { type: 'caption', caption: 7 as unknown as string, attributes: {} },
        ],
        attributes: { pairs: [1, 2] as unknown as string },
      },
    ]);
    const report = await convert(ds, format, memorySink());
    expect(report.dropped).toEqual({ bbox: 2, attribute: 3, caption: 1 });
    expect(report.warnings.join('\n')).toMatch(/label the categories do not have/);
    expect(report.warnings.join('\n')).toMatch(/not a string, number or boolean/);
    expect(report.warnings.join('\n')).toMatch(/captions that are not text/);
    const [item] = seen as { annotations: { attributes: object }[]; attributes: object }[];
    expect(item!.annotations).toHaveLength(2);
    expect(item!.annotations[1]!.attributes).toEqual({ ok: 1 });
    expect(item!.attributes).toEqual({});
  });

  it('a media size past the pixel limit is refused before the writer allocates it', async () => {
    const ds = new Dataset({ labels: [] }, [
      {
        id: 'huge',
        subset: 'default',
        media: { kind: 'image', width: 100_000, height: 100_000 },
        annotations: [],
        attributes: {},
      },
    ]);
    await expect(convert(ds, target({}), memorySink())).rejects.toMatchObject({ code: 'too-large' });
    await expect(
      convert(ds, target({}), memorySink(), { limits: { maxPixels: 2 ** 34 } }),
    ).resolves.toBeTruthy();
  });
});
