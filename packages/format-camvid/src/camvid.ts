import type { OptionValues } from '@labelport/core';
import {
  type Annotation,
  allocatePixels,
  type BinaryMask,
  bitmapMask,
  type Categories,
  checkPixels,
  DatasetError,
  type DatasetItem,
  type DetectContext,
  defineFormat,
  type FileTree,
  type IoOptions,
  loadMask,
  maskSize,
  ReportBuilder,
  readContext,
  readText,
  wrapError,
} from '@labelport/core';
import { safeRelativePath, splitLines, stripExtension } from '@labelport/core/files';
import {
  decodeRle,
  rasterizePolygon,
  renderIndexMask,
  splitIndexMask,
  vocColormap,
} from '@labelport/core/geometry';
import { mediaExtension, readImageSize, saveMedia } from '@labelport/core/media';
import {
  DATASET_META_FILE,
  formatDatasetMeta,
  formatLabelColors,
  parseLabelColors,
  type Rgb,
  readDatasetMeta,
} from '@labelport/core/meta';
import { decodePng, encodePng, pngToRgbInts } from '@labelport/core/png';
import { BACKGROUND, CAMVID_LABELS, camvidCategories } from './lib/camvid-labelmap.js';
import { camvidWriteOptions } from './options.js';

/** Datumaro reads and writes `label_colors.txt`; CVAT's documentation calls it `labelmap.txt`. */
const LABEL_MAP_FILES = ['label_colors.txt', 'labelmap.txt'];
const MASK_DIR_SUFFIX = 'annot';

export type CamvidWriteOptions = OptionValues<typeof camvidWriteOptions>;

/** One line of a list: `<image> [<mask>]`, both quoted when they have spaces. */
function parseListLine(
  line: string,
  where: { file: string; place: string },
): { image: string; mask?: string } {
  const quoted = line.trim().split('"');
  let parts: string[];
  if (quoted.length > 1) {
    if (quoted.length !== 5) throw new DatasetError('bad-line', 'unexpected number of quotes', where);
    parts = [quoted[1]!, quoted[3]!];
  } else parts = line.trim().split(/\s+/);
  const clean = (p: string) => safeRelativePath(p.replace(/^\/+/, ''), where);
  return { image: clean(parts[0]!), mask: parts[1] ? clean(parts[1]) : undefined };
}

/**
 * A listed path as found in the tree: as written, else without its leading folders (lists written
 * with absolute paths, such as SegNet's `/SegNet/CamVid/train/x.png`).
 */
function resolveListed(path: string, has: (p: string) => boolean): string {
  if (has(path)) return path;
  const parts = path.split('/');
  for (let k = 1; k < parts.length - 1; k++) {
    const candidate = parts.slice(k).join('/');
    if (has(candidate)) return candidate;
  }
  return path;
}

const isListFile = (name: string) =>
  name.endsWith('.txt') && !name.includes('/') && !LABEL_MAP_FILES.includes(name);

async function detectCamvid(ctx: DetectContext) {
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

async function readLabelMap(tree: FileTree, paths: Set<string>, options: IoOptions) {
  if (paths.has(DATASET_META_FILE)) return readDatasetMeta(tree, DATASET_META_FILE);
  for (const f of LABEL_MAP_FILES)
    if (paths.has(f)) return new Map(parseLabelColors(await readText(tree, f), f));
  options.onWarning?.('no label map: the CamVid classes and colours are used');
  return new Map<string, Rgb | undefined>(CAMVID_LABELS);
}

/** The masks of one colour PNG: one per label present (the added background's excluded). */
async function readMasks(
  tree: FileTree,
  path: string,
  byColor: Map<number, number>,
  fromMap: Set<number>,
  labelCount: number,
  options: IoOptions,
): Promise<Annotation[]> {
  const png = decodePng(await tree.read(path), { limits: readContext(options).limits });
  const n = png.width * png.height;
  let values: Uint32Array | Uint8Array | Uint16Array;
  if (png.colorType === 'gray' || png.colorType === 'gray-alpha') {
    // A one-channel mask holds label indices (Datumaro writes it so without the colour map).
    values = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const v = png.data[i * png.channels]!;
      if (v >= labelCount) {
        const err = new DatasetError(
          'unknown-label',
          `index ${v} at pixel ${i % png.width},${Math.floor(i / png.width)} is not a label (${labelCount} known)`,
          {
            file: path,
          },
        );
        if (!options.lenient) throw err;
        options.onWarning?.(`${err.message}; its pixels are left out`);
        values[i] = 0xffffffff;
      } else values[i] = v;
    }
  } else {
    const rgb = pngToRgbInts(png);
    values = new Uint32Array(n);
    // Masks are runs of one colour: the last colour's label is kept at hand.
    let lastColor = -1;
    let lastLabel: number | undefined;
    const unknown = new Set<number>();
    for (let i = 0; i < n; i++) {
      const c = rgb[i]!;
      const label = c === lastColor ? lastLabel : byColor.get(c);
      lastColor = c;
      lastLabel = label;
      if (label === undefined) {
        if (!unknown.has(c)) {
          unknown.add(c);
          const color = `${c >> 16} ${(c >> 8) & 255} ${c & 255}`;
          const err = new DatasetError(
            'bad-image',
            `colour (${color}) at pixel ${i % png.width},${Math.floor(i / png.width)} is not in the label map`,
            { file: path },
          );
          if (!options.lenient) throw err;
          options.onWarning?.(`${err.message}; its pixels are left out`);
        }
        values[i] = 0xffffffff;
      } else values[i] = label;
    }
  }
  const masks = splitIndexMask(values, png.width, png.height, { ignore: [0xffffffff] });
  const out: Annotation[] = [];
  for (const [label, bitmap] of [...masks].sort((a, b) => a[0] - b[0])) {
    if (fromMap.has(label)) out.push({ type: 'mask', label, mask: bitmapMask(bitmap), attributes: {} });
  }
  return out;
}

async function readCamvid(tree: FileTree, options: IoOptions = {}) {
  const all = (await tree.list()).map((f) => f.path);
  const paths = new Set(all);
  const lists = all.filter(isListFile);
  if (lists.length === 0) throw new DatasetError('bad-layout', 'no <subset>.txt list', { file: tree.name });
  const { categories, fromMap } = camvidCategories(await readLabelMap(tree, paths, options));
  const byColor = new Map<number, number>();
  for (const [i, [r, g, b]] of categories.colors!)
    if (!byColor.has((r << 16) | (g << 8) | b)) byColor.set((r << 16) | (g << 8) | b, i);
  // Lists that do not parse as `image mask` lines are not lists (a README, say).
  const entries: { subset: string; id: string; image: string; mask?: string; list: string; line: number }[] =
    [];
  for (const list of lists) {
    const subset = stripExtension(list);
    const lines = splitLines(await readText(tree, list));
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      const where = { file: list, place: `line ${i + 1}` };
      try {
        const listed = parseListLine(line, where);
        const has = (p: string) => paths.has(p);
        const image = resolveListed(listed.image, has);
        const mask = listed.mask === undefined ? undefined : resolveListed(listed.mask, has);
        const id = stripExtension(image.split('/').slice(1).join('/') || image);
        entries.push({ subset, id, image, mask, list, line: i + 1 });
      } catch (e) {
        readContext(options).skip(e);
      }
    });
  }

  return {
    categories,
    size: entries.length,
    async *items(): AsyncIterable<DatasetItem> {
      let done = 0;
      for (const e of entries) {
        let annotations: Annotation[] = [];
        if (e.mask !== undefined) {
          if (!paths.has(e.mask)) {
            const err = new DatasetError('not-found', `mask '${e.mask}' not found`, {
              file: e.list,
              place: `line ${e.line}`,
            });
            if (!options.lenient) throw err;
            options.onWarning?.(err.message);
          } else {
            try {
              annotations = await readMasks(
                tree,
                e.mask,
                byColor,
                fromMap,
                categories.labels.length,
                options,
              );
            } catch (err) {
              const wrapped = wrapError(err, e.mask);
              if (!options.lenient) throw wrapped;
              options.onWarning?.(`${wrapped.message}; the item has no masks`);
            }
          }
        }
        const present = paths.has(e.image);
        const size = present ? await readImageSize(tree, e.image) : undefined;
        yield {
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
        options.onProgress?.(++done, entries.length);
      }
    },
  };
}

/** The label map to write: the source's colours, generated ones where missing, and a (0, 0, 0) label first. */
function outputLabelMap(categories: Categories) {
  const labels = categories.labels.map((l, i) => ({ name: l.name, color: categories.colors?.get(i) }));
  const isBlack = (c?: Rgb) => c !== undefined && c[0] === 0 && c[1] === 0 && c[2] === 0;
  let bg = labels.findIndex((l) => isBlack(l.color));
  if (bg < 0) bg = labels.findIndex((l) => l.name === BACKGROUND && l.color === undefined);
  const added = bg < 0;
  const order = labels.map((_, i) => i);
  if (!added) {
    order.splice(bg, 1);
    order.unshift(bg);
  }
  const entries: { name: string; color: Rgb; source?: number }[] = [];
  if (added) entries.push({ name: BACKGROUND, color: [0, 0, 0] });
  const used = new Set<number>([0]);
  for (const i of order) {
    const c = labels[i]!.color;
    if (c && !(isBlack(c) && i !== bg)) used.add((c[0] << 16) | (c[1] << 8) | c[2]);
  }
  const palette = vocColormap(256);
  let next = 1;
  for (const i of order) {
    let color = labels[i]!.color;
    if (i === bg) color = [0, 0, 0];
    else if (!color || isBlack(color)) {
      while (next < 256 && used.has((palette[next]![0] << 16) | (palette[next]![1] << 8) | palette[next]![2]))
        next++;
      color = palette[Math.min(next, 255)]!;
      used.add((color[0] << 16) | (color[1] << 8) | color[2]);
    }
    entries.push({ name: labels[i]!.name, color, source: i });
  }
  const indexOf = new Map<number, number>();
  entries.forEach((e, i) => {
    if (e.source !== undefined) indexOf.set(e.source, i);
  });
  return { entries, indexOf, added };
}

const quoteIfSpaced = (a: string, b: string) =>
  /\s/.test(a) || /\s/.test(b) ? `"${a}" "${b}"` : `${a} ${b}`;

export const camvid = defineFormat<object, CamvidWriteOptions>({
  id: 'camvid',
  title: 'CamVid',
  extensions: ['.txt'],
  options: { write: camvidWriteOptions },
  capabilities: {
    annotations: ['mask'],
    converts: { polygon: 'mask' },
    media: ['image'],
    tracks: false,
    attributes: false,
    subsets: true,
    streaming: true,
  },
  detect: detectCamvid,
  read: readCamvid,
  async write(source, out, options = {}) {
    const report = new ReportBuilder();
    const applyColormap = options.applyColormap ?? true;
    const { entries, indexOf, added } = outputLabelMap(source.categories);
    if (added)
      report.warn(`no label has colour (0, 0, 0): a '${BACKGROUND}' label is added for unpainted pixels`);
    const lists = new Map<string, string[]>();
    let done = 0;
    for await (const item of source.items()) {
      report.items++;
      report.drop('item attribute', Object.keys(item.attributes).length);
      const imagePath = `${item.subset}/${item.id}${mediaExtension(item, '.jpg')}`;
      if (options.saveMedia) await saveMedia(item, out, imagePath, report);
      const shapes = item.annotations.filter((a) => {
        if (a.type !== 'mask' && a.type !== 'polygon') {
          report.drop(a.type);
          return false;
        }
        report.drop('attribute', Object.keys(a.attributes).length);
        if (a.label === undefined || !indexOf.has(a.label)) {
          report.drop(a.type);
          report.warn('a mask without a label cannot be painted and is dropped');
          return false;
        }
        return true;
      });
      let maskPath = '';
      if (shapes.length > 0) {
        const bitmaps: { s: Annotation; m: BinaryMask }[] = [];
        let width = item.media?.width;
        let height = item.media?.height;
        const { limits } = readContext(options);
        for (const s of shapes) {
          if (s.type !== 'mask') continue;
          // Held to the caller's pixel limit before loading (an RLE is decoded at its size).
          const size = maskSize(s.mask);
          if (size) checkPixels(size.width, size.height, `item '${item.id}'`, limits);
          bitmaps.push({ s, m: await loadMask(s.mask) });
        }
        width ??= bitmaps[0]?.m.width;
        height ??= bitmaps[0]?.m.height;
        if (width === undefined || height === undefined) {
          for (const s of shapes) report.drop(s.type);
          report.warn(`item '${item.id}': polygons without an image size cannot be painted and are dropped`);
        } else {
          checkPixels(width, height, `item '${item.id}'`, limits); // painted at this size
          const layers = [];
          const ordered = [...shapes].sort((a, b) => (a.zOrder ?? 0) - (b.zOrder ?? 0));
          for (const s of ordered) {
            const mask: BinaryMask =
              s.type === 'polygon'
                ? decodeRle(rasterizePolygon(s.points, height, width))
                : bitmaps.find((b) => b.s === s)!.m;
            if (s.type === 'polygon') report.convert('polygon', 'mask');
            if (mask.width !== width || mask.height !== height) {
              throw new DatasetError(
                'bad-image',
                `item '${item.id}': a mask is ${mask.width}x${mask.height}, the image ${width}x${height}`,
              );
            }
            layers.push({ mask, value: indexOf.get(s.label!)! });
          }
          const distinct = new Set(layers.map((l) => l.value)).size;
          if (distinct < layers.length) {
            report.drop('mask', layers.length - distinct);
            report.warn('masks of one label are merged: CamVid masks are per class');
          }
          const wide = entries.length > 256;
          const index = renderIndexMask(width, height, layers, 0, wide ? Uint16Array : Uint8Array);
          let png: Uint8Array;
          if (applyColormap) {
            const rgb = allocatePixels(width, height, `item '${item.id}'`, { channels: 3, limits });
            for (let i = 0; i < index.length; i++) {
              const c = entries[index[i]!]!.color;
              rgb[i * 3] = c[0];
              rgb[i * 3 + 1] = c[1];
              rgb[i * 3 + 2] = c[2];
            }
            png = encodePng({ width, height, colorType: 'rgb', data: rgb });
          } else {
            png = encodePng({
              width,
              height,
              colorType: 'gray',
              bitDepth: wide ? 16 : 8,
              data: index as Uint8Array | Uint16Array,
            });
          }
          maskPath = `${item.subset}${MASK_DIR_SUFFIX}/${item.id}.png`;
          await out.write(maskPath, png);
        }
      }
      const lines = lists.get(item.subset) ?? [];
      lists.set(item.subset, lines);
      lines.push(quoteIfSpaced(`/${imagePath}`, maskPath === '' ? '' : `/${maskPath}`));
      options.onProgress?.(++done, source.size);
    }
    for (const [subset, lines] of lists)
      await out.write(`${subset}.txt`, lines.map((l) => `${l}\n`).join(''));
    // Datumaro leaves out a background it added; reading adds it back.
    const written = entries.filter((e) => !(added && e.source === undefined));
    if (options.saveDatasetMeta) {
      const colors = new Map<number, Rgb>(entries.map((e, i) => [i, e.color]));
      await out.write(
        DATASET_META_FILE,
        formatDatasetMeta(
          entries.map((e) => e.name),
          colors,
        ),
      );
    } else {
      const text = formatLabelColors(
        written.map((e) => [e.name, e.color]),
        report,
      );
      await out.write(LABEL_MAP_FILES[0]!, text);
    }
    return report.build();
  },
});
