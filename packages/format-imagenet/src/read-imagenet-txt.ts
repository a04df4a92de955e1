import {
  DatasetError,
  type DatasetSource,
  type DetectContext,
  type FileTree,
  type ReadContext,
  type ReadOptions,
  readContext,
  readerSource,
  readText,
} from '@labelport/core';
import { basename, extname, safeRelativePath, splitLines, stripExtension } from '@labelport/core/files';
import { readImageSize } from '@labelport/core/media';
import { DATASET_META_FILE, readDatasetMeta } from '@labelport/core/meta';
import type { ImagenetTxtReadOptions } from './imagenet-txt.js';
import { looksLikeImagenetTxt, parseImagenetTxtLine } from './lib/imagenet-txt-lines.js';
import { candidateRoots } from './lib/roots.js';

export const LABELS_FILE = 'synsets.txt';
export const IMAGE_DIR = 'images';
/** With labels 'generate', the most label names made up to reach the largest id. */
const MAX_GENERATED_LABELS = 1 << 20;

const isLabelsFileName = (name: string, labelsFile: string) =>
  name === labelsFile || /^synsets.*\.txt$/.test(name);

export async function detectImagenetTxt(ctx: DetectContext) {
  for (const root of candidateRoots(ctx.files, 2)) {
    const prefix = root === '' ? '' : `${root}/`;
    const lists = ctx.files.filter((f) => {
      if (!f.path.startsWith(prefix) || f.path.slice(prefix.length).includes('/')) return false;
      const name = f.path.slice(prefix.length);
      return extname(name) === '.txt' && !isLabelsFileName(name, LABELS_FILE);
    });
    for (const list of lists) {
      const head = await ctx.readHead(list.path, 4096);
      if (!looksLikeImagenetTxt(head, list.size <= 4096)) continue;
      const labelsFile = ctx.has(`${prefix}${LABELS_FILE}`) || ctx.has(`${prefix}${DATASET_META_FILE}`);
      // Lists of `image id` lines are common (CelebA's partition, LFW's landmarks): inside a
      // folder, only one beside a synsets.txt counts.
      if (root !== '' && !labelsFile) continue;
      return { confidence: labelsFile ? 1 : 0.8, root };
    }
  }
  return ctx.reject('no <subset>.txt listing images with integer label ids');
}

interface LabelNames {
  names: string[];
  /** Whether names are made up (`class-N`) for ids past the end. */
  generate: boolean;
}

async function readLabelNames(
  tree: FileTree,
  files: string[],
  options: ImagenetTxtReadOptions,
  ctx: ReadContext,
): Promise<LabelNames> {
  const mode = options.labels ?? 'file';
  if (Array.isArray(mode)) return { names: mode.slice(), generate: false };
  if (mode === 'generate') return { names: [], generate: true };
  if (files.includes(DATASET_META_FILE))
    return { names: [...(await readDatasetMeta(tree, DATASET_META_FILE)).keys()], generate: false };
  let file = options.labelsFile ?? LABELS_FILE;
  if (!files.includes(file) && options.labelsFile === undefined) {
    const others = files.filter((f) => !f.includes('/') && /^synsets.*\.txt$/.test(f));
    if (others.length === 1) file = others[0]!;
  }
  if (!files.includes(file)) {
    if (options.labelsFile !== undefined) {
      throw new DatasetError('not-found', 'the labels file was not found', { file });
    }
    ctx.warn(`no ${LABELS_FILE}: label names are generated (class-0, class-1, ...)`);
    return { names: [], generate: true };
  }
  const lines = splitLines(await readText(tree, file)).map((s) => s.trim());
  return { names: lines, generate: false };
}

const imagePath = (imageDir: string, image: string) => (imageDir === '' ? image : `${imageDir}/${image}`);

interface Entry {
  id: string;
  subset: string;
  image: string;
  labels: number[];
}

/** Checks a line's label ids against the names, making names up to the id when asked to. */
function checkLabels(labels: number[], known: LabelNames, where: { file: string; place: string }) {
  const { names } = known;
  for (const l of labels) {
    if (l < names.length) continue;
    if (!known.generate)
      throw new DatasetError(
        'unknown-label',
        `label id ${l} is not in the labels (${names.length} known)`,
        where,
      );
    // Generated names fill the gap up to the id: a huge id would fill memory.
    if (l >= MAX_GENERATED_LABELS)
      throw new DatasetError(
        'too-large',
        `label id ${l}: generating ${l + 1} label names is over ${MAX_GENERATED_LABELS}`,
        where,
      );
    while (names.length <= l) names.push(`class-${names.length}`);
  }
}

/** The entries of one list file; a repeated name replaces the earlier line, as in Datumaro. */
function readList(text: string, list: string, known: LabelNames, ctx: ReadContext, entries: Entry[]) {
  const subset = stripExtension(basename(list));
  const ids = new Map<string, number>();
  splitLines(text).forEach((line, i) => {
    if (line.trim() === '') return;
    const where = { file: list, place: `line ${i + 1}` };
    let entry: Entry;
    try {
      const parsed = parseImagenetTxtLine(line, where);
      const image = safeRelativePath(parsed.image, where);
      checkLabels(parsed.labels, known, where);
      entry = { id: parsed.id, subset, image, labels: parsed.labels };
    } catch (e) {
      // A line is an item: skipped under the item policy.
      ctx.skip(e, where, 'items');
      return;
    }
    const at = ids.get(entry.id);
    if (at !== undefined) entries[at] = entry;
    else {
      ids.set(entry.id, entries.length);
      entries.push(entry);
    }
  });
}

export async function readImagenetTxt(
  tree: FileTree,
  options: ImagenetTxtReadOptions & ReadOptions = {},
): Promise<DatasetSource> {
  const ctx = readContext(options);
  const files = (await tree.list()).map((f) => f.path);
  const labelsFile = options.labelsFile ?? LABELS_FILE;
  const imageDir = options.imageDir ?? IMAGE_DIR;
  const lists = files.filter(
    (f) => !f.includes('/') && extname(f) === '.txt' && !isLabelsFileName(f, labelsFile),
  );
  if (lists.length === 0)
    throw new DatasetError('bad-layout', 'no <subset>.txt list found', { file: tree.name });
  const known = await readLabelNames(tree, files, options, ctx);
  const fileSet = new Set(files);

  const entries: Entry[] = [];
  for (const list of lists) readList(await readText(tree, list), list, known, ctx, entries);

  return readerSource(options, {
    categories: { labels: known.names.map((name) => ({ name })) },
    entries,
    where: (e) => imagePath(imageDir, e.image),
    async make(e) {
      const path = imagePath(imageDir, e.image);
      const present = fileSet.has(path);
      const size = present ? await readImageSize(tree, path) : undefined;
      return {
        id: e.id,
        subset: e.subset,
        media: {
          kind: 'image',
          path,
          width: size?.width,
          height: size?.height,
          bytes: present ? () => tree.read(path) : undefined,
        },
        annotations: e.labels.map((label) => ({ type: 'label' as const, label, attributes: {} })),
        attributes: {},
      };
    },
  });
}
