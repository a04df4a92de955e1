import {
  allocatePixels,
  type BinaryMask,
  bitmapMask,
  checkPixels,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  defineFormat,
  type FileSink,
  type FileTree,
  type IoOptions,
  loadMask,
  type MaskAnnotation,
  maskSize,
  ReportBuilder,
  readContext,
  readText,
} from '@labelport/core';
import { joinPath, safeRelativePath, splitLines } from '@labelport/core/files';
import { maskBbox, splitIndexMask, vocColormap } from '@labelport/core/geometry';
import { encodeBmp24 } from './lib/bmp.js';
import { decodeColorMask, rgbInt } from './lib/color-mask.js';
import { filesOf, findSubsets, IMAGES_DIR, imagesOf } from './lib/icdar-layout.js';
import { fillImageSize, imageMedia, saveImage } from './lib/image-media.js';
import {
  formatSegmentationGt,
  type GtChar,
  type GtLine,
  parseSegmentationGt,
} from './lib/segmentation-gt.js';

const GT_SUFFIX = '_GT';
const isGtText = (rel: string) => rel.endsWith(`${GT_SUFFIX}.txt`) && !rel.startsWith(`${IMAGES_DIR}/`);
const WHITE = 0xffffff;
const KNOWN_ATTRIBUTES = new Set(['index', 'color', 'text', 'center']);

async function detectTextSegmentation(ctx: DetectContext) {
  const pairs = ctx.files
    .map((f) => f.path)
    .filter(
      (p) => p.endsWith(`${GT_SUFFIX}.txt`) && p.split('/').length <= 4 && ctx.has(`${p.slice(0, -4)}.bmp`),
    )
    .sort((a, b) => a.split('/').length - b.split('/').length);
  if (pairs.length === 0) ctx.reject('no <image>_GT.txt beside an <image>_GT.bmp');
  for (const file of pairs.slice(0, 5)) {
    const head = splitLines(await ctx.readHead(file, 1024));
    // Only the lines read whole: the last one may be cut by the head.
    try {
      parseSegmentationGt(head.slice(0, Math.max(1, head.length - 1)).join('\n'), file);
    } catch {
      continue;
    }
    const parts = file.split('/');
    return { confidence: 1, root: parts.length <= 2 ? '' : parts.slice(0, -2).join('/') };
  }
  return ctx.reject('the _GT.txt files do not hold `R G B cy cx x1 y1 x2 y2 "c"` lines');
}

interface PendingItem {
  item: DatasetItem;
  chars: GtChar[];
  maskFile?: string;
}

/** The masks of one item: one per character whose colour is in the image, as Datumaro makes them. */
async function loadCharacterMasks(
  tree: FileTree,
  p: PendingItem,
  options: IoOptions,
): Promise<MaskAnnotation[]> {
  if (!p.maskFile) return [];
  const file = p.maskFile;
  const { width, height, colors } = decodeColorMask(await tree.read(file), file, readContext(options).limits);
  // Colour -> index: 0 is the white background, then the characters in order (a later one wins).
  const indexOf = new Map<number, number>([[WHITE, 0]]);
  p.chars.forEach((c, i) => {
    indexOf.set(rgbInt(c.color), i + 1);
  });
  const indices = new Uint32Array(colors.length);
  for (let i = 0; i < colors.length; i++) {
    const index = indexOf.get(colors[i]);
    if (index === undefined) {
      const c = colors[i];
      const rgb = `${(c >> 16) & 255} ${(c >> 8) & 255} ${c & 255}`;
      const x = i % width;
      const y = Math.floor(i / width);
      const msg = `colour ${rgb} is not in the _GT.txt`;
      if (!options.lenient) throw new DatasetError('bad-image', msg, { file, place: `pixel (${x}, ${y})` });
      options.onWarning?.(`${file}: pixel (${x}, ${y}): ${msg}; taken as background`);
      indexOf.set(c, 0);
      continue;
    }
    indices[i] = index;
  }
  const masks = splitIndexMask(indices, width, height, { ignore: [0] });
  return [...masks.keys()]
    .sort((a, b) => a - b)
    .map((i) => {
      const c = p.chars[i - 1];
      const ann: MaskAnnotation = {
        type: 'mask',
        mask: bitmapMask(masks.get(i) as BinaryMask),
        attributes: { index: i - 1, color: c.color.join(' '), text: c.text, center: c.center },
      };
      if (c.group !== undefined) ann.group = c.group;
      return ann;
    });
}

async function readTextSegmentation(tree: FileTree, options: IoOptions = {}): Promise<DatasetSource> {
  const paths = (await tree.list()).map((f) => f.path);
  const pathSet = new Set(paths);
  const subsets = findSubsets(paths, isGtText);
  if (subsets.length === 0)
    throw new DatasetError('bad-layout', 'no <subset>/<image>_GT.txt found', { file: tree.name });
  const pending: PendingItem[] = [];
  for (const subset of subsets) {
    const rel = filesOf(paths, subset);
    const images = imagesOf(rel, subset);
    for (const r of rel.filter(isGtText)) {
      const id = r.slice(0, -`${GT_SUFFIX}.txt`.length);
      const file = joinPath(subset.dir, r);
      let chars: GtChar[];
      try {
        chars = parseSegmentationGt(await readText(tree, file), file);
      } catch (e) {
        readContext(options).skip(e);
        chars = [];
      }
      const image = images.get(id);
      const maskFile = joinPath(subset.dir, `${id}${GT_SUFFIX}.bmp`);
      pending.push({
        item: {
          id,
          subset: subset.name,
          media: imageMedia(tree, image, image !== undefined),
          annotations: [],
          attributes: {},
        },
        chars,
        maskFile: pathSet.has(maskFile) ? maskFile : undefined,
      });
    }
  }
  return {
    categories: { labels: [] },
    size: pending.length,
    async *items() {
      let done = 0;
      for (const p of pending) {
        await fillImageSize(tree, p.item.media);
        let annotations: MaskAnnotation[] = [];
        try {
          annotations = await loadCharacterMasks(tree, p, options);
        } catch (e) {
          readContext(options).skip(e);
        }
        yield { ...p.item, annotations };
        readContext(options).check();
        options.onProgress?.(++done, pending.length);
      }
    },
  };
}

function parseColor(v: unknown): [number, number, number] | undefined {
  if (typeof v !== 'string') return undefined;
  const parts = v.trim().split(/\s+/).map(Number);
  if (parts.length !== 3 || !parts.every((c) => Number.isInteger(c) && c >= 0 && c <= 255)) return undefined;
  return parts as [number, number, number];
}

/** Colours for characters that have none: Datumaro's (the VOC colour map from 1), skipping used ones. */
function* colorBank(): Generator<[number, number, number]> {
  for (let n = 256; ; n *= 16) {
    const map = vocColormap(Math.min(n, 1 << 24));
    for (let i = n === 256 ? 1 : n / 16; i < map.length; i++) yield map[i];
    if (n >= 1 << 24) return;
  }
}

async function writeTextSegmentation(source: DatasetSource, out: FileSink, options: IoOptions = {}) {
  const report = new ReportBuilder();
  const { limits } = readContext(options);
  for await (const item of source.items()) {
    report.items++;
    const dir = safeRelativePath(item.subset);
    const id = safeRelativePath(item.id);
    if (options.saveMedia) await saveImage(item, out, report);
    if (Object.keys(item.attributes).length > 0)
      report.drop('item attribute', Object.keys(item.attributes).length);
    const anns: MaskAnnotation[] = [];
    for (const a of item.annotations) {
      if (a.type === 'mask') anns.push(a);
      else report.drop(a.type);
    }
    const index = (a: MaskAnnotation) =>
      Number.isFinite(Number(a.attributes.index)) ? Number(a.attributes.index) : 0;
    anns.sort((a, b) => index(a) - index(b));

    const used = new Set<number>([WHITE]);
    const bank = colorBank();
    const chars: (GtLine & { mask: BinaryMask })[] = [];
    let size: { width: number; height: number } | undefined;
    for (const a of anns) {
      if (a.label !== undefined) report.drop('label');
      for (const k of Object.keys(a.attributes)) if (!KNOWN_ATTRIBUTES.has(k)) report.drop('attribute');
      const declared = maskSize(a.mask); // painted at its size: held to the caller's limit before loading
      if (declared) checkPixels(declared.width, declared.height, `item ${item.id}`, limits);
      const mask = await loadMask(a.mask);
      size ??= { width: mask.width, height: mask.height };
      if (mask.width !== size.width || mask.height !== size.height) {
        report.drop('mask');
        report.warn(
          `${item.id}: masks of different sizes; those not ${size.width}x${size.height} were left out`,
        );
        continue;
      }
      const [x, y, w, h] = maskBbox(mask);
      // An empty mask keeps its line (so the indexes after it stay), but no pixel: reported below.
      let color = parseColor(a.attributes.color);
      if (a.attributes.color !== undefined && !color)
        report.warn(`${item.id}: a mask colour '${a.attributes.color}' is not 'R G B'; a new one was chosen`);
      if (color && used.has(rgbInt(color))) {
        report.warn(
          `${item.id}: two masks had the colour ${color.join(' ')} (or white, the background); a new one was chosen`,
        );
        color = undefined;
      }
      while (!color || used.has(rgbInt(color))) {
        const next = bank.next();
        if (next.done) throw new DatasetError('too-large', `${item.id}: no colour left for its masks`);
        color = next.value;
      }
      used.add(rgbInt(color));
      const center =
        typeof a.attributes.center === 'string' && /^\S+\s+\S+$/.test(a.attributes.center.trim())
          ? a.attributes.center.trim().replace(/\s+/, ' ')
          : '- -';
      const text = a.attributes.text === undefined ? '' : String(a.attributes.text);
      if (/[\r\n"]/.test(text))
        report.warn(`${item.id}: character text with quotes or line breaks may not read back`);
      chars.push({
        color,
        center,
        box: w === 0 ? [0, 0, 0, 0] : [x, y, x + w - 1, y + h - 1],
        text,
        group: a.group,
        mask,
      });
    }
    await out.write(joinPath(dir, `${id}${GT_SUFFIX}.txt`), formatSegmentationGt(chars));
    if (chars.length > 0 && size) {
      const rgb = allocatePixels(size.width, size.height, `item ${item.id}`, { channels: 3, limits }).fill(
        255,
      );
      const painted = allocatePixels(size.width, size.height, `item ${item.id}`, { limits });
      let overlaps = false;
      for (const c of chars) {
        const d = c.mask.data;
        for (let i = 0; i < d.length; i++) {
          if (d[i]) {
            if (painted[i]) overlaps = true;
            painted[i] = 1;
            rgb[i * 3] = c.color[0];
            rgb[i * 3 + 1] = c.color[1];
            rgb[i * 3 + 2] = c.color[2];
          }
        }
      }
      if (overlaps)
        report.warn(`${item.id}: masks overlap; where they do, the later one (by index) keeps the pixel`);
      // An empty mask, or one wholly covered by later ones, leaves no pixel of its colour: it does not read back.
      const visible = new Set<number>();
      for (let i = 0; i < rgb.length; i += 3) visible.add((rgb[i] << 16) | (rgb[i + 1] << 8) | rgb[i + 2]);
      const hidden = chars.filter((c) => !visible.has(rgbInt(c.color))).length;
      if (hidden > 0) {
        report.drop('mask', hidden);
        report.warn(`${item.id}: empty masks, and masks wholly covered by others, are lost`);
      }
      await out.write(
        joinPath(dir, `${id}${GT_SUFFIX}.bmp`),
        encodeBmp24({ width: size.width, height: size.height, data: rgb }),
      );
    }
    readContext(options).check();
    options.onProgress?.(report.items, source.size);
  }
  return report.build();
}

export const icdarTextSegmentation = defineFormat({
  id: 'icdar_text_segmentation',
  title: 'ICDAR text segmentation',
  extensions: ['.txt'],
  capabilities: {
    annotations: ['mask'],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: true,
  },
  detect: detectTextSegmentation,
  read: readTextSegmentation,
  write: writeTextSegmentation,
});
