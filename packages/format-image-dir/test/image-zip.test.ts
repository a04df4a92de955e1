import { join } from 'node:path';
import {
  bytesAccess,
  createRegistry,
  type DatasetItem,
  memorySink,
  memoryTree,
  sourceOf,
  zipTree,
} from '@labelport/core';
import { buildZip } from '@labelport/core/files';
import { openTree } from '@labelport/core/node';
import { encodePng } from '@labelport/core/png';
import { describeFormat, fixturesDir, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { formats, imageZip } from '../src/index.js';

const png = (w: number, h: number, fill = 0) =>
  encodePng({ width: w, height: h, colorType: 'gray', data: new Uint8Array(w * h).fill(fill) });
// A JPEG header: SOI, then SOF0 with height 7 and width 9.
const jpeg = new Uint8Array([
  0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x07, 0x00, 0x09, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
]);

/** Datumaro's test layout: a folder of archives, each with an image at its top, deflated (Python's zipfile). */
const datumaroTree = () =>
  memoryTree({
    '1.zip': buildZip({ '1.jpg': jpeg }, { compress: true }),
    '2.zip': buildZip({ '2.png': png(10, 5) }, { compress: true }),
  });

/** An archive with folders and a file that is no image; stored entries. */
const nestedTree = () =>
  memoryTree({
    'archives/photos.zip': buildZip({
      'day1/': '',
      'day1/a.png': png(3, 2),
      'day1/b.PNG': png(4, 4),
      'notes.txt': 'not an image',
    }),
  });

const item = (id: string, subset: string, bytes: Uint8Array, path: string): DatasetItem => ({
  id,
  subset,
  media: { kind: 'image', path, width: 2, height: 2, bytes: async () => bytes },
  annotations: [],
  attributes: {},
});

const images = () =>
  sourceOf({ labels: [] }, [
    item('a', 'default', png(2, 2, 1), 'a.png'),
    item('dir/b', 'default', png(2, 2, 2), 'images/b.png'),
  ]);

describeFormat(imageZip, {
  fixtures: [
    {
      name: "Datumaro's layout: one image per archive, deflated",
      tree: datumaroTree,
      expect: { items: 2, subsets: { default: 2 }, annotations: {} },
      async check(ds) {
        expect(ds.get('default', '1')!.media).toMatchObject({ path: '1.zip/1.jpg', width: 9, height: 7 });
        expect(ds.get('default', '2')!.media).toMatchObject({ width: 10, height: 5 });
        expect(await ds.get('default', '1')!.media!.bytes!()).toEqual(jpeg);
      },
    },
    {
      name: 'folders inside an archive, one folder down; a file that is no image',
      tree: nestedTree,
      expect: { items: 2, subsets: { default: 2 } },
      check(ds) {
        expect(ds.get('default', 'day1/a')!.media).toMatchObject({ path: 'archives/photos.zip/day1/a.png' });
        expect(ds.get('default', 'day1/b')!.media).toMatchObject({ width: 4, height: 4 });
      },
    },
  ],
  roundTrips: [
    { name: 'images under their ids (stored)', source: images },
    {
      name: 'images under their ids (deflated)',
      source: images,
      writeOptions: { compression: 'ZIP_DEFLATED' },
    },
  ],
  badInputs: [
    { name: 'no archive', tree: () => memoryTree({ 'a.png': png(1, 1) }), code: 'bad-layout' },
    {
      name: 'a .zip that is not a zip archive',
      tree: () => memoryTree({ 'x.zip': 'this is not a zip file at all' }),
      code: 'bad-zip',
      message: /x\.zip/,
    },
  ],
});

describe('image_zip details', () => {
  it("writes Datumaro's default.zip: the images as <id><extension>, stored unless deflate is asked", async () => {
    const sink = memorySink();
    await imageZip.write!(images(), sink);
    await sink.commit();
    const out = sink.tree();
    expect((await out.list()).map((e) => e.path)).toEqual(['default.zip']);
    const archive = await zipTree(bytesAccess(await out.read('default.zip')), 'default.zip');
    expect((await archive.list()).map((e) => e.path)).toEqual(['a.png', 'dir/b.png']);
    const named = memorySink();
    await imageZip.write!(images(), named, { name: 'photos/all.zip', compression: 'zip_deflated' });
    await named.commit();
    expect((await named.tree().list()).map((e) => e.path)).toEqual(['photos/all.zip']);
  });

  it("refuses Datumaro's compressions it cannot write, and unknown ones, with one line", async () => {
    await expect(imageZip.write!(images(), memorySink(), { compression: 'ZIP_LZMA' })).rejects.toMatchObject({
      code: 'unsupported',
    });
    await expect(imageZip.write!(images(), memorySink(), { compression: 'gzip' })).rejects.toMatchObject({
      code: 'bad-option',
    });
  });

  it('reports what an archive of images cannot hold: annotations, attributes, items without bytes, subsets', async () => {
    const source = sourceOf({ labels: [{ name: 'cat' }] }, [
      {
        ...item('a', 'train', png(2, 2), 'a.png'),
        annotations: [{ type: 'label', label: 0, attributes: {} }],
        attributes: { frame: 3 },
      },
      { ...item('a', 'val', png(2, 2), 'a.png') },
      {
        id: 'gone',
        subset: 'val',
        media: { kind: 'image', path: 'gone.jpg' },
        annotations: [],
        attributes: {},
      },
      { id: 'bare', subset: 'val', annotations: [], attributes: {} },
    ]);
    const { report, dataset } = await writeAndReadBack(imageZip, source);
    expect(report.dropped).toEqual({ label: 1, 'item attribute': 1, item: 2, media: 1 });
    expect(report.warnings.join('\n')).toMatch(/images only/);
    expect(report.warnings.join('\n')).toMatch(/written twice/);
    expect(report.warnings.join('\n')).toMatch(/no subsets: train, val/);
    expect(dataset.size).toBe(1);
  });

  it('is detected on archives alone, weakly beside other files, never on archives without images', async () => {
    const registry = createRegistry(formats);
    const alone = await registry.detect(datumaroTree());
    expect(alone.matches).toEqual([{ id: 'image_zip', confidence: 0.6, root: '' }]);
    const beside = await registry.detect(
      memoryTree({
        ...Object.fromEntries([['1.zip', buildZip({ 'a.png': png(1, 1) })]]),
        'labels.json': '{}',
      }),
    );
    expect(beside.matches[0]).toMatchObject({ id: 'image_zip', confidence: 0.2 });
    const none = await createRegistry([imageZip]).detect(
      memoryTree({ 'docs.zip': buildZip({ 'a.txt': 'x' }) }),
    );
    expect(none.matches).toEqual([]);
    expect(none.rejected[0]!.reason).toMatch(/no image/);
  });

  it('takes the archives of the shallowest folder, as Datumaro does, and skips a repeated id with a warning', async () => {
    const warnings: string[] = [];
    const tree = memoryTree({
      'a.zip': buildZip({ 'x.png': png(1, 1) }),
      'b.zip': buildZip({ 'x.png': png(2, 2), 'y.png': png(1, 1) }),
      'deeper/c.zip': buildZip({ 'z.png': png(1, 1) }),
    });
    const ds = await readAll(imageZip, tree, { onWarning: (w: string) => warnings.push(w) });
    expect(
      ds
        .subset('default')
        .map((i) => i.id)
        .sort(),
    ).toEqual(['x', 'y']);
    expect(ds.get('default', 'x')!.media!.path).toBe('a.zip/x.png');
    expect(warnings.join('\n')).toMatch(
      /b\.zip: 'x\.png' gives item 'x', which a\.zip already gave; skipped/,
    );
  });
});

const corpus = fixturesDir();
describe.skipIf(!corpus)("image_zip over Datumaro's test assets (LABELPORT_FIXTURES)", () => {
  it('image_zip_dataset: 1.zip and 2.zip, one deflated JPEG each', async () => {
    const tree = await openTree(join(corpus!, 'datumaro', 'image_zip_dataset'));
    const { matches } = await createRegistry(formats).detect(tree);
    expect(matches[0]).toMatchObject({ id: 'image_zip', root: '' });
    const ds = await readAll(imageZip, tree);
    expect(
      ds
        .subset('default')
        .map((i) => i.id)
        .sort(),
    ).toEqual(['1', '2']);
    expect(ds.get('default', '1')!.media).toMatchObject({ path: '1.zip/1.jpg' });
    expect((await ds.get('default', '2')!.media!.bytes!()).length).toBe(631);
  });
});
