import { createRegistry, Dataset, memorySink, memoryTree } from '@labelport/core';
import { encodePng } from '@labelport/core/png';
import { describeFormat, readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { imagenetTxt } from '../src/index.js';
import { formatImagenetTxtLine, parseImagenetTxtLine } from '../src/lib/imagenet-txt-lines.js';

const png = (width: number, height: number) =>
  encodePng({ width, height, colorType: 'gray', data: new Uint8Array(width * height) });

const basicTree = () =>
  memoryTree({
    'train.txt': '1.jpg 0\n2.png 2 1\n"with space".png 1\n',
    'val.txt': 'v/3.jpg\n',
    'synsets.txt': 'cat\ndog\nbird\n',
    'images/2.png': png(3, 2),
  });

const source = () =>
  new Dataset({ labels: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] }, [
    {
      id: 'x',
      subset: 'train',
      media: { kind: 'image', path: 'x.png', width: 2, height: 1, bytes: async () => png(2, 1) },
      annotations: [
        { type: 'label', label: 2, attributes: {} },
        { type: 'label', label: 0, attributes: {} },
      ],
      attributes: {},
    },
    {
      id: 'nested/y z',
      subset: 'test',
      media: { kind: 'image', path: 'y.png', width: 1, height: 2, bytes: async () => png(1, 2) },
      annotations: [],
      attributes: {},
    },
  ]);

describeFormat(imagenetTxt, {
  fixtures: [
    {
      name: 'lists, synsets and one image',
      tree: basicTree,
      // train.txt: 3 lines with 1 + 2 + 1 labels; val.txt: one line with none; synsets.txt: 3 names.
      expect: {
        items: 4,
        subsets: { train: 3, val: 1 },
        annotations: { label: 4 },
        labels: ['cat', 'dog', 'bird'],
      },
      check(ds) {
        expect(ds.get('train', '2')!.media).toMatchObject({ path: 'images/2.png', width: 3, height: 2 });
        expect(ds.get('train', '1')!.media!.bytes).toBeUndefined();
        expect(ds.get('train', 'with space')!.media!.path).toBe('images/with space.png');
        expect(ds.get('val', 'v/3')).toBeDefined();
      },
    },
    {
      name: 'no synsets.txt: generated names',
      tree: () => memoryTree({ 'train.txt': '1.jpg 2\n' }),
      expect: { items: 1, labels: ['class-0', 'class-1', 'class-2'] },
    },
  ],
  roundTrips: [
    { name: 'labels, subsets and a name with a space', source, writeOptions: { saveMedia: true } },
    { name: 'annotations only', source, compare: { ignoreMedia: true } },
    {
      name: 'labels in dataset_meta.json',
      source,
      writeOptions: { saveDatasetMeta: true },
      compare: { ignoreMedia: true },
    },
  ],
  badInputs: [
    {
      name: 'a label id past the synsets',
      tree: () => memoryTree({ 'train.txt': '1.jpg 0\n2.jpg 7\n', 'synsets.txt': 'a\nb\n' }),
      code: 'unknown-label',
      message: /train\.txt: line 2: label id 7/,
    },
    {
      name: 'a label id that is not a number',
      tree: () => memoryTree({ 'train.txt': '1.jpg x\n', 'synsets.txt': 'a\n' }),
      message: /train\.txt: line 1: label id 'x' is not an integer/,
    },
    {
      name: 'three quotes',
      tree: () => memoryTree({ 'train.txt': '"a"b".jpg 0\n', 'synsets.txt': 'a\n' }),
      message: /line 1: unexpected number of quotes/,
    },
    { name: 'no list', tree: () => memoryTree({ 'synsets.txt': 'a\n' }), code: 'bad-layout' },
    {
      name: 'an image outside the dataset',
      tree: () => memoryTree({ 'train.txt': '../../secret.jpg 0\n', 'synsets.txt': 'a\n' }),
      code: 'unsafe-path',
      message: /^train\.txt: line 1: path '\.\.\/\.\.\/secret\.jpg' leaves the dataset root$/,
    },
  ],
});

describe('imagenet_txt lines', () => {
  it('parses plain and quoted names', () => {
    const where = { file: 'f', place: 'line 1' };
    expect(parseImagenetTxtLine('a/b.jpg 3 1', where)).toEqual({
      id: 'a/b',
      image: 'a/b.jpg',
      labels: [3, 1],
    });
    expect(parseImagenetTxtLine('"my pic".JPEG 0', where)).toEqual({
      id: 'my pic',
      image: 'my pic.JPEG',
      labels: [0],
    });
    expect(parseImagenetTxtLine('x.png', where)).toEqual({ id: 'x', image: 'x.png', labels: [] });
  });

  it('writes names with spaces quoted, as Datumaro does', () => {
    expect(formatImagenetTxtLine('my pic', '.jpg', [1, 4])).toBe('"my pic".jpg 1 4');
    expect(formatImagenetTxtLine('a', '.png', [])).toBe('a.png ');
  });

  it('skips bad lines when lenient, saying so', async () => {
    const warnings: string[] = [];
    const ds = await readAll(
      imagenetTxt,
      memoryTree({ 'train.txt': '1.jpg 0\n2.jpg 9\n', 'synsets.txt': 'a\n' }),
      {
        lenient: true,
        onWarning: (w: string) => warnings.push(w),
      },
    );
    expect(ds.size).toBe(1);
    expect(warnings).toEqual(['train.txt: line 2: label id 9 is not in the labels (1 known)']);
  });

  it('takes the label names from dataset_meta.json first', async () => {
    const tree = memoryTree({
      'train.txt': '1.jpg 1\n',
      'synsets.txt': 'a\nb\n',
      'dataset_meta.json': JSON.stringify({ label_map: { '0': 'first', '1': 'second' } }),
    });
    const ds = await readAll(imagenetTxt, tree);
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['first', 'second']);
  });

  it('reads another labels file when told', async () => {
    const tree = memoryTree({ 'train.txt': '1.jpg 0\n', 'names.txt': 'x\n' });
    const ds = await readAll(imagenetTxt, tree, { labelsFile: 'names.txt' });
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['x']);
  });

  it('is not taken for a plain list of image paths', async () => {
    const tree = memoryTree({ 'train.txt': 'data/1.jpg\ndata/2.jpg\n' });
    const { matches } = await createRegistry([imagenetTxt]).detect(tree);
    expect(matches).toEqual([]);
  });

  it('writes the lists, synsets.txt and, with saveMedia, the images', async () => {
    const sink = memorySink();
    await imagenetTxt.write!(source(), sink, { saveMedia: true });
    await sink.commit();
    const text = (p: string) => new TextDecoder().decode(sink.files.get(p));
    expect([...sink.files.keys()].sort()).toEqual([
      'images/nested/y z.png',
      'images/x.png',
      'synsets.txt',
      'test.txt',
      'train.txt',
    ]);
    expect(text('train.txt')).toBe('x.png 0 2\n');
    expect(text('test.txt')).toBe('"nested/y z".png \n');
    expect(text('synsets.txt')).toBe('a\nb\nc\n');
  });
});
