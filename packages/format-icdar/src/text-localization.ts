import {
  type Annotation,
  type Attributes,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  defineFormat,
  type FileSink,
  type FileTree,
  type IoOptions,
  ReportBuilder,
  readContext,
  readText,
} from '@labelport/core';
import {
  basename,
  dirname,
  extname,
  joinPath,
  safeRelativePath,
  splitLines,
  stripExtension,
} from '@labelport/core/files';
import { filesOf, findSubsets, IMAGES_DIR, imagesOf } from './lib/icdar-layout.js';
import { fillImageSize, imageMedia, saveImage } from './lib/image-media.js';
import { formatLocalizationLine, parseLocalizationLine, type TextShape } from './lib/localization-lines.js';

const GT_PREFIX = 'gt_';
const isGtFile = (p: string) => /^gt_.+\.txt$/.test(basename(p));
/** Datumaro reads every .txt of a subset as an item's annotation; images/ holds only images. */
const isAnnotationFile = (rel: string) => extname(rel) === '.txt' && !rel.startsWith(`${IMAGES_DIR}/`);

async function detectTextLocalization(ctx: DetectContext) {
  const files = ctx.files
    .map((f) => f.path)
    .filter((p) => isGtFile(p) && !p.endsWith('_GT.txt') && p.split('/').length <= 4)
    .sort((a, b) => a.split('/').length - b.split('/').length);
  if (files.length === 0) ctx.reject('no gt_<image>.txt files');
  for (const file of files.slice(0, 5)) {
    const first = splitLines(await ctx.readHead(file, 1024)).find((l) => l.trim() !== '');
    try {
      if (first !== undefined) parseLocalizationLine(first, file, 1);
    } catch {
      continue;
    }
    const parts = file.split('/');
    return { confidence: 1, root: parts.length <= 2 ? '' : parts.slice(0, -2).join('/') };
  }
  return ctx.reject('gt_*.txt files do not hold ICDAR boxes or quadrilaterals');
}

/** The item id of an annotation file: its path without extension, `gt_` dropped from the name. */
function itemIdOf(rel: string): string {
  const id = stripExtension(rel);
  const name = basename(id);
  return name.startsWith(GT_PREFIX) ? joinPath(dirname(id), name.slice(GT_PREFIX.length)) : id;
}

function toAnnotation(shape: TextShape): Annotation {
  const attributes: Attributes = shape.text === undefined ? {} : { text: shape.text };
  if (shape.kind === 'polygon') return { type: 'polygon', points: shape.points, attributes };
  return { type: 'bbox', x: shape.x, y: shape.y, w: shape.w, h: shape.h, attributes };
}

async function readTextLocalization(tree: FileTree, options: IoOptions = {}): Promise<DatasetSource> {
  const paths = (await tree.list()).map((f) => f.path);
  const subsets = findSubsets(paths, (rel) => isGtFile(rel) && isAnnotationFile(rel));
  if (subsets.length === 0)
    throw new DatasetError('bad-layout', 'no <subset>/gt_<image>.txt found', { file: tree.name });
  const items: DatasetItem[] = [];
  for (const subset of subsets) {
    const rel = filesOf(paths, subset);
    const images = imagesOf(rel, subset);
    const byId = new Map<string, DatasetItem>();
    for (const r of rel.filter(isAnnotationFile)) {
      const id = itemIdOf(r);
      let item = byId.get(id);
      if (!item) {
        const image = images.get(id);
        item = {
          id,
          subset: subset.name,
          media: imageMedia(tree, image, image !== undefined),
          annotations: [],
          attributes: {},
        };
        byId.set(id, item);
      }
      const file = joinPath(subset.dir, r);
      const lines = splitLines(await readText(tree, file));
      for (let i = 0; i < lines.length; i++) {
        try {
          const shape = parseLocalizationLine(lines[i], file, i + 1);
          if (shape) item.annotations.push(toAnnotation(shape));
        } catch (e) {
          readContext(options).skip(e);
        }
      }
    }
    items.push(...byId.values());
  }
  return {
    categories: { labels: [] },
    size: items.length,
    async *items() {
      let done = 0;
      for (const item of items) {
        await fillImageSize(tree, item.media);
        yield item;
        readContext(options).check();
        options.onProgress?.(++done, items.length);
      }
    },
  };
}

async function writeTextLocalization(source: DatasetSource, out: FileSink, options: IoOptions = {}) {
  const report = new ReportBuilder();
  for await (const item of source.items()) {
    report.items++;
    const dir = safeRelativePath(item.subset);
    const id = safeRelativePath(item.id);
    if (options.saveMedia) await saveImage(item, out, report);
    if (Object.keys(item.attributes).length > 0)
      report.drop('item attribute', Object.keys(item.attributes).length);
    const lines: string[] = [];
    // a word is one line: the box of a word that also has a polygon (same group) is not written again
    const outlined = new Set(
      item.annotations.filter((a) => a.type === 'polygon' && a.group !== undefined).map((a) => a.group),
    );
    for (const a of item.annotations) {
      if (a.type !== 'bbox' && a.type !== 'polygon') {
        report.drop(a.type);
        continue;
      }
      if (a.type === 'bbox' && a.group !== undefined && outlined.has(a.group)) {
        report.drop('bbox');
        report.warn('a word is one line: the box of a word that has a polygon is left out');
        continue;
      }
      if (a.label !== undefined) report.drop('label');
      const { text, ...others } = a.attributes;
      if (Object.keys(others).length > 0) report.drop('attribute', Object.keys(others).length);
      const t = text === undefined || text === '' ? undefined : String(text).replace(/[\r\n]+/g, ' ');
      if (a.type === 'bbox')
        lines.push(formatLocalizationLine({ kind: 'bbox', x: a.x, y: a.y, w: a.w, h: a.h, text: t }));
      else if (a.points.length >= 6 && a.points.length % 2 === 0) {
        lines.push(formatLocalizationLine({ kind: 'polygon', points: a.points, text: t }));
      } else {
        report.drop('polygon');
        report.warn('polygons of fewer than 3 points cannot be written');
      }
    }
    await out.write(
      joinPath(dir, dirname(id), `${GT_PREFIX}${basename(id)}.txt`),
      lines.map((l) => `${l}\n`).join(''),
    );
    readContext(options).check();
    options.onProgress?.(report.items, source.size);
  }
  return report.build();
}

export const icdarTextLocalization = defineFormat({
  id: 'icdar_text_localization',
  title: 'ICDAR text localization',
  extensions: ['.txt'],
  capabilities: {
    annotations: ['bbox', 'polygon'],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: false,
  },
  detect: detectTextLocalization,
  read: readTextLocalization,
  write: writeTextLocalization,
});
