import { Dataset, memoryTree } from '@labelport/core';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { icdarWordRecognition } from '../src/index.js';
import { parseWordLine } from '../src/lib/word-lines.js';

const caption = (text: string) => ({ type: 'caption' as const, caption: text, attributes: {} });
const image = { kind: 'image' as const };

describeFormat(icdarWordRecognition, {
  fixtures: [
    {
      name: 'two subsets, one level down',
      tree: memoryTree({
        'icdar/train/gt.txt': 'word_1.png, "PROPER"\nword_2.png, "Can\\"on"\n\nword_1.png, "again"\n',
        'icdar/test/gt.txt': 'a/b/word_3.jpg, "x, y"\nword_4.jpg, \n',
      }),
      // train: word_1 (2 captions), word_2; test: a/b/word_3, word_4 (no caption).
      expect: { items: 4, subsets: { train: 2, test: 2 }, annotations: { caption: 4 } },
      check(ds) {
        expect(ds.get('train', 'word_2')?.annotations).toEqual([caption('Can"on')]);
        expect(ds.get('test', 'a/b/word_3')?.annotations).toEqual([caption('x, y')]);
        expect(ds.get('test', 'a/b/word_3')?.media?.path).toBe('test/images/a/b/word_3.jpg');
        expect(ds.get('test', 'word_4')?.annotations).toEqual([]);
      },
    },
  ],
  roundTrips: [
    {
      name: 'captions, nested ids, no caption',
      source: () =>
        new Dataset({ labels: [] }, [
          { id: 'a/b/1', subset: 'train', media: image, annotations: [caption('caption 0')], attributes: {} },
          {
            id: '2',
            subset: 'train',
            media: image,
            annotations: [caption('caption"1'), caption('second')],
            attributes: {},
          },
          { id: '3', subset: 'default', media: image, annotations: [], attributes: {} },
        ]),
      compare: { ignoreMedia: true },
    },
  ],
  badInputs: [
    {
      name: 'a line with no image name',
      tree: memoryTree({ 'train/gt.txt': 'word_1.png, "a"\n, "b"\n' }),
      message: /train\/gt\.txt: line 2/,
    },
    {
      name: 'an image path leaving the dataset',
      tree: memoryTree({ 'train/gt.txt': '../../x.png, "a"\n' }),
      code: 'unsafe-path',
      message: /train\/gt\.txt: line 1/,
    },
  ],
});

describe('icdar_word_recognition details', () => {
  it('parses the layouts in use', () => {
    expect(parseWordLine('word_1.png, "PROPER"')).toEqual({ image: 'word_1.png', caption: 'PROPER' });
    expect(parseWordLine('word_1.png,"\\"Quoted\\""')).toEqual({ image: 'word_1.png', caption: '"Quoted"' });
    expect(parseWordLine('word_1.png, ')).toEqual({ image: 'word_1.png' });
    expect(parseWordLine('word_1.png')).toEqual({ image: 'word_1.png' });
  });

  it('writes gt.txt as Datumaro does and saves images with their extension', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47]);
    const ds = new Dataset({ labels: [] }, [
      {
        id: 'w',
        subset: 'train',
        media: { kind: 'image', path: 'x/w.JPG', bytes: async () => png },
        annotations: [caption('Hi')],
        attributes: {},
      },
      {
        id: 'v',
        subset: 'train',
        annotations: [{ type: 'bbox', x: 0, y: 0, w: 1, h: 1, attributes: {} }],
        attributes: {},
      },
    ]);
    const { report, tree } = await writeAndReadBack(icdarWordRecognition, ds, { saveMedia: true });
    expect(new TextDecoder().decode(await tree.read('train/gt.txt'))).toBe('w.JPG, "Hi"\nv.png, \n');
    expect(await tree.read('train/images/w.JPG')).toEqual(png);
    expect(report.dropped).toEqual({ bbox: 1 });
  });

  it("counts a caption's label as an annotation label, writing the caption (ICDAR has no labels)", async () => {
    const ds = new Dataset({ labels: [{ name: 'word' }] }, [
      { id: 'w1', subset: 'test', annotations: [{ ...caption('RED'), label: 0 }], attributes: {} },
    ]);
    const { dataset, report } = await writeAndReadBack(icdarWordRecognition, ds);
    expect(report.dropped).toEqual({ 'annotation label': 1 });
    expect(report.warnings).toEqual([
      'ICDAR word recognition has no labels: the label of a caption is not written (the caption is)',
    ]);
    expect(dataset.get('test', 'w1')?.annotations).toEqual([caption('RED')]);
  });

  it('skips bad lines when lenient', async () => {
    const warnings: string[] = [];
    const ds = await readAll(icdarWordRecognition, memoryTree({ 'train/gt.txt': ', "b"\nw.png, "a"\n' }), {
      lenient: true,
      onWarning: (m: string) => warnings.push(m),
    });
    expect(ds.size).toBe(1);
    expect(warnings).toHaveLength(1);
  });
});
