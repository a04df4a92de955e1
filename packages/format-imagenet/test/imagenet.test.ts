import { createRegistry, Dataset, memorySink, memoryTree } from '@labelport/core';
import { encodePng } from '@labelport/core/png';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { imagenet, imagenetWithSubsetDirs } from '../src/index.js';

/** A small gray PNG of the given size. */
const png = (width: number, height: number) =>
  encodePng({ width, height, colorType: 'gray', data: new Uint8Array(width * height).fill(7) });

const plainTree = () =>
  memoryTree({
    'cat/1.png': png(4, 3),
    'cat/2.png': png(5, 5),
    'dog/3.png': png(2, 2),
    'no_label/4.png': png(1, 1),
    // Datumaro takes images only at label/image: these two are ignored.
    'stray.png': png(1, 1),
    'dog/puppies/5.png': png(1, 1),
  });

const subsetTree = () =>
  memoryTree({
    'train/cat/1.png': png(4, 3),
    'train/dog/2.png': png(4, 3),
    'val/dog/3.png': png(4, 3),
  });

const labelled = () =>
  new Dataset({ labels: [{ name: 'cat' }] }, [
    {
      id: 'cat:a',
      subset: 'default',
      media: { kind: 'image', path: 'cat/a.png', width: 4, height: 3, bytes: async () => png(4, 3) },
      annotations: [{ type: 'label', label: 0, attributes: {} }],
      attributes: {},
    },
    {
      id: 'no_label:b',
      subset: 'default',
      media: { kind: 'image', path: 'b.png', width: 2, height: 2, bytes: async () => png(2, 2) },
      annotations: [],
      attributes: {},
    },
  ]);

const withSubsets = () =>
  new Dataset({ labels: [{ name: 'cat' }, { name: 'dog' }] }, [
    {
      id: 'dog:x',
      subset: 'train',
      media: { kind: 'image', path: 'x.png', width: 3, height: 3, bytes: async () => png(3, 3) },
      annotations: [{ type: 'label', label: 1, attributes: {} }],
      attributes: {},
    },
    {
      id: 'cat:y',
      subset: 'val',
      media: { kind: 'image', path: 'y.png', width: 3, height: 3, bytes: async () => png(3, 3) },
      annotations: [{ type: 'label', label: 0, attributes: {} }],
      attributes: {},
    },
  ]);

describeFormat(imagenet, {
  fixtures: [
    {
      name: 'labels at the top',
      tree: plainTree,
      expect: { items: 4, subsets: { default: 4 }, annotations: { label: 3 }, labels: ['cat', 'dog'] },
      check(ds) {
        const item = ds.get('default', 'cat:1')!;
        expect(item.media).toMatchObject({ path: 'cat/1.png', width: 4, height: 3 });
        expect(ds.get('default', 'no_label:4')!.annotations).toEqual([]);
      },
    },
  ],
  roundTrips: [
    { name: 'labels and an unlabelled image', source: labelled, writeOptions: { saveMedia: true } },
    // no subsets (capabilities.subsets false): train and val in one folder, the ids kept
    { name: 'train and val written together', source: withSubsets, writeOptions: { saveMedia: true } },
  ],
  badInputs: [
    {
      name: 'no image in a label folder',
      tree: () => memoryTree({ 'a.png': png(1, 1), 'notes.txt': 'x' }),
      code: 'bad-layout',
    },
  ],
});

describeFormat(imagenetWithSubsetDirs, {
  fixtures: [
    {
      name: 'subset folders',
      tree: subsetTree,
      expect: { items: 3, subsets: { train: 2, val: 1 }, annotations: { label: 3 }, labels: ['cat', 'dog'] },
    },
  ],
  roundTrips: [
    { name: 'train and val folders', source: withSubsets, writeOptions: { saveMedia: true } },
    {
      name: 'labels and an unlabelled image, in default/',
      source: labelled,
      writeOptions: { saveMedia: true },
    },
  ],
  badInputs: [
    {
      name: 'label folders at the top (no image at subset/label/image)',
      tree: () => memoryTree({ 'cat/1.png': png(1, 1), 'dog/2.png': png(1, 1) }),
      code: 'bad-layout',
    },
  ],
});

describe("Datumaro's two layouts: imagenet and imagenet_with_subset_dirs", () => {
  const both = createRegistry([imagenet, imagenetWithSubsetDirs]);
  const written = async (format: typeof imagenet, options: Record<string, unknown> = {}) => {
    const sink = memorySink();
    const report = await format.write!(withSubsets(), sink, options);
    await sink.commit();
    return { files: [...sink.files.keys()].sort(), report, tree: sink.tree() };
  };

  it('imagenet writes every subset into one folder, and says which subsets were lost', async () => {
    const { files, report, tree } = await written(imagenet);
    expect(files).toEqual(['cat/y.png', 'dog/x.png']);
    expect(report.dropped).toEqual({});
    expect(report.warnings).toEqual([
      expect.stringMatching(
        /^imagenet writes every subset into one folder.*subsets train, val were written together/,
      ),
    ]);
    const back = await readAll(imagenet, tree);
    expect(back.subsets()).toEqual(['default']);
    expect([...back].map((i) => i.id).sort()).toEqual(['cat:y', 'dog:x']);
  });

  it('imagenet_with_subset_dirs writes <subset>/<label>/<image> and reads it back', async () => {
    const { files, report, tree } = await written(imagenetWithSubsetDirs);
    expect(files).toEqual(['train/dog/x.png', 'val/cat/y.png']);
    expect(report.warnings).toEqual([]);
    const back = await readAll(imagenetWithSubsetDirs, tree);
    expect(back.subsets().sort()).toEqual(['train', 'val']);
    expect(back.get('train', 'dog:x')!.annotations).toEqual([{ type: 'label', label: 1, attributes: {} }]);
  });

  it('the subsetDirs option picks the other layout on either', async () => {
    expect((await written(imagenet, { subsetDirs: true })).files).toEqual([
      'train/dog/x.png',
      'val/cat/y.png',
    ]);
    const together = await written(imagenetWithSubsetDirs, { subsetDirs: false });
    expect(together.files).toEqual(['cat/y.png', 'dog/x.png']);
    expect(together.report.warnings.join(' ')).toMatch(
      /imagenet_with_subset_dirs writes every subset into one folder.*train, val/,
    );
  });

  it('each layout is detected as its own id', async () => {
    const subsets = await both.detect(subsetTree());
    expect(subsets.matches).toEqual([{ id: 'imagenet_with_subset_dirs', confidence: 0.6, root: '' }]);
    expect(subsets.rejected.find((r) => r.id === 'imagenet')?.reason).toMatch(/imagenet_with_subset_dirs/);
    const plain = await both.detect(memoryTree({ 'cat/1.png': png(1, 1), 'dog/2.png': png(1, 1) }));
    expect(plain.matches).toEqual([{ id: 'imagenet', confidence: 0.6, root: '' }]);
    // a single train/ folder is a subset folder, not a folder around a dataset of labels
    const train = await both.detect(memoryTree({ 'train/cat/1.png': png(1, 1) }));
    expect(train.matches).toEqual([{ id: 'imagenet_with_subset_dirs', confidence: 0.6, root: '' }]);
    // each written layout is detected as the format that wrote it
    expect((await both.detect((await written(imagenet)).tree)).matches.map((m) => m.id)).toEqual([
      'imagenet',
    ]);
    expect(
      (await both.detect((await written(imagenetWithSubsetDirs)).tree)).matches.map((m) => m.id),
    ).toEqual(['imagenet_with_subset_dirs']);
  });
});

describe('imagenet details', () => {
  it('finds a dataset wrapped in a folder', async () => {
    const tree = memoryTree({ 'ds/cat/1.png': png(1, 1), 'ds/dog/2.png': png(1, 1) });
    const { matches } = await createRegistry([imagenet]).detect(tree);
    expect(matches).toEqual([{ id: 'imagenet', confidence: 0.6, root: 'ds' }]);
  });

  it('is a weak guess when other files lie beside the images', async () => {
    const tree = memoryTree({ 'cat/1.png': png(1, 1), 'README.md': 'hello' });
    const { matches } = await createRegistry([imagenet]).detect(tree);
    expect(matches[0]!.confidence).toBeLessThan(0.5);
  });

  it('refuses folders Datumaro never takes for labels', async () => {
    const tree = memoryTree({ 'images/1.png': png(1, 1), 'labels/1.png': png(1, 1) });
    const { matches, rejected } = await createRegistry([imagenet]).detect(tree);
    expect(matches).toEqual([]);
    expect(rejected[0]!.reason).toMatch(/images|labels/);
  });

  it('warns about images outside label folders', async () => {
    const warnings: string[] = [];
    await readAll(imagenet, plainTree(), { onWarning: (w: string) => warnings.push(w) });
    expect(warnings.join('\n')).toMatch(/2 image\(s\) outside label folders/);
  });

  it('writes an image once per label and says so', async () => {
    const ds = new Dataset({ labels: [{ name: 'a' }, { name: 'b' }] }, [
      {
        id: 'img',
        subset: 'default',
        media: { kind: 'image', path: 'img.png', bytes: async () => png(1, 1) },
        annotations: [
          { type: 'label', label: 0, attributes: {} },
          { type: 'label', label: 1, attributes: {} },
        ],
        attributes: {},
      },
    ]);
    const sink = memorySink();
    const report = await imagenet.write!(ds, sink, { saveMedia: true });
    await sink.commit();
    expect([...sink.files.keys()].sort()).toEqual(['a/img.png', 'b/img.png']);
    expect(report.warnings.join(' ')).toMatch(/once per label/);
  });

  it('says which labels it cannot keep for want of images', async () => {
    const ds = labelled();
    ds.categories = { labels: [{ name: 'cat' }, { name: 'dog' }] };
    const report = await imagenet.write!(ds, memorySink(), { saveMedia: true });
    expect(report.warnings.join(' ')).toMatch(/labels with no image are not kept.*: dog/);
  });

  it('writes the images without saveMedia too (the labels are their folders, as Datumaro)', async () => {
    const { dataset, report } = await writeAndReadBack(imagenet, labelled(), {});
    expect(report.dropped).toEqual({});
    expect(dataset.size).toBe(2);
    expect(dataset.get('default', 'cat:a')!.annotations).toEqual([
      { type: 'label', label: 0, attributes: {} },
    ]);
  });

  it('drops and reports an item without image bytes; refuses a dataset with none', async () => {
    const ds = labelled().map((item) =>
      item.id === 'cat:a' ? { ...item, media: { kind: 'image' as const, path: 'cat/a.png' } } : item,
    );
    const { dataset, report } = await writeAndReadBack(imagenet, ds);
    expect(report.dropped).toEqual({ item: 1, label: 1 });
    expect([...dataset].map((i) => i.id)).toEqual(['no_label:b']);

    const none = labelled().map((item) => ({ ...item, media: undefined }));
    await expect(imagenet.write!(none, memorySink())).rejects.toMatchObject({
      code: 'unsupported',
      message: expect.stringMatching(/no item has image bytes/),
    });
  });

  it('imagenet_with_subset_dirs keeps a single train subset as a folder', async () => {
    const ds = withSubsets().filter((item) => item.subset === 'train');
    const sink = memorySink();
    const report = await imagenetWithSubsetDirs.write!(ds, sink, { saveMedia: true });
    await sink.commit();
    expect([...sink.files.keys()]).toEqual(['train/dog/x.png']);
    expect(report.warnings).toEqual([expect.stringMatching(/labels with no image.*cat/)]);
    expect((await readAll(imagenetWithSubsetDirs, sink.tree())).subsets()).toEqual(['train']);
    // imagenet's reader takes a train/ folder for a subset too
    expect((await readAll(imagenet, sink.tree())).subsets()).toEqual(['train']);
  });

  it('imagenet writes subsets of any name together, with a warning', async () => {
    const ds = withSubsets().map((item) => ({
      ...item,
      subset: item.subset === 'train' ? 'training' : 'validation',
    }));
    const sink = memorySink();
    const report = await imagenet.write!(ds, sink, { saveMedia: true });
    await sink.commit();
    expect([...sink.files.keys()].sort()).toEqual(['cat/y.png', 'dog/x.png']);
    expect(report.warnings.join(' ')).toMatch(/training, validation/);
  });
});

describe('subset folders of any name (issue 21)', () => {
  const named = (a: string, b: string) =>
    withSubsets().map((item) => ({ ...item, subset: item.subset === 'train' ? a : b }));

  it('subsetDirs with subsets not named train, val or test reads back, detected, with the same subsets', async () => {
    const sink = memorySink();
    const report = await imagenet.write!(named('fold1', 'fold2'), sink, { subsetDirs: true });
    await sink.commit();
    expect([...sink.files.keys()].sort()).toEqual(['fold1/dog/x.png', 'fold2/cat/y.png']);
    expect(report.dropped).toEqual({});
    expect(report.warnings).toEqual([
      expect.stringMatching(/fold1, fold2: none is train.*imagenet_with_subset_dirs/),
    ]);

    const back = await readAll(imagenetWithSubsetDirs, sink.tree());
    expect(back.subsets().sort()).toEqual(['fold1', 'fold2']);
    expect((await readAll(imagenet, sink.tree())).subsets().sort()).toEqual(['fold1', 'fold2']);
    expect(back.categories.labels.map((l) => l.name)).toEqual(['cat', 'dog']);
    expect(back.get('fold1', 'dog:x')!.annotations).toEqual([{ type: 'label', label: 1, attributes: {} }]);
    expect(back.get('fold2', 'cat:y')!.annotations).toEqual([{ type: 'label', label: 0, attributes: {} }]);

    const { matches } = await createRegistry([imagenet, imagenetWithSubsetDirs]).detect(sink.tree());
    expect(matches.map((m) => m.id)).toEqual(['imagenet_with_subset_dirs']);
  });

  it('one named subset among others: every top folder is a subset, no warning', async () => {
    const sink = memorySink();
    const report = await imagenet.write!(named('train', 'extra'), sink, { subsetDirs: true });
    await sink.commit();
    expect(report.warnings).toEqual([]);
    expect((await readAll(imagenet, sink.tree())).subsets().sort()).toEqual(['extra', 'train']);
  });

  it('labels at the top still win: images at label/image keep deeper ones ignored', async () => {
    const back = await readAll(imagenet, memoryTree({ 'cat/1.png': png(1, 1), 'a/dog/2.png': png(1, 1) }), {
      onWarning: () => {},
    });
    expect(back.subsets()).toEqual(['default']);
    expect([...back].map((i) => i.id)).toEqual(['cat:1']);
  });

  it('images/<subset>/<file> (another format layout) is not taken for subset folders', async () => {
    const tree = memoryTree({ 'images/train/1.png': png(1, 1), 'images/val/2.png': png(1, 1) });
    const { matches } = await createRegistry([imagenet]).detect(tree);
    expect(matches).toEqual([]);
  });
});

it('subsetDirs with one subset not named train, val or test: read as imagenet_with_subset_dirs it keeps the subset; detection sees a wrapper', async () => {
  const ds = withSubsets()
    .filter((item) => item.subset === 'train')
    .map((item) => ({ ...item, subset: 'fold1' }));
  const sink = memorySink();
  const report = await imagenet.write!(ds, sink, { subsetDirs: true });
  await sink.commit();
  expect(report.warnings[0]).toMatch(
    /subset folder fold1: not train, val or test.*folder around the dataset/,
  );
  expect((await readAll(imagenetWithSubsetDirs, sink.tree())).subsets()).toEqual(['fold1']);
  const { matches } = await createRegistry([imagenet, imagenetWithSubsetDirs]).detect(sink.tree());
  expect(matches).toEqual([{ id: 'imagenet', confidence: 0.6, root: 'fold1' }]);
});
