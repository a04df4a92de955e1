import {
  bitmapMask,
  type DatasetItem,
  isDatasetError,
  loadMask,
  memorySink,
  memoryTree,
  readText,
  sourceOf,
} from '@labelport/core';
import { decodePng } from '@labelport/core/png';
import { readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { formatLabelMap, parseLabelMap, voc, vocDetection, vocSegmentation } from '../src/index.js';

const box = (label: number, attributes = {}) => ({
  type: 'bbox' as const,
  x: 1,
  y: 1,
  w: 2,
  h: 2,
  label,
  attributes,
});
const item = (annotations: DatasetItem['annotations']): DatasetItem => ({
  id: 'a',
  subset: 'train',
  attributes: {},
  media: { kind: 'image', width: 4, height: 4 },
  annotations,
});

describe('label map', () => {
  it('parses and formats label:color:parts:actions', () => {
    const text = '# comment\nbackground:0,0,0::\nperson:1,2,3:head,hand:jump,run\nthing:::\n';
    const map = parseLabelMap(text, 'labelmap.txt');
    expect(map).toEqual([
      { name: 'background', color: [0, 0, 0], parts: [], actions: [] },
      { name: 'person', color: [1, 2, 3], parts: ['head', 'hand'], actions: ['jump', 'run'] },
      { name: 'thing', color: undefined, parts: [], actions: [] },
    ]);
    expect(parseLabelMap(formatLabelMap(map), 'x')).toEqual(map);
  });

  it('rejects a label defined twice, naming the line', () => {
    expect(() => parseLabelMap('a:::\na:::\n', 'labelmap.txt')).toThrow(
      /labelmap\.txt: line 2: label 'a' is defined twice/,
    );
  });
});

describe("Datumaro's dataset_meta.json", () => {
  it('gives the labels, parts, actions and colours in place of labelmap.txt', async () => {
    const meta = {
      labels: ['background', 'label_1', 'label_2'],
      label_map: { '0': 'background', '1': 'label_1', '2': 'label_2' },
      segmentation_colors: [
        [0, 0, 0],
        [1, 2, 3],
        [3, 2, 1],
      ],
      background_label: '0',
      parts: { '0': [], '1': ['part1', 'part2'], '2': ['part3'] },
      actions: { '0': [], '1': ['act1', 'act2'], '2': [] },
    };
    const tree = memoryTree({
      'dataset_meta.json': JSON.stringify(meta),
      'ImageSets/Main/train.txt': 'a\n',
      'ImageSets/Segmentation/train.txt': 'a\n',
    });
    const ds = await readAll(voc, tree);
    expect(ds.categories.labels).toEqual([
      { name: 'background' },
      { name: 'label_1', attributes: ['act1', 'act2'] },
      { name: 'label_2' },
      { name: 'part1', parent: 'label_1' },
      { name: 'part2', parent: 'label_1' },
      { name: 'part3', parent: 'label_2' },
    ]);
    expect(ds.categories.colors?.get(1)).toEqual([1, 2, 3]);
  });
});

describe('VOC writer options', () => {
  it("labelMap 'voc' keeps the VOC labels and drops the others, saying so", async () => {
    const source = sourceOf({ labels: [{ name: 'cat' }, { name: 'alien' }] }, [item([box(0), box(1)])]);
    const { dataset, report } = await writeAndReadBack(vocDetection, source, { labelMap: 'voc' });
    expect(report.dropped).toEqual({ bbox: 1 });
    expect(report.warnings.join(' ')).toMatch(/label 'alien' is not in the label map/);
    expect(dataset.categories.labels.length).toBe(22);
    expect(
      dataset.get('train', 'a')!.annotations.map((a) => dataset.categories.labels[a.label!].name),
    ).toEqual(['cat']);
  });

  it('labelMap as labelmap.txt text sets the labels and their order', async () => {
    const source = sourceOf({ labels: [{ name: 'cat' }, { name: 'dog' }] }, [item([box(1)])]);
    const { dataset, tree } = await writeAndReadBack(vocDetection, source, {
      labelMap: 'dog:1,1,1::\ncat:2,2,2::\n',
    });
    expect(dataset.categories.labels.map((l) => l.name)).toEqual(['dog', 'cat']);
    expect(await readText(tree, 'labelmap.txt')).toBe(
      '# label:color_rgb:parts:actions\ndog:1,1,1::\ncat:2,2,2::\n',
    );
  });

  it('a labelMap that is neither voc, source nor label map text is a DatasetError', async () => {
    const err = await vocDetection.write!(sourceOf({ labels: [] }, []), memorySink(), {
      labelMap: 'my/labelmap.txt',
    }).catch((e) => e);
    expect(isDatasetError(err)).toBe(true);
    expect(err.message).toMatch(/neither 'voc', 'source' nor the text of a labelmap\.txt/);
  });

  it('applyColormap false writes gray index masks that read back the same', async () => {
    const m = bitmapMask({ width: 4, height: 4, data: Uint8Array.from('0110011000000000', Number) });
    const source = sourceOf({ labels: [{ name: 'background' }, { name: 'cat' }] }, [
      item([{ type: 'mask', mask: m, label: 1, group: 1, attributes: {} }]),
    ]);
    const { dataset, tree } = await writeAndReadBack(vocSegmentation, source, { applyColormap: false });
    const png = decodePng(await tree.read('SegmentationClass/a.png'));
    expect(png.colorType).toBe('gray');
    expect([...png.data].join('')).toBe('0110011000000000');
    const [back] = dataset.get('train', 'a')!.annotations;
    expect((await loadMask((back as any).mask)).data).toEqual(
      m.kind === 'bitmap' ? m.bitmap.data : undefined,
    );
  });

  it('masks overlap by z-order: the higher one covers, and is a later instance', async () => {
    const rows = (s: string) => bitmapMask({ width: 4, height: 1, data: Uint8Array.from(s, Number) });
    const source = sourceOf({ labels: [{ name: 'background' }, { name: 'a' }, { name: 'b' }] }, [
      {
        id: 'z',
        subset: 'train',
        attributes: {},
        annotations: [
          { type: 'mask', mask: rows('0011'), label: 1, zOrder: 5, attributes: {} },
          { type: 'mask', mask: rows('0110'), label: 2, zOrder: 1, attributes: {} },
        ],
      },
    ]);
    const { dataset } = await writeAndReadBack(voc, source);
    const masks = dataset.get('train', 'z')!.annotations;
    // instance 1 is the lower (z 1) one, cut where the upper (z 5) covers it
    expect(
      await Promise.all(
        masks.map(async (x) => [x.label, x.group, [...(await loadMask((x as any).mask)).data].join('')]),
      ),
    ).toEqual([
      [2, 1, '0100'],
      [1, 2, '0011'],
    ]);
  });

  it('saveMedia copies the images (extension kept) and they read back with their bytes', async () => {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
    const source = sourceOf({ labels: [{ name: 'cat' }] }, [
      {
        ...item([box(0)]),
        id: 'dir/x',
        media: { kind: 'image', path: 'imgs/x.JPG', width: 4, height: 4, bytes: async () => bytes },
      },
    ]);
    const { dataset, tree } = await writeAndReadBack(vocDetection, source, { saveMedia: true });
    expect(await tree.read('JPEGImages/dir/x.JPG')).toEqual(bytes);
    const media = dataset.get('train', 'dir/x')!.media!;
    expect(media.path).toBe('JPEGImages/dir/x.JPG');
    expect(await media.bytes!()).toEqual(bytes);
  });

  it('a mask entirely covered by a higher one is reported as dropped', async () => {
    const rows = (t: string) => bitmapMask({ width: 4, height: 1, data: Uint8Array.from(t, Number) });
    const source = sourceOf({ labels: [{ name: 'background' }, { name: 'a' }] }, [
      {
        id: 'z',
        subset: 'train',
        attributes: {},
        annotations: [
          { type: 'mask', mask: rows('0110'), label: 1, attributes: {} },
          { type: 'mask', mask: rows('1111'), label: 1, attributes: {} },
        ],
      },
    ]);
    const { dataset, report } = await writeAndReadBack(vocSegmentation, source);
    expect(report.dropped).toEqual({ mask: 1 });
    expect(dataset.get('train', 'z')!.annotations.length).toBe(1);
  });

  it('the written tree reads back with the family format too', async () => {
    const source = sourceOf({ labels: [{ name: 'cat' }] }, [item([box(0, { score: 0.5 })])]);
    const { tree } = await writeAndReadBack(vocDetection, source);
    const ds = await readAll(voc, tree);
    expect(ds.get('train', 'a')!.annotations[0].attributes.score).toBe(0.5);
  });
});

describe('XML text as lxml writes it (core escapeXmlText)', () => {
  it('a name and an attribute with quotes, & and < read back; quotes are written as they are', async () => {
    const name = 'say "cheese" & <smile>';
    const source = sourceOf({ labels: [{ name }] }, [item([box(0, { note: `it's "x" & <y>` })])]);
    const { dataset, tree } = await writeAndReadBack(vocDetection, source);
    const xml = await readText(tree, 'Annotations/a.xml');
    expect(xml).toContain('<name>say "cheese" &amp; &lt;smile&gt;</name>');
    expect(xml).toContain(`<value>it's "x" &amp; &lt;y&gt;</value>`);
    expect(dataset.categories.labels.map((l) => l.name)).toContain(name);
    const a = dataset.get('train', 'a')!.annotations[0]!;
    expect(dataset.categories.labels[a.label!]!.name).toBe(name);
    expect(a.attributes.note).toBe(`it's "x" & <y>`);
  });

  it('reads &quot; and &apos; in a name as written by other tools', async () => {
    const xml =
      '<annotation><filename>a.jpg</filename><object><name>a &quot;b&quot; &apos;c&apos;</name>' +
      '<bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></object></annotation>';
    // no ImageSets: CVAT's loose layout, whose labels are the names the files use
    const ds = await readAll(vocDetection, memoryTree({ 'Annotations/a.xml': xml }));
    expect(ds.categories.labels.map((l) => l.name)).toContain(`a "b" 'c'`);
  });

  it('saveMedia counts an image referenced without bytes', async () => {
    const source = sourceOf({ labels: [{ name: 'cat' }] }, [
      { ...item([box(0)]), media: { kind: 'image', path: 'gone.png', width: 4, height: 4 } },
    ]);
    const { report, tree } = await writeAndReadBack(vocDetection, source, { saveMedia: true });
    expect(report.dropped).toEqual({ media: 1 });
    expect(await tree.exists('JPEGImages/a.png')).toBe(false);
  });
});
