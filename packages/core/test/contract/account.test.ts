import { describe, expect, it } from 'vitest';
import {
  type AnyFormat,
  convert,
  defineFormat,
  type FileTree,
  memorySink,
  memoryTree,
  readAccounted,
  readContext,
  readerSource,
  readJson,
} from '../../src/index.js';

// A small format: labels.json lists images, each with boxes; images are referenced by path.
const boxes: AnyFormat = defineFormat({
  id: 'test_boxes',
  title: 'test boxes',
  extensions: ['.json'],
  capabilities: {
    annotations: ['bbox'],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: false,
    streaming: true,
  },
  async read(tree: FileTree, options = {}) {
    const doc = (await readJson(tree, 'labels.json')) as { images: { file: string; boxes: number[][] }[] };
    return readerSource(options, {
      categories: { labels: [{ name: 'a' }] },
      entries: doc.images,
      make: (e) => ({
        id: e.file,
        subset: 'default',
        media: { kind: 'image', path: e.file },
        annotations: e.boxes.map(([x, y, w, h]) => ({
          type: 'bbox',
          x: x!,
          y: y!,
          w: w!,
          h: h!,
          label: 0,
          attributes: {},
        })),
        attributes: {},
      }),
    });
  },
  async write(source) {
    let items = 0;
    for await (const _ of source.items()) items++;
    return { items, dropped: {}, converted: {}, warnings: [] };
  },
});

async function account(tree: FileTree) {
  const source = await readAccounted(boxes, tree);
  for await (const _ of source.items());
  return source;
}

describe('every file of the input accounted for', () => {
  it('names the files the reader neither opened nor referenced, with the reason', async () => {
    const tree = memoryTree({
      'labels.json': JSON.stringify({ images: [{ file: 'a.jpg', boxes: [[0, 0, 1, 1]] }] }),
      'a.jpg': 'x',
      'b.jpg': 'x',
      'README.md': 'hello',
    });
    const files = await (await account(tree)).files();
    expect(files.unused).toEqual([
      { path: 'README.md', reason: 'not a file of this format' },
      { path: 'b.jpg', reason: 'an image nothing references' },
    ]);
    expect(files).toMatchObject({ files: 4, used: 2, items: 1, annotations: 1 });
  });

  it('counts files below a detected root by their paths in the input', async () => {
    const tree = memoryTree({
      'wrap/labels.json': JSON.stringify({
        images: [
          { file: 'a.jpg', boxes: [] },
          { file: 'b.jpg', boxes: [[0, 0, 1, 1]] },
        ],
      }),
      'wrap/a.jpg': 'x',
      'wrap/b.jpg': 'x',
      'notes.txt': 'x',
    });
    const source = await readAccounted(boxes, tree, {}, 'wrap');
    for await (const _ of source.items());
    expect((await source.files()).unused).toEqual([
      { path: 'notes.txt', reason: 'not a file of this format' },
    ]);
  });

  it('a read with no items, or no annotations beside annotation files, is an error unless allowed', async () => {
    const none = memoryTree({ 'labels.json': JSON.stringify({ images: [] }), 'x.txt': '' });
    await expect((await account(none)).verify()).rejects.toThrow(/gave no items; 1 file not used: x.txt/);
    // annotation files read and found empty are an honest empty dataset ...
    const empty = memoryTree({ 'labels.json': JSON.stringify({ images: [{ file: 'a.jpg', boxes: [] }] }) });
    expect((await (await account(empty)).verify()).annotations).toBe(0);
    // ... annotation files left unread are not
    const bare = memoryTree({
      'labels.json': JSON.stringify({ images: [{ file: 'a.jpg', boxes: [] }] }),
      'more/labels.json': JSON.stringify({ images: [{ file: 'b.jpg', boxes: [[0, 0, 1, 1]] }] }),
    });
    await expect((await account(bare)).verify()).rejects.toThrow(
      /no annotations and 1 of the input's .json files were not read \(more\/labels.json\)/,
    );
    // convert writes nothing then, unless allowEmpty
    const sink = memorySink();
    await expect(convert(await readAccounted(boxes, bare), boxes, sink)).rejects.toThrow(/--allow-empty/);
    const report = await convert(await readAccounted(boxes, bare), boxes, memorySink(), { allowEmpty: true });
    expect(report.unusedFiles).toEqual([{ path: 'more/labels.json', reason: 'not a file of this format' }]);
  });

  it('a file read before the read (as detection reads) is not counted twice', async () => {
    const tree = memoryTree({
      'labels.json': JSON.stringify({ images: [{ file: 'a.jpg', boxes: [[0, 0, 1, 1]] }] }),
      'a.jpg': 'x',
    });
    await tree.read('labels.json');
    const files = await (await account(tree)).files();
    expect(files.used).toBe(2);
  });
});

describe('a file the reader opened and found not its own', () => {
  it('is listed as not used', async () => {
    const picky: AnyFormat = {
      ...boxes,
      async read(tree, options = {}) {
        await tree.read('other.json');
        readContext(options).notMine('other.json');
        return boxes.read!(tree, options);
      },
    };
    const tree = memoryTree({
      'labels.json': JSON.stringify({ images: [{ file: 'a.jpg', boxes: [[0, 0, 1, 1]] }] }),
      'other.json': '{}',
    });
    const source = await readAccounted(picky, tree);
    for await (const _ of source.items());
    expect((await source.files()).unused).toEqual([
      { path: 'other.json', reason: 'not a file of this format' },
    ]);
  });
});
