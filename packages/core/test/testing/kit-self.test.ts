/**
 * The conformance kit tested on itself: a format that keeps everything passes its round trip, and each
 * deliberately broken one (an annotation dropped, a label renamed, media paths, label ids, annotation id
 * 0, infos, a loss not reported, a loss key of its own) is caught.
 */
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/files/text.js';
import {
  type Annotation,
  type AnyFormat,
  type DatasetItem,
  type DatasetSource,
  defineFormat,
  type FileTree,
  memoryTree,
  readerSource,
  sourceOf,
} from '../../src/index.js';
import {
  checkRoundTrip,
  expectJsonLayoutIndependent,
  expectUnrelatedFileNamed,
} from '../../src/testing/index.js';

/** The round trip fails, and by an assertion of the kit (not by a bug in the test's format). */
async function expectCaught(run: Promise<void>, message?: RegExp): Promise<void> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error, 'the kit must fail this format').toBeDefined();
  expect(error!.name).toBe('AssertionError');
  if (message) expect(error!.message).toMatch(message);
}

interface Dump {
  labels: string[];
  infos?: Record<string, unknown>;
  items: DatasetItem[];
}
type Breakage = (dump: Dump) => void;

/** A format that writes items as JSON and reads them back, broken on the way by `breakage`. */
function dumpFormat(
  breakage?: Breakage,
  loss?: (report: { drop(k: string, n?: number): void }) => void,
): AnyFormat {
  return defineFormat({
    id: 'kit_dump',
    title: 'kit dump',
    extensions: ['.json'],
    capabilities: {
      annotations: ['bbox', 'label'],
      media: ['image'],
      tracks: true,
      attributes: true,
      subsets: true,
      streaming: false,
      infos: true,
    },
    async detect() {
      return { confidence: 1 };
    },
    async read(tree: FileTree, options = {}) {
      const dump = JSON.parse(decodeText(await tree.read('dump.json'))) as Dump;
      breakage?.(dump);
      return {
        ...readerSource(options, {
          categories: { labels: dump.labels.map((name) => ({ name })) },
          entries: dump.items,
          make: (item) => item,
        }),
        infos: dump.infos,
      };
    },
    async write(source: DatasetSource, out) {
      const items: DatasetItem[] = [];
      for await (const item of source.items())
        items.push({ ...item, media: item.media && { ...item.media, bytes: undefined } });
      const dump: Dump = { labels: source.categories.labels.map((l) => l.name), infos: source.infos, items };
      await out.write('dump.json', JSON.stringify(dump));
      const dropped: Record<string, number> = {};
      loss?.({ drop: (k, n = 1) => (dropped[k] = (dropped[k] ?? 0) + n) });
      return { items: items.length, dropped, converted: {}, warnings: [] };
    },
  });
}

const box = (id: number | undefined, label: number): Annotation => ({
  type: 'bbox',
  id,
  label,
  x: 1,
  y: 2,
  w: 3,
  h: 4,
  attributes: {},
});
const source = () => {
  const s = sourceOf({ labels: [{ name: 'cat' }, { name: 'dog' }] }, [
    {
      id: 'a',
      subset: 'train',
      media: { kind: 'image', path: 'images/a.jpg', width: 10, height: 10 },
      annotations: [box(0, 0), box(1, 1), { type: 'label', label: 1, attributes: {} }],
      attributes: {},
    },
  ]);
  return { ...s, infos: { author: 'kit' } };
};

const breakages: [string, Breakage][] = [
  ['drops an annotation', (d) => d.items[0]!.annotations.pop()],
  ['renames a label', (d) => (d.labels[0] = 'kitten')],
  ['loses media.path', (d) => delete d.items[0]!.media!.path],
  ['loses a label id', (d) => delete d.items[0]!.annotations[1]!.label],
  ['swaps label ids', (d) => d.items[0]!.annotations.forEach((a) => (a.label = a.label === 0 ? 1 : 0))],
  ['loses annotation id 0', (d) => delete d.items[0]!.annotations[0]!.id],
  ['loses the infos', (d) => delete d.infos],
  ['moves an item to another subset', (d) => (d.items[0]!.subset = 'val')],
  ['changes a coordinate', (d) => ((d.items[0]!.annotations[0] as { x: number }).x = 1.5)],
];

describe('the conformance kit catches a broken format', () => {
  it('passes a format that keeps everything', async () => {
    await checkRoundTrip(dumpFormat(), { name: 'all', source });
  });

  for (const [name, breakage] of breakages) {
    it(`catches a format that ${name}`, async () => {
      await expectCaught(checkRoundTrip(dumpFormat(breakage), { name, source }));
    });
  }

  it('catches a loss the format reports but the test does not expect', async () => {
    const format = dumpFormat(undefined, (r) => r.drop('bbox'));
    await expectCaught(checkRoundTrip(format, { name: 'loss', source }));
  });

  it('catches a loss key that is not one of LOSS_KINDS', async () => {
    const format = dumpFormat(undefined, (r) => r.drop('bbox without a label'));
    const rt = { name: 'key', source, expectLoss: { dropped: { 'bbox without a label': 1 } } };
    await expectCaught(checkRoundTrip(format, rt), /LOSS_KINDS/);
  });
});

describe('the kit catches a reader that depends on layout or reads what is not its own', () => {
  const tree = () => memoryTree({ 'dump.json': JSON.stringify({ labels: ['cat'], items: [item()] }) });
  const item = (): DatasetItem => ({
    id: 'a',
    subset: 'train',
    annotations: [box(3, 0)],
    attributes: {},
  });

  it('passes a reader that parses its JSON', async () => {
    await expectJsonLayoutIndependent(dumpFormat(), tree(), undefined, false);
    await expectUnrelatedFileNamed(dumpFormat(), tree(), undefined, false);
  });

  it('catches a reader that looks for a key in a fixed byte window', async () => {
    const windowed = dumpFormat((d) => {
      if (!windowSaw.labels) d.items = [];
    });
    const windowSaw = { labels: true };
    const format = {
      ...windowed,
      async read(t: FileTree, o?: object) {
        windowSaw.labels = decodeText((await t.read('dump.json')).subarray(0, 12)).includes('"labels"');
        return windowed.read!(t, o);
      },
    };
    await expectCaught(expectJsonLayoutIndependent(format, tree(), undefined, false));
  });

  it('catches a reader that opens every file of its tree', async () => {
    const format = {
      ...dumpFormat(),
      async read(t: FileTree, o?: object) {
        for (const f of await t.list()) await t.read(f.path);
        return dumpFormat().read!(t, o);
      },
    };
    await expectCaught(expectUnrelatedFileNamed(format, tree(), undefined, false));
  });
});
