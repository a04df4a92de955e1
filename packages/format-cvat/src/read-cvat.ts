import {
  DatasetError,
  type DatasetSource,
  type FileTree,
  type OptionValues,
  type ReadOptions,
  readContext,
} from '@labelport/core';
import { basename, decodeText, extname, stripExtension } from '@labelport/core/files';
import { IMAGE_EXTENSIONS } from '@labelport/core/media';
import { looksLikeCvatXml } from './detect-cvat.js';
import { type CvatFile, CvatFileReader, type CvatTree } from './lib/cvat-file-reader.js';
import { CvatLabels, type CvatMeta, parseCvatMeta } from './lib/cvat-meta.js';
import { fileContains, scanAttributeValues } from './lib/xml-scan.js';
import { streamXmlChildren } from './lib/xml-stream.js';
import type { cvatReadOptions } from './options.js';

export type CvatReadOptions = OptionValues<typeof cvatReadOptions>;

/** The CVAT XML files of a tree: those at the top level, else anywhere below it. */
export async function findCvatFiles(tree: FileTree): Promise<string[]> {
  const xml = (await tree.list()).filter((f) => extname(f.path) === '.xml').map((f) => f.path);
  const top = xml.filter((p) => !p.includes('/'));
  const out: string[] = [];
  for (const candidates of [top, xml.filter((p) => p.includes('/'))]) {
    for (const p of candidates) {
      if (looksLikeCvatXml(decodeText(await tree.readRange(p, 0, 1024)))) out.push(p);
    }
    if (out.length > 0) break;
  }
  return out;
}

/** The `<meta>` of a file: read up to its end and no further. */
async function readMeta(tree: FileTree, path: string, options: ReadOptions): Promise<CvatMeta> {
  const { maxDepth } = readContext(options).limits;
  for await (const el of streamXmlChildren(tree, path, { root: 'annotations', maxDepth })) {
    if (el.name === 'meta') return parseCvatMeta(el);
    if (el.name === 'image' || el.name === 'track' || el.name === 'tag') break;
  }
  throw new DatasetError(
    'bad-xml',
    'the file has no <meta> before its annotations (the labels are declared there)',
    { file: path },
  );
}

/**
 * CVAT's own examples tag images with labels that `<meta>` does not declare: such labels of `<tag>`
 * elements are declared (after the others) with one warning, so the categories are whole before the
 * first item. Shapes still need declared labels.
 */
async function declareTagLabels(
  tree: FileTree,
  files: CvatFile[],
  labels: CvatLabels,
  options: ReadOptions,
): Promise<void> {
  const undeclared = new Set<string>();
  for (const file of files)
    for (const name of await scanAttributeValues(tree, file.path, 'tag', 'label'))
      if (name !== '' && labels.find(name) === undefined) undeclared.add(name);
  if (undeclared.size === 0) return;
  labels.declare([...undeclared]);
  readContext(options).warn(
    `labels of <tag> elements not declared in <meta> were added to the labels: ${[...undeclared].join(', ')}`,
  );
}

/** The files and images of the tree, as the file readers look them up. */
async function treeOf(tree: FileTree): Promise<CvatTree> {
  const listing = new Set((await tree.list()).map((f) => f.path));
  // Frame images of a video export have no <image> element: find them by stem, whatever the extension.
  const byStem = new Map<string, string>();
  for (const p of listing) {
    if (IMAGE_EXTENSIONS.includes(extname(p))) {
      const key = stripExtension(p);
      if (!byStem.has(key)) byStem.set(key, p);
    }
  }
  return { tree, listing, byStem };
}

/**
 * Reads CVAT XML 1.1, for images (`<image>` elements) and for video (`<track>` elements), from one
 * or more XML files (one subset each, named after the file, unless images or tracks name theirs).
 * A file of images only is streamed item by item; a file with tracks is read in one streaming pass
 * that holds one shape element at a time and gathers the annotations by frame.
 */
export async function readCvat(
  tree: FileTree,
  options: CvatReadOptions & ReadOptions = {},
): Promise<DatasetSource> {
  const paths = await findCvatFiles(tree);
  if (paths.length === 0) {
    throw new DatasetError(
      'bad-xml',
      'no CVAT annotation file (an XML file with an <annotations> root) was found',
      { file: tree.name },
    );
  }
  const labels = new CvatLabels();
  const files: CvatFile[] = [];
  for (const path of paths) {
    const meta = await readMeta(tree, path, options);
    labels.add(meta);
    files.push({ path, subset: stripExtension(basename(path)), meta });
  }
  await declareTagLabels(tree, files, labels, options);
  const where = await treeOf(tree);
  const hasTracks = new Map<string, boolean>();
  const ctx = readContext(options);
  async function* fileItems() {
    for (const file of files) {
      let tracks = hasTracks.get(file.path);
      if (tracks === undefined) {
        tracks = await fileContains(tree, file.path, '<track');
        hasTracks.set(file.path, tracks);
      }
      const reader = new CvatFileReader(where, file, labels, options);
      yield* tracks ? reader.readGathered() : reader.readStreamed();
    }
  }
  return { categories: labels.categories, items: () => ctx.iter(fileItems()) };
}
