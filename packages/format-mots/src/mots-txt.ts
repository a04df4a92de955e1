import {
  type Annotation,
  checkPixels,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  DEFAULT_SUBSET,
  defineFormat,
  type FileSink,
  type FileTree,
  type IoOptions,
  maskToRle,
  ReportBuilder,
  readContext,
  readText,
  rleMask,
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
import { IMAGE_EXTENSIONS, mediaExtension, saveMedia } from '@labelport/core/media';
import { labelOfClass, MAX_INSTANCES, MOTS_DEFAULT_LABELS, MOTS_IGNORE_CLASS } from './lib/mots-labels.js';
import { formatMotsTxtLine, type MotsTxtLine, parseMotsTxtLine } from './lib/mots-txt-lines.js';

const LINE = /^\s*\d+ \d+ \d+ \d+ \d+ \S+\s*$/;
const isImage = (p: string) => IMAGE_EXTENSIONS.includes(extname(p));

interface Sequence {
  name: string;
  file: string;
  /** Where its frames are: `<dir>/%06d.<ext>`. */
  imageDir: string;
}

/**
 * MOTS txt files: KITTI MOTS `instances_txt/<seq>.txt` (frames in `image_02/<seq>/`) and
 * MOTSChallenge `<seq>/gt/gt.txt` (frames in `<seq>/img1/`).
 */
function findSequences(paths: string[]): Sequence[] {
  const out: Sequence[] = [];
  for (const p of paths) {
    if (extname(p) !== '.txt') continue;
    if (basename(dirname(p)) === 'instances_txt') {
      const name = stripExtension(basename(p));
      out.push({ name, file: p, imageDir: joinPath(dirname(dirname(p)), 'image_02', name) });
    } else if (p === 'gt/gt.txt' || p.endsWith('/gt/gt.txt')) {
      const seqDir = dirname(dirname(p));
      out.push({
        name: seqDir === '' ? DEFAULT_SUBSET : basename(seqDir),
        file: p,
        imageDir: joinPath(seqDir, 'img1'),
      });
    }
  }
  return out;
}

async function readMotsTxt(tree: FileTree, options: IoOptions = {}): Promise<DatasetSource> {
  const paths = (await tree.list()).map((e) => e.path);
  const sequences = findSequences(paths);
  if (sequences.length === 0)
    throw new DatasetError('not-found', 'no instances_txt/*.txt or gt/gt.txt found', { file: tree.name });
  const labels = MOTS_DEFAULT_LABELS;
  const items: DatasetItem[] = [];
  for (const seq of sequences) {
    const images = new Map<number, string>();
    for (const p of paths) {
      if (!p.startsWith(`${seq.imageDir}/`) || !isImage(p)) continue;
      const stem = stripExtension(p.slice(seq.imageDir.length + 1));
      if (/^\d+$/.test(stem)) images.set(Number(stem), p);
    }
    const frames = new Map<number, DatasetItem>();
    const lines = splitLines(await readText(tree, seq.file));
    for (let i = 0; i < lines.length; i++) {
      if (lines[i].trim() === '') continue;
      let line: MotsTxtLine;
      let label: number | undefined;
      try {
        line = parseMotsTxtLine(lines[i], seq.file, i + 1);
        // the mask is decoded at the size the line declares: held to the caller's pixel limit
        const [height, width] = line.rle.size;
        checkPixels(width, height, { file: seq.file, place: `line ${i + 1}` }, readContext(options).limits);
        label = labelOfClass(line.classId, labels, true);
        if (label === undefined) {
          throw new DatasetError(
            'bad-value',
            `class ${line.classId} is not a MOTS class (1 car, 2 pedestrian, 10 ignore)`,
            {
              file: seq.file,
              place: `line ${i + 1}`,
            },
          );
        }
      } catch (e) {
        readContext(options).skip(e);
        continue;
      }
      let item = frames.get(line.frame);
      if (!item) {
        const path = images.get(line.frame);
        item = {
          id: String(line.frame),
          subset: seq.name,
          annotations: [],
          attributes: {},
          media: {
            kind: 'image',
            frame: line.frame,
            width: line.rle.size[1],
            height: line.rle.size[0],
            ...(path ? { path, bytes: () => tree.read(path) } : {}),
          },
        };
        frames.set(line.frame, item);
      }
      const mask: Annotation = {
        type: 'mask',
        mask: rleMask(line.rle),
        label,
        objectId: line.id % MAX_INSTANCES,
        attributes: {},
      };
      if (line.classId === MOTS_IGNORE_CLASS) mask.zOrder = 1;
      item.annotations.push(mask);
    }
    // Frames with an image but no object are items too.
    for (const [frame, path] of images) {
      if (frames.has(frame)) continue;
      frames.set(frame, {
        id: String(frame),
        subset: seq.name,
        annotations: [],
        attributes: {},
        media: { kind: 'image', frame, path, bytes: () => tree.read(path) },
      });
    }
    items.push(...[...frames.values()].sort((a, b) => Number(a.id) - Number(b.id)));
  }
  return {
    categories: { labels: labels.map((name) => ({ name })) },
    size: items.length,
    async *items() {
      let done = 0;
      for (const item of items) {
        readContext(options).check();
        yield item;
        options.onProgress?.(++done, items.length);
      }
    },
  };
}

const CLASS_BY_NAME: Record<string, number> = { car: 1, pedestrian: 2, ignored: MOTS_IGNORE_CLASS };

async function writeMotsTxt(source: DatasetSource, out: FileSink, options: IoOptions = {}) {
  const report = new ReportBuilder();
  const labelNames = source.categories.labels.map((l) => l.name);
  const sequences = new Map<string, { entry: MotsTxtLine; objectId?: number }[]>();
  let order = 0;
  for await (const item of source.items()) {
    readContext(options).check();
    report.items++;
    order++;
    const seq = safeRelativePath(item.subset).replace(/\//g, '_');
    let entries = sequences.get(seq);
    if (!entries) {
      entries = [];
      sequences.set(seq, entries);
    }
    const frame = /^\d+$/.test(item.id) ? Number(item.id) : (item.media?.frame ?? order);
    if (Object.keys(item.attributes).length > 0)
      report.drop('item attribute', Object.keys(item.attributes).length);
    const before = entries.length;
    for (const a of item.annotations) {
      if (a.type !== 'mask') {
        report.drop(a.type);
        continue;
      }
      const classId = a.label === undefined ? undefined : CLASS_BY_NAME[labelNames[a.label]];
      if (classId === undefined) {
        report.drop('mask without a MOTS class');
        report.warn(
          'MOTS txt holds only the classes car, pedestrian and ignored; masks of other labels were dropped',
        );
        continue;
      }
      if (Object.keys(a.attributes).length > 0) report.drop('attribute', Object.keys(a.attributes).length);
      entries.push({ entry: { frame, id: 0, classId, rle: await maskToRle(a.mask) }, objectId: a.objectId });
    }
    // Frames are KITTI MOTS's `image_02/<seq>/<frame, 6 digits>.<ext>`, where the reader finds them.
    const image = joinPath(
      'image_02',
      seq,
      `${String(frame).padStart(6, '0')}${mediaExtension(item, '.png')}`,
    );
    const imageWritten = options.saveMedia ? await saveMedia(item, out, image, report) : false;
    // A frame with no mask and no image leaves no trace in MOTS txt.
    if (entries.length === before && !imageWritten) report.drop('item');
    options.onProgress?.(report.items, source.size);
  }
  for (const [seq, entries] of sequences) {
    assignInstanceIds(entries, report);
    entries.sort((a, b) => a.entry.frame - b.entry.frame || a.entry.id - b.entry.id);
    await out.write(
      `instances_txt/${seq}.txt`,
      entries.map((e) => `${formatMotsTxtLine(e.entry)}\n`).join(''),
    );
  }
  return report.build();
}

/**
 * The id of a line is `class * 1000 + instance`; instances are 0..999 (the ignore region is 10000).
 * Track ids that fit are kept; others get the lowest free instance number of their class, the same
 * one in every frame.
 */
function assignInstanceIds(entries: { entry: MotsTxtLine; objectId?: number }[], report: ReportBuilder) {
  const fits = (t?: number) => t !== undefined && Number.isInteger(t) && t >= 0 && t < MAX_INSTANCES;
  const used = new Set<number>();
  for (const e of entries)
    if (fits(e.objectId)) used.add(e.entry.classId * MAX_INSTANCES + (e.objectId as number));
  const remap = new Map<string, number>();
  let remapped = 0;
  for (const e of entries) {
    const c = e.entry.classId;
    if (c === MOTS_IGNORE_CLASS) {
      e.entry.id = c * MAX_INSTANCES;
      continue;
    }
    if (fits(e.objectId)) {
      e.entry.id = c * MAX_INSTANCES + (e.objectId as number);
      continue;
    }
    const key = `${c}:${e.objectId}`;
    let id = remap.get(key);
    if (id === undefined) {
      let t = 1;
      while (used.has(c * MAX_INSTANCES + t)) t++;
      id = c * MAX_INSTANCES + t;
      used.add(id);
      remap.set(key, id);
    }
    e.entry.id = id;
    remapped++;
  }
  if (remapped > 0) report.warn(`${remapped} masks had no track id in 0..999 and got a new instance id`);
}

export const motsTxt = defineFormat({
  id: 'mots_txt',
  title: 'MOTS (txt, RLE per line)',
  extensions: ['.txt'],
  capabilities: {
    annotations: ['mask'],
    media: ['image'],
    tracks: true,
    attributes: false,
    subsets: true,
    streaming: false,
  },
  async detect(ctx) {
    const files = findSequences(ctx.files.map((f) => f.path));
    if (files.length === 0) ctx.reject('no instances_txt/*.txt or gt/gt.txt');
    const head = splitLines(await ctx.readHead(files[0].file, 1024))[0] ?? '';
    if (!LINE.test(head))
      ctx.reject(`${files[0].file} does not start with a 'time id class height width rle' line`);
    // KITTI MOTS: the folder that holds instances_txt/ (and image_02/); MOTSChallenge: the top.
    const parents = files.map((s) => dirname(dirname(s.file)));
    const isChallenge = files[0].file.endsWith('gt/gt.txt');
    return { confidence: 1, root: !isChallenge && parents.every((p) => p === parents[0]) ? parents[0] : '' };
  },
  read: readMotsTxt,
  write: writeMotsTxt,
});
