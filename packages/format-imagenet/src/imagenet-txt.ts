import type { OptionValues } from '@labelport/core';
import {
  DatasetError,
  type DatasetItem,
  type DetectContext,
  defineFormat,
  type FileTree,
  type IoOptions,
  ReportBuilder,
  readContext,
  readText,
} from '@labelport/core';
import { basename, extname, safeRelativePath, splitLines, stripExtension } from '@labelport/core/files';
import { mediaExtension, readImageSize, saveMedia } from '@labelport/core/media';
import { DATASET_META_FILE, formatDatasetMeta, readDatasetMeta } from '@labelport/core/meta';
import {
  formatImagenetTxtLine,
  looksLikeImagenetTxt,
  parseImagenetTxtLine,
} from './lib/imagenet-txt-lines.js';
import { candidateRoots } from './lib/roots.js';
import { imagenetTxtReadOptions, imagenetTxtWriteOptions } from './options.js';

const LABELS_FILE = 'synsets.txt';
/** With labels 'generate', the most label names made up to reach the largest id. */
const MAX_GENERATED_LABELS = 1 << 20;
const IMAGE_DIR = 'images';

export interface ImagenetTxtReadOptions {
  /** 'file' (default): names from the labels file or dataset_meta.json; 'generate': `class-N`; or the names. */
  labels?: 'file' | 'generate' | string[];
  /** The labels file, beside the lists (default synsets.txt). */
  labelsFile?: string;
  /** Where the images are, beside the lists (default images). */
  imageDir?: string;
}

const isLabelsFileName = (name: string, labelsFile: string) =>
  name === labelsFile || /^synsets.*\.txt$/.test(name);

async function detectImagenetTxt(ctx: DetectContext) {
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

async function readLabelNames(tree: FileTree, files: string[], options: ImagenetTxtReadOptions & IoOptions) {
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
    options.onWarning?.(`no ${LABELS_FILE}: label names are generated (class-0, class-1, ...)`);
    return { names: [], generate: true };
  }
  const lines = splitLines(await readText(tree, file)).map((s) => s.trim());
  return { names: lines, generate: false };
}

async function readImagenetTxt(tree: FileTree, options: ImagenetTxtReadOptions & IoOptions = {}) {
  const files = (await tree.list()).map((f) => f.path);
  const labelsFile = options.labelsFile ?? LABELS_FILE;
  const imageDir = options.imageDir ?? IMAGE_DIR;
  const lists = files.filter(
    (f) => !f.includes('/') && extname(f) === '.txt' && !isLabelsFileName(f, labelsFile),
  );
  if (lists.length === 0)
    throw new DatasetError('bad-layout', 'no <subset>.txt list found', { file: tree.name });
  const { names, generate } = await readLabelNames(tree, files, options);
  const fileSet = new Set(files);

  const items: { id: string; subset: string; image: string; labels: number[] }[] = [];
  for (const list of lists) {
    const subset = stripExtension(basename(list));
    const lines = splitLines(await readText(tree, list));
    const ids = new Map<string, number>();
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      const where = { file: list, place: `line ${i + 1}` };
      try {
        const parsed = parseImagenetTxtLine(line, where);
        parsed.image = safeRelativePath(parsed.image, where);
        for (const l of parsed.labels) {
          if (l >= names.length) {
            if (!generate)
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
        const at = ids.get(parsed.id);
        const item = { id: parsed.id, subset, image: parsed.image, labels: parsed.labels };
        // A repeated name replaces the earlier line, as in Datumaro.
        if (at !== undefined) items[at] = item;
        else {
          ids.set(parsed.id, items.length);
          items.push(item);
        }
      } catch (e) {
        readContext(options).skip(e);
      }
    });
  }

  return {
    categories: { labels: names.map((name) => ({ name })) },
    size: items.length,
    async *items(): AsyncIterable<DatasetItem> {
      let done = 0;
      for (const it of items) {
        const path = [imageDir, it.image].filter((p) => p !== '').join('/');
        const present = fileSet.has(path);
        const size = present ? await readImageSize(tree, path) : undefined;
        yield {
          id: it.id,
          subset: it.subset,
          media: {
            kind: 'image',
            path,
            width: size?.width,
            height: size?.height,
            bytes: present ? () => tree.read(path) : undefined,
          },
          annotations: it.labels.map((label) => ({ type: 'label' as const, label, attributes: {} })),
          attributes: {},
        };
        options.onProgress?.(++done, items.length);
      }
    },
  };
}

export type ImagenetTxtWriteOptions = OptionValues<typeof imagenetTxtWriteOptions>;

export const imagenetTxt = defineFormat<ImagenetTxtReadOptions, ImagenetTxtWriteOptions>({
  id: 'imagenet_txt',
  title: 'ImageNet txt (<subset>.txt + synsets.txt)',
  extensions: ['.txt'],
  options: { read: imagenetTxtReadOptions, write: imagenetTxtWriteOptions },
  capabilities: {
    annotations: ['label'],
    media: ['image'],
    tracks: false,
    attributes: false,
    subsets: true,
    streaming: true,
  },
  detect: detectImagenetTxt,
  read: readImagenetTxt,
  async write(source, out, options = {}) {
    const report = new ReportBuilder();
    const lines = new Map<string, string[]>();
    const labelCount = source.categories.labels.length;
    let done = 0;
    for await (const item of source.items()) {
      report.items++;
      const labels = new Set<number>();
      for (const a of item.annotations) {
        report.drop('attribute', Object.keys(a.attributes).length);
        if (a.type !== 'label') report.drop(a.type);
        else if (a.label === undefined || a.label >= labelCount) report.drop('label');
        else labels.add(a.label);
      }
      report.drop('item attribute', Object.keys(item.attributes).length);
      const ext = mediaExtension(item, '.jpg');
      const list = lines.get(item.subset) ?? [];
      lines.set(item.subset, list);
      list.push(
        formatImagenetTxtLine(
          item.id,
          ext,
          [...labels].sort((a, b) => a - b),
        ),
      );
      if (options.saveMedia) await saveMedia(item, out, `${IMAGE_DIR}/${item.id}${ext}`, report);
      options.onProgress?.(++done, source.size);
    }
    for (const [subset, list] of lines) await out.write(`${subset}.txt`, list.map((l) => `${l}\n`).join(''));
    const names = source.categories.labels.map((l) => l.name);
    if (options.saveDatasetMeta) await out.write(DATASET_META_FILE, formatDatasetMeta(names));
    else await out.write(LABELS_FILE, names.map((n) => `${n}\n`).join(''));
    return report.build();
  },
});
