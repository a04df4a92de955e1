// Issue 21, "nothing silent": a COCO file given alone (`labelport info labels.json`) finds the images
// that lie beside it, or in images/ beside it, as reading its folder does.
import { type FileTree, memoryTree } from '@labelport/core';
import { readAll } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { coco, cocoInstances } from '../src/index.js';

// A tiny PNG's first bytes are enough for its size: 4x3.
const png = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 4, 0, 0, 0, 3,
  8, 2, 0, 0, 0,
]);

const imageEntry = (id: number, file_name: string) => ({
  id,
  width: 4,
  height: 3,
  file_name,
  license: 0,
  flickr_url: '',
  coco_url: '',
  date_captured: 0,
});

/** A COCO file as labelport writes it: three images, one beside it, one in images/, one nowhere. */
const labels = JSON.stringify({
  licenses: [{ name: '', id: 0, url: '' }],
  info: { contributor: '', date_created: '', description: '', url: '', version: '', year: '' },
  categories: [{ id: 1, name: 'cat', supercategory: '' }],
  annotations: [
    { id: 1, image_id: 1, category_id: 1, segmentation: [], area: 1, bbox: [0, 0, 1, 1], iscrowd: 0 },
  ],
  images: [imageEntry(1, 'a.png'), imageEntry(2, 'b.png'), imageEntry(3, 'c.png')],
});

const folder = () => memoryTree({ 'labels.json': labels, 'a.png': png, 'images/b.png': png });

/**
 * The file given alone: a tree that lists the file only, and answers for the paths beside it when
 * asked (as a file's folder is there to read, not to list).
 */
function fileAlone(dir: FileTree, file: string): FileTree {
  return { ...dir, list: async () => (await dir.list()).filter((e) => e.path === file) };
}

/** Each item's image: where it is, when it was found. */
async function media(tree: FileTree, format = cocoInstances) {
  const ds = await readAll(format, tree);
  return [...ds].map((item) => [item.id, item.media?.bytes ? item.media.path : 'missing']);
}

describe('a COCO file given alone', () => {
  const expected = [
    ['a', 'a.png'],
    ['b', 'images/b.png'],
    ['c', 'missing'],
  ];

  it('given as its folder: the images beside it and in images/ are found', async () => {
    expect(await media(folder())).toEqual(expected);
  });

  it('given alone: the same images are found, by asking the tree for them', async () => {
    expect(await media(fileAlone(folder(), 'labels.json'))).toEqual(expected);
    expect(await media(fileAlone(folder(), 'labels.json'), coco)).toEqual(expected);
  });

  it('given alone: the bytes and the size are read from beside the file', async () => {
    const ds = await readAll(cocoInstances, fileAlone(folder(), 'labels.json'));
    const b = ds.get('default', 'b')!;
    expect(await b.media!.bytes!()).toEqual(png);
    expect([b.media!.width, b.media!.height]).toEqual([4, 3]);
  });

  it('a tree that answers for nothing beside the file: nothing is found, as before', async () => {
    const alone = memoryTree({ 'labels.json': labels });
    expect((await media(alone)).map(([, path]) => path)).toEqual(['missing', 'missing', 'missing']);
  });
});
