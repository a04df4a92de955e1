import {
  type Annotation,
  bitmapMask,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  type FileTree,
  isDatasetError,
  type ReadContext,
  type ReadOptions,
  readContext,
  readerSource,
  readText,
} from '@labelport/core';
import { splitLines, stripExtension } from '@labelport/core/files';
import { splitIndexMask } from '@labelport/core/geometry';
import { readImageSize } from '@labelport/core/media';
import { type DecodedPng, decodePng, pngToRgbInts } from '@labelport/core/png';
import { camvidCategories, readLabelMap } from './lib/camvid-labelmap.js';
import { isListFile, LABEL_MAP_FILES, parseListLine, resolveListed } from './lib/camvid-list.js';

/** A pixel whose label is unknown (skipped under the annotation policy): no mask. */
const UNKNOWN = 0xffffffff;

export async function detectCamvid(ctx: DetectContext) {
  const depth = (p: string) => p.split('/').length;
  const lists = ctx
    .glob('**/*.txt')
    .filter((p) => depth(p) <= 3 && !LABEL_MAP_FILES.includes(p.slice(p.lastIndexOf('/') + 1)));
  lists.sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : 1));
  for (const list of lists) {
    const root = list.includes('/') ? list.slice(0, list.lastIndexOf('/')) : '';
    const prefix = root === '' ? '' : `${root}/`;
    const head = await ctx.readHead(list, 2048);
    for (const line of head.split(/\r?\n/).slice(0, 5)) {
      if (line.trim() === '') continue;
      try {
        const { mask } = parseListLine(line, { file: list, place: '' });
        if (mask && ctx.has(`${prefix}${resolveListed(mask, (p) => ctx.has(`${prefix}${p}`))}`))
          return { confidence: 1, root };
      } catch {
        break;
      }
    }
  }
  return ctx.reject('no <subset>.txt listing an image and a mask that exists');
}

interface Entry {
  subset: string;
  id: string;
  image: string;
  mask?: string;
  list: string;
  line: number;
}

/** How a mask's pixels are read: colour -> label, the labels of the map, their number. */
interface MaskReading {
  ctx: ReadContext;
  byColor: Map<number, number>;
  fromMap: Set<number>;
  labelCount: number;
}

/** The items the lists name; lines that do not parse are skipped under the annotation policy. */
async function listEntries(tree: FileTree, lists: string[], paths: Set<string>, ctx: ReadContext) {
  const entries: Entry[] = [];
  const has = (p: string) => paths.has(p);
  for (const list of lists) {
    const subset = stripExtension(list);
    splitLines(await readText(tree, list)).forEach((line, i) => {
      if (line.trim() === '') return;
      const where = { file: list, place: `line ${i + 1}` };
      try {
        const listed = parseListLine(line, where);
        const image = resolveListed(listed.image, has);
        const mask = listed.mask === undefined ? undefined : resolveListed(listed.mask, has);
        const id = stripExtension(image.split('/').slice(1).join('/') || image);
        entries.push({ subset, id, image, mask, list, line: i + 1 });
      } catch (e) {
        ctx.skip(e);
      }
    });
  }
  return entries;
}

export async function readCamvid(tree: FileTree, options: ReadOptions = {}): Promise<DatasetSource> {
  const ctx = readContext(options);
  const all = (await tree.list()).map((f) => f.path);
  const paths = new Set(all);
  const lists = all.filter(isListFile);
  if (lists.length === 0) throw new DatasetError('bad-layout', 'no <subset>.txt list', { file: tree.name });
  const { categories, fromMap } = camvidCategories(await readLabelMap(tree, paths, ctx));
  const byColor = new Map<number, number>();
  for (const [i, [r, g, b]] of categories.colors!)
    if (!byColor.has((r << 16) | (g << 8) | b)) byColor.set((r << 16) | (g << 8) | b, i);
  const reading: MaskReading = { ctx, byColor, fromMap, labelCount: categories.labels.length };
  return readerSource(options, {
    categories,
    entries: await listEntries(tree, lists, paths, ctx),
    where: (e) => ({ file: e.list, place: `line ${e.line}` }),
    make: (e) => makeItem(tree, e, paths, reading),
  });
}

async function makeItem(tree: FileTree, e: Entry, paths: Set<string>, r: MaskReading): Promise<DatasetItem> {
  let annotations: Annotation[] = [];
  const mask = e.mask;
  if (mask !== undefined && !paths.has(mask)) {
    const where = { file: e.list, place: `line ${e.line}` };
    r.ctx.skip(new DatasetError('not-found', `mask '${mask}' not found`, where));
  } else if (mask !== undefined) {
    annotations = (await r.ctx.attemptAsync(() => readMasks(tree, mask, r), mask)) ?? [];
  }
  const present = paths.has(e.image);
  const size = present ? await readImageSize(tree, e.image) : undefined;
  return {
    id: e.id,
    subset: e.subset,
    media: {
      kind: 'image',
      path: e.image,
      width: size?.width,
      height: size?.height,
      bytes: present ? () => tree.read(e.image) : undefined,
    },
    annotations,
    attributes: {},
  };
}

/** The masks of one mask PNG: one per label present (an added background's excluded). */
async function readMasks(tree: FileTree, path: string, r: MaskReading): Promise<Annotation[]> {
  let png: DecodedPng;
  try {
    png = decodePng(await tree.read(path), { limits: r.ctx.limits });
  } catch (e) {
    throw isDatasetError(e) ? (e as DatasetError).withLocation(path) : e;
  }
  // A one-channel mask holds label indices (Datumaro writes it so without the colour map).
  const gray = png.colorType === 'gray' || png.colorType === 'gray-alpha';
  const values = gray ? indexValues(png, path, r) : colorValues(png, path, r);
  const masks = splitIndexMask(values, png.width, png.height, { ignore: [UNKNOWN] });
  const out: Annotation[] = [];
  for (const [label, bitmap] of [...masks].sort((a, b) => a[0] - b[0])) {
    if (r.fromMap.has(label)) out.push({ type: 'mask', label, mask: bitmapMask(bitmap), attributes: {} });
  }
  return out;
}

const at = (i: number, width: number) => `${i % width},${Math.floor(i / width)}`;

/** The label of each pixel of a gray mask; an index past the labels is skipped once (its pixels left out). */
function indexValues(png: DecodedPng, path: string, r: MaskReading): Uint32Array {
  const n = png.width * png.height;
  const values = new Uint32Array(n);
  const unknown = new Set<number>();
  for (let i = 0; i < n; i++) {
    const v = png.data[i * png.channels]!;
    if (v < r.labelCount) {
      values[i] = v;
      continue;
    }
    values[i] = UNKNOWN;
    if (unknown.has(v)) continue;
    unknown.add(v);
    const why = `index ${v} at pixel ${at(i, png.width)} is not a label (${r.labelCount} known)`;
    r.ctx.skip(new DatasetError('unknown-label', why, { file: path }));
  }
  return values;
}

/** The label of each pixel of a colour mask; a colour not in the map is skipped once (its pixels left out). */
function colorValues(png: DecodedPng, path: string, r: MaskReading): Uint32Array {
  const rgb = pngToRgbInts(png);
  const n = png.width * png.height;
  const values = new Uint32Array(n);
  // Masks are runs of one colour: the last colour's label is kept at hand.
  let lastColor = -1;
  let lastLabel: number | undefined;
  const unknown = new Set<number>();
  for (let i = 0; i < n; i++) {
    const c = rgb[i]!;
    const label = c === lastColor ? lastLabel : r.byColor.get(c);
    lastColor = c;
    lastLabel = label;
    if (label !== undefined) {
      values[i] = label;
      continue;
    }
    values[i] = UNKNOWN;
    if (unknown.has(c)) continue;
    unknown.add(c);
    const why = `colour (${c >> 16} ${(c >> 8) & 255} ${c & 255}) at pixel ${at(i, png.width)} is not in the label map`;
    r.ctx.skip(new DatasetError('bad-image', why, { file: path }));
  }
  return values;
}
