import { describe, expect, it } from 'vitest';
import { createRegistry, DatasetError, defineFormat, type Format, memoryTree } from '../../src/index.js';

const caps = {
  annotations: [],
  media: [],
  tracks: false,
  attributes: false,
  subsets: false,
  streaming: false,
} as const;
const fmt = (id: string, detect: Format['detect'], extensions = ['.json']) =>
  defineFormat({
    id,
    title: id,
    extensions,
    capabilities: { ...caps, annotations: [], media: [] },
    detect,
    read: async () => ({ categories: { labels: [] }, async *items() {} }),
  });

const a = fmt('alpha', async (ctx) => (ctx.has('a.json') ? { confidence: 1 } : ctx.reject('no a.json')));
const b = fmt('beta', async (ctx) => {
  const hit = ctx.glob('**/b/*.json');
  if (!hit.length) ctx.reject('no b/*.json');
  return { confidence: 0.5, root: hit[0]!.split('/').slice(0, -2).join('/') };
});
const c = fmt('gamma', async () => ({ confidence: 1 }), ['.xml']);
const broken = fmt('broken', async () => {
  throw new Error('boom');
});

describe('createRegistry', () => {
  const registry = createRegistry([a, b, c, broken]);

  it('detects best first, with roots, and explains every rejection', async () => {
    const res = await registry.detect(memoryTree({ 'a.json': '{}', 'x/b/1.json': '{}' }));
    expect(res.matches).toEqual([
      { id: 'alpha', confidence: 1, root: '' },
      { id: 'beta', confidence: 0.5, root: 'x' },
    ]);
    expect(res.rejected).toEqual([
      { id: 'gamma', reason: 'no file with extension .xml' },
      { id: 'broken', reason: 'detection failed: boom' },
    ]);
  });

  it('resolves to the sub-tree at the detected root', async () => {
    const { format, tree } = await registry.resolve(memoryTree({ 'x/b/1.json': '{}' }));
    expect(format.id).toBe('beta');
    expect((await tree.list()).map((e) => e.path)).toEqual(['b/1.json']);
  });

  it('says when the input is ambiguous and when nothing matches', async () => {
    const twin = fmt('twin', async () => ({ confidence: 1 }));
    const r = createRegistry([a, twin]);
    await expect(r.resolve(memoryTree({ 'a.json': '{}' }))).rejects.toThrow(
      /several formats equally \(alpha, twin\)/,
    );
    await expect(r.resolve(memoryTree({ 'a.json': '{}' })).catch((e) => e.code)).resolves.toBe(
      'unknown-format',
    );
    await expect(createRegistry([a]).resolve(memoryTree({ 'z.txt': '' }))).rejects.toMatchObject({
      code: 'unknown-format',
    });
  });

  it('knows ids and aliases, and lists the known ones for an unknown id', () => {
    const aliased = defineFormat({ ...c, id: 'cvat', aliases: ['cvat_images'] });
    const r = createRegistry([a, aliased]);
    expect(r.get('cvat_images')).toBe(aliased);
    expect(r.list()).toHaveLength(2);
    expect(() => r.get('nope')).toThrow(DatasetError);
    expect(() => r.get('nope')).toThrow("unknown format 'nope'; known formats: alpha, cvat");
    expect(() => createRegistry([a, a])).not.toThrow();
    expect(() => createRegistry([a, fmt('alpha', undefined)])).toThrow(/two formats are called 'alpha'/);
  });

  it('defineFormat refuses malformed formats', () => {
    expect(() => fmt('Bad-Id', undefined)).toThrow(/lower_snake_case/);
  });
});
