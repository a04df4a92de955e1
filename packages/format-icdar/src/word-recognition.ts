import {
  type Annotation,
  type CaptionAnnotation,
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
import { joinPath, safeRelativePath, splitLines, stripExtension } from '@labelport/core/files';
import { findSubsets, IMAGES_DIR, isImage, rootAbove } from './lib/icdar-layout.js';
import { fillImageSize, imageFileName, imageMedia, saveImage } from './lib/image-media.js';

const GT_FILE = 'gt.txt';

/**
 * One line of gt.txt: `word_1.png, "PROPER"`. The caption is between the outer quotes; backslashes
 * are dropped, as Datumaro does (ICDAR escapes quotes as \"). A line with no caption names an image only.
 */
export function parseWordLine(line: string): { image: string; caption?: string } {
  const comma = line.indexOf(',');
  if (comma < 0) return { image: line.trim() };
  const image = line.slice(0, comma).trim();
  const rest = line.slice(comma + 1).trim();
  if (rest === '') return { image };
  if (rest.length >= 2 && rest.startsWith('"') && rest.endsWith('"')) {
    return { image, caption: rest.slice(1, -1).replace(/\\/g, '') };
  }
  return { image, caption: rest };
}

async function detectWordRecognition(ctx: DetectContext) {
  const files = ctx.files
    .map((f) => f.path)
    .filter((p) => (p === GT_FILE || p.endsWith(`/${GT_FILE}`)) && p.split('/').length <= 4)
    .sort((a, b) => a.split('/').length - b.split('/').length);
  if (files.length === 0) ctx.reject('no <subset>/gt.txt');
  for (const file of files) {
    const first = splitLines(await ctx.readHead(file, 1024)).find((l) => l.trim() !== '');
    if (first === undefined || !first.includes(',')) continue;
    if (isImage(parseWordLine(first).image)) return { confidence: 1, root: rootAbove(file) };
  }
  return ctx.reject('gt.txt does not list `image.png, "word"` lines');
}

async function readWordRecognition(tree: FileTree, options: IoOptions = {}): Promise<DatasetSource> {
  const paths = (await tree.list()).map((f) => f.path);
  const pathSet = new Set(paths);
  const subsets = findSubsets(paths, (p) => p === GT_FILE);
  if (subsets.length === 0)
    throw new DatasetError('bad-layout', 'no <subset>/gt.txt found', { file: tree.name });
  const items: DatasetItem[] = [];
  for (const subset of subsets) {
    const file = joinPath(subset.dir, GT_FILE);
    const lines = splitLines(await readText(tree, file));
    const byId = new Map<string, DatasetItem>();
    for (let i = 0; i < lines.length; i++) {
      if (lines[i].trim() === '') continue;
      let parsed: ReturnType<typeof parseWordLine>;
      try {
        parsed = parseWordLine(lines[i]);
        if (parsed.image === '')
          throw new DatasetError('bad-line', 'no image name before the comma', {
            file,
            place: `line ${i + 1}`,
          });
        parsed.image = safeRelativePath(parsed.image, { file, place: `line ${i + 1}` });
      } catch (e) {
        readContext(options).skip(e);
        continue;
      }
      const id = stripExtension(parsed.image);
      let item = byId.get(id);
      if (!item) {
        const path = joinPath(subset.dir, IMAGES_DIR, parsed.image);
        item = {
          id,
          subset: subset.name,
          media: imageMedia(tree, path, pathSet.has(path)),
          annotations: [],
          attributes: {},
        };
        byId.set(id, item);
      }
      if (parsed.caption !== undefined)
        item.annotations.push({ type: 'caption', caption: parsed.caption, attributes: {} });
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

async function writeWordRecognition(source: DatasetSource, out: FileSink, options: IoOptions = {}) {
  const report = new ReportBuilder();
  const files = new Map<string, string[]>();
  for await (const item of source.items()) {
    report.items++;
    const dir = safeRelativePath(item.subset);
    const image = imageFileName(item);
    if (options.saveMedia) await saveImage(item, out, report);
    const lines = files.get(dir) ?? [];
    files.set(dir, lines);
    // a caption that is not a string (from an application, or a JSON file) has no text to write
    const isText = (a: Annotation): a is CaptionAnnotation =>
      a.type === 'caption' && typeof a.caption === 'string';
    const captions = item.annotations.filter(isText);
    for (const a of item.annotations) {
      if (a.type !== 'caption') report.drop(a.type);
      else if (!isText(a)) report.drop('caption that is not text');
    }
    if (Object.keys(item.attributes).length > 0)
      report.drop('item attribute', Object.keys(item.attributes).length);
    if (captions.length === 0) lines.push(`${image}, `);
    for (const c of captions) {
      if (c.label !== undefined) report.drop('label');
      if (Object.keys(c.attributes).length > 0) report.drop('attribute', Object.keys(c.attributes).length);
      let text = c.caption;
      if (/[\r\n]/.test(text)) {
        text = text.replace(/\r?\n|\r/g, ' ');
        report.warn('line breaks in captions were written as spaces');
      }
      if (text.includes('\\')) report.warn('backslashes in captions are dropped when gt.txt is read');
      lines.push(`${image}, "${text}"`);
    }
    readContext(options).check();
    options.onProgress?.(report.items, source.size);
  }
  for (const [dir, lines] of files)
    await out.write(joinPath(dir, GT_FILE), lines.map((l) => `${l}\n`).join(''));
  return report.build();
}

export const icdarWordRecognition = defineFormat({
  id: 'icdar_word_recognition',
  title: 'ICDAR word recognition',
  extensions: ['.txt'],
  capabilities: {
    annotations: ['caption'],
    media: ['image'],
    tracks: false,
    attributes: false,
    subsets: true,
    streaming: false,
  },
  detect: detectWordRecognition,
  read: readWordRecognition,
  write: writeWordRecognition,
});
