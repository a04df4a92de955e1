/**
 * labelme JSON as labelme writes it (LabelFile.save: `json.dump(data, f, ensure_ascii=False,
 * indent=2)`, keys version, flags, shapes, imagePath, imageData, imageHeight, imageWidth; each shape
 * label, points, group_id, description, shape_type, flags, mask): with every point on lines of its
 * own, a first shape of a few dozen points pushes `imagePath` and `shape_type` past the first 4 KiB.
 * Detection and file selection must not depend on such a window.
 */
import { createRegistry, type FileTree, memoryTree } from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { formats, labelme, labelmeJson } from '../src/index.js';
import { sniffLabelMeJson } from '../src/lib/labelme-json-sniff.js';

/** A polygon of `n` points on a circle, with the long floats labelme's coordinates have. */
const ring = (n: number, cx: number, cy: number, r: number) =>
  Array.from({ length: n }, (_, i) => [
    cx + r * Math.cos((2 * Math.PI * (i + 0.25)) / n),
    cy + r * Math.sin((2 * Math.PI * (i + 0.25)) / n),
  ]);

const labelmeShape = (label: string, shape_type: string, points: number[][]) => ({
  label,
  points,
  group_id: null,
  description: '',
  shape_type,
  flags: {},
  mask: null,
});

/** What labelme 5.5 saves for an image: keys in its order, indented by 2 as json.dump(indent=2) does. */
const labelmeFile = (image: string, firstPoints: number) =>
  `${JSON.stringify(
    {
      version: '5.5.0',
      flags: {},
      shapes: [
        labelmeShape('leaf', 'polygon', ring(firstPoints, 320, 240, 200)),
        labelmeShape('bug', 'rectangle', [
          [10.5, 20.5],
          [60.5, 80.5],
        ]),
      ],
      imagePath: image,
      imageData: null,
      imageHeight: 480,
      imageWidth: 640,
    },
    null,
    2,
  )}\n`;

const folderOfThree = () =>
  memoryTree({
    'plants/a.json': labelmeFile('a.jpg', 50),
    'plants/a.jpg': new Uint8Array([1]),
    'plants/b.json': labelmeFile('b.jpg', 60),
    'plants/b.jpg': new Uint8Array([2]),
    'plants/c.json': labelmeFile('c.jpg', 200),
    'plants/c.jpg': new Uint8Array([3]),
  });

describe('labelme JSON as labelme writes it, first shape of many points', () => {
  it('has neither "imagePath" nor "shape_type" in its first 4 KiB (the case at hand)', () => {
    const head = labelmeFile('a.jpg', 50).slice(0, 4096);
    expect(head).not.toMatch(/"imagePath"|"shape_type"/);
  });

  it('a folder of three is detected and reads as three items, every shape kept', async () => {
    const { matches } = await createRegistry(formats).detect(folderOfThree());
    expect(matches.map((m) => m.id)).toEqual(['labelme_json']);
    const ds = await readAll(labelmeJson, folderOfThree());
    expect(ds.size).toBe(3);
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['leaf', 'bug']);
    for (const [id, n] of [
      ['plants/a', 50],
      ['plants/b', 60],
      ['plants/c', 200],
    ] as const) {
      const item = ds.get('default', id)!;
      expect(item.media).toMatchObject({ path: `${id}.jpg`, width: 640, height: 480 });
      expect(item.annotations.map((a) => a.type)).toEqual(['polygon', 'bbox']);
      const poly = item.annotations[0]!;
      if (poly.type === 'polygon') expect(poly.points.length).toBe(2 * n);
    }
  });

  it('keys in any order and an embedded image before the shapes: still found', async () => {
    const doc = JSON.parse(labelmeFile('a.jpg', 3));
    const reordered = {
      imageData: 'QUJD'.repeat(4000),
      imageWidth: doc.imageWidth,
      shapes: doc.shapes,
      imageHeight: doc.imageHeight,
      flags: {},
      version: doc.version,
      imagePath: 'missing.jpg',
    };
    const tree = memoryTree({ 'x.json': `${JSON.stringify(reordered, null, 4)}\n` });
    expect((await createRegistry(formats).detect(tree)).matches.map((m) => m.id)).toEqual(['labelme_json']);
    const ds = await readAll(labelmeJson, tree);
    expect(ds.get('default', 'x')!.annotations).toHaveLength(2);
  });

  it('files of other formats beside the labelme files are not taken for labelme files', async () => {
    const tree = memoryTree({
      'a.json': labelmeFile('a.jpg', 50),
      'instances.json': JSON.stringify({ images: [], annotations: [], categories: [] }),
      'list.json': JSON.stringify([{ shapes: [] }]),
      'shapes-only.json': JSON.stringify({ shapes: [{ label: 'x', points: [[1, 2]] }] }),
    });
    const ds = await readAll(labelmeJson, tree);
    expect([...ds].map((i) => i.id)).toEqual(['a']);
  });
});

/** A tree that counts the bytes read from it. */
function counting(tree: FileTree) {
  const counted = Object.create(tree) as FileTree & { bytes: number };
  counted.bytes = 0;
  counted.readRange = async (path, start, end) => {
    const b = await tree.readRange(path, start, end);
    counted.bytes += b.length;
    return b;
  };
  return counted;
}

describe('telling a large JSON of another format apart costs one piece of it', () => {
  it('a COCO file of many images', async () => {
    const images = Array.from({ length: 50_000 }, (_, i) => ({
      id: i,
      file_name: `${i}.jpg`,
      width: 9,
      height: 9,
    }));
    const text = JSON.stringify({ info: {}, images, annotations: [], categories: [] });
    const tree = counting(memoryTree({ 'instances.json': text }));
    expect(await sniffLabelMeJson(tree, 'instances.json', text.length)).toBe('other');
    expect(text.length).toBeGreaterThan(2 << 20);
    expect(tree.bytes).toBeLessThanOrEqual(1 << 20);
  });

  it('a JSON object with a key per image (VIA)', async () => {
    const doc: Record<string, unknown> = {};
    for (let i = 0; i < 20_000; i++) doc[`img${i}.jpg`] = { filename: `img${i}.jpg`, regions: [] };
    const text = JSON.stringify(doc);
    const tree = counting(memoryTree({ 'via.json': text }));
    expect(await sniffLabelMeJson(tree, 'via.json', text.length)).toBe('other');
    expect(tree.bytes).toBeLessThanOrEqual(1 << 20);
  });
});

describe('LabelMe XML after a long prolog', () => {
  const xml = `<?xml version="1.0" encoding="utf-8"?>\n<!-- ${'exported by a tool that explains itself at length. '.repeat(40)}-->\n<annotation>\n  <filename>a.jpg</filename>\n  <folder>s</folder>\n  <object>\n    <name>car</name>\n    <deleted>0</deleted>\n    <id>0</id>\n    <polygon>\n      <username>u</username>\n      <pt><x>1</x><y>1</y></pt>\n      <pt><x>5</x><y>1</y></pt>\n      <pt><x>5</x><y>5</y></pt>\n    </polygon>\n  </object>\n</annotation>\n`;

  it('is found and read: the root is looked for past the prolog, not in the first 512 bytes', async () => {
    expect(xml.indexOf('<annotation>')).toBeGreaterThan(1024);
    const tree = () => memoryTree({ 'Annotations/s/a.xml': xml, 'Images/s/a.jpg': new Uint8Array([1]) });
    expect((await createRegistry(formats).detect(tree())).matches[0]).toMatchObject({ id: 'labelme' });
    const ds = await readAll(labelme, tree());
    expect(ds.get('s', 'a')!.annotations.map((a) => a.type)).toEqual(['polygon']);
  });
});
