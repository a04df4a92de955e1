import { describe, expect, it } from 'vitest';
import {
  checkOptions,
  convert,
  Dataset,
  defineFormat,
  memorySink,
  normalizedOf,
  type OptionSpecs,
  type OptionValues,
  toPixels,
} from '../../src/index.js';

const spec = {
  mode: { type: 'string', values: ['a', 'b'], default: 'a', doc: 'a mode' },
  count: { type: 'number', doc: 'a count' },
  flag: { type: 'boolean', default: false, doc: 'a flag' },
  tasks: { type: 'string[]', values: ['x', 'y'], doc: 'tasks' },
} as const satisfies OptionSpecs;

describe('checkOptions', () => {
  it('types values given as text, takes kebab-case names, and derives the TypeScript type', () => {
    const v = checkOptions(spec, { mode: 'b', count: '3', flag: 'true', tasks: 'x,y' }, 'w') as OptionValues<
      typeof spec
    >;
    expect(v).toEqual({ mode: 'b', count: 3, flag: true, tasks: ['x', 'y'] });
    const typed: OptionValues<typeof spec> = { mode: 'a', count: 1, flag: false, tasks: ['y'] };
    expect(checkOptions(spec, typed, 'w')).toEqual(typed);
  });
  it.each([
    [{ nonsense: '1' }, /w has no option 'nonsense'; valid options: mode, count, flag, tasks/],
    [{ mode: 'c' }, /'c' is not one of a, b/],
    [{ count: 'many' }, /expected a number/],
    [{ flag: 'maybe' }, /expected true or false/],
    [{ tasks: 'x,z' }, /'z' is not one of x, y/],
  ])('%j is a bad-option error', (given, message) => {
    expect(() => checkOptions(spec, given, 'w')).toThrow(message);
    try {
      checkOptions(spec, given, 'w');
    } catch (e) {
      expect((e as { code: string }).code).toBe('bad-option');
    }
  });
});

describe('normalised coordinates', () => {
  const box = {
    type: 'bbox' as const,
    x: 0.25,
    y: 0.5,
    w: 0.5,
    h: 0.25,
    normalized: true as const,
    attributes: {},
  };
  it('go to pixels and back', () => {
    const px = toPixels(box, 100, 40);
    expect(px).toMatchObject({ x: 25, y: 20, w: 50, h: 10 });
    expect('normalized' in px).toBe(false);
    expect(normalizedOf(px, 100, 40)).toMatchObject({ x: 0.25, y: 0.5, w: 0.5, h: 0.25, normalized: true });
  });
  it('convert() gives pixels to a writer that needs them, where the size is known, and counts the rest', async () => {
    const seen: unknown[] = [];
    const pixelsOnly = defineFormat({
      id: 'pixels_only',
      title: 'pixels',
      extensions: [],
      capabilities: {
        annotations: ['bbox'],
        media: ['image'],
        tracks: false,
        attributes: true,
        subsets: true,
        streaming: true,
      },
      async write(source) {
        for await (const item of source.items()) seen.push(...item.annotations);
        return { items: 0, dropped: {}, converted: {}, warnings: [] };
      },
    });
    const ds = new Dataset({ labels: [] }, [
      {
        id: 'a',
        subset: 'default',
        media: { kind: 'image', width: 100, height: 40 },
        annotations: [box],
        attributes: {},
      },
      { id: 'b', subset: 'default', annotations: [box], attributes: {} },
    ]);
    const report = await convert(ds, pixelsOnly, memorySink());
    expect(seen).toEqual([expect.objectContaining({ x: 25, y: 20, w: 50, h: 10 })]);
    expect(report.dropped).toEqual({ bbox: 1 });
  });
});
