import {
  allocatePixels,
  type BinaryMask,
  checkPixels,
  DatasetError,
  type DatasetItem,
  type DatasetLimits,
  type DatasetSource,
  type FileSink,
  loadMask,
  type MaskAnnotation,
  maskSize,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { joinPath, safeRelativePath } from '@labelport/core/files';
import { maskBbox, vocColormap } from '@labelport/core/geometry';
import { encodeBmp24 } from './lib/bmp.js';
import { rgbInt } from './lib/color-mask.js';
import { saveImage } from './lib/image-media.js';
import { formatSegmentationGt, type GtLine } from './lib/segmentation-gt.js';
import { GT_SUFFIX, WHITE } from './lib/segmentation-layout.js';

const KNOWN_ATTRIBUTES = new Set(['index', 'color', 'text', 'center']);

type Rgb = [number, number, number];
type Char = GtLine & { mask: BinaryMask };

function parseColor(v: unknown): Rgb | undefined {
  if (typeof v !== 'string') return undefined;
  const parts = v.trim().split(/\s+/).map(Number);
  if (parts.length !== 3 || !parts.every((c) => Number.isInteger(c) && c >= 0 && c <= 255)) return undefined;
  return parts as Rgb;
}

/** Colours for characters that have none: Datumaro's (the VOC colour map from 1), skipping used ones. */
function* colorBank(): Generator<Rgb> {
  for (let n = 256; ; n *= 16) {
    const map = vocColormap(Math.min(n, 1 << 24));
    for (let i = n === 256 ? 1 : n / 16; i < map.length; i++) yield map[i];
    if (n >= 1 << 24) return;
  }
}

/** The colours of one item's characters: each its own, or a new one from the bank when it has none or a used one. */
class ItemColors {
  private readonly used = new Set<number>([WHITE]);
  private readonly bank = colorBank();

  constructor(
    private readonly item: DatasetItem,
    private readonly report: ReportBuilder,
  ) {}

  colorOf(a: MaskAnnotation): Rgb {
    const id = this.item.id;
    let color = parseColor(a.attributes.color);
    if (a.attributes.color !== undefined && !color)
      this.report.warn(`${id}: a mask colour '${a.attributes.color}' is not 'R G B'; a new one was chosen`);
    if (color && this.used.has(rgbInt(color))) {
      this.report.warn(
        `${id}: two masks had the colour ${color.join(' ')} (or white, the background); a new one was chosen`,
      );
      color = undefined;
    }
    while (!color || this.used.has(rgbInt(color))) {
      const next = this.bank.next();
      if (next.done) throw new DatasetError('too-large', `${id}: no colour left for its masks`);
      color = next.value;
    }
    this.used.add(rgbInt(color));
    return color;
  }
}

/** The item's masks in index order; other annotation types are counted. */
function itemMasks(item: DatasetItem, report: ReportBuilder): MaskAnnotation[] {
  const anns: MaskAnnotation[] = [];
  for (const a of item.annotations) {
    if (a.type === 'mask') anns.push(a);
    else report.drop(a.type);
  }
  const index = (a: MaskAnnotation) =>
    Number.isFinite(Number(a.attributes.index)) ? Number(a.attributes.index) : 0;
  return anns.sort((a, b) => index(a) - index(b));
}

/** The characters of an item (one per mask of the first mask's size) and that size. */
async function itemCharacters(item: DatasetItem, report: ReportBuilder, limits: DatasetLimits) {
  const colors = new ItemColors(item, report);
  const chars: Char[] = [];
  let size: { width: number; height: number } | undefined;
  for (const a of itemMasks(item, report)) {
    if (a.label !== undefined)
      report.drop(
        'annotation label',
        1,
        'ICDAR text segmentation has no labels: the label of a mask is not written (the mask is)',
      );
    for (const k of Object.keys(a.attributes)) if (!KNOWN_ATTRIBUTES.has(k)) report.drop('attribute');
    const declared = maskSize(a.mask); // painted at its size: held to the caller's limit before loading
    if (declared) checkPixels(declared.width, declared.height, `item ${item.id}`, limits);
    const mask = await loadMask(a.mask);
    size ??= { width: mask.width, height: mask.height };
    if (mask.width !== size.width || mask.height !== size.height) {
      report.drop(
        'mask',
        1,
        `${item.id}: masks of different sizes; those not ${size.width}x${size.height} were left out`,
      );
      continue;
    }
    const [x, y, w, h] = maskBbox(mask);
    // An empty mask keeps its line (so the indexes after it stay), but no pixel: reported when painted.
    const color = colors.colorOf(a);
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
  return { chars, size };
}

/** The colour image of the characters, painted in order; masks left with no pixel are counted. */
function paintCharacters(
  item: DatasetItem,
  chars: Char[],
  size: { width: number; height: number },
  report: ReportBuilder,
  limits: DatasetLimits,
): Uint8Array {
  const rgb = allocatePixels(size.width, size.height, `item ${item.id}`, { channels: 3, limits }).fill(255);
  const painted = allocatePixels(size.width, size.height, `item ${item.id}`, { limits });
  let overlaps = false;
  for (const c of chars) {
    const d = c.mask.data;
    for (let i = 0; i < d.length; i++) {
      if (!d[i]) continue;
      if (painted[i]) overlaps = true;
      painted[i] = 1;
      rgb[i * 3] = c.color[0];
      rgb[i * 3 + 1] = c.color[1];
      rgb[i * 3 + 2] = c.color[2];
    }
  }
  if (overlaps)
    report.warn(`${item.id}: masks overlap; where they do, the later one (by index) keeps the pixel`);
  // An empty mask, or one wholly covered by later ones, leaves no pixel of its colour: it does not read back.
  const visible = new Set<number>();
  for (let i = 0; i < rgb.length; i += 3) visible.add((rgb[i] << 16) | (rgb[i + 1] << 8) | rgb[i + 2]);
  const hidden = chars.filter((c) => !visible.has(rgbInt(c.color))).length;
  report.drop('mask', hidden, `${item.id}: empty masks, and masks wholly covered by others, are lost`);
  return rgb;
}

export async function writeTextSegmentation(
  source: DatasetSource,
  out: FileSink,
  options: WriteOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  const ctx = readContext(options);
  for await (const item of ctx.iter(source.items(), source.size)) {
    report.items++;
    const dir = safeRelativePath(item.subset);
    const id = safeRelativePath(item.id);
    if (options.saveMedia) await saveImage(item, out, report);
    report.drop('item attribute', Object.keys(item.attributes).length);
    const { chars, size } = await itemCharacters(item, report, ctx.limits);
    await out.write(joinPath(dir, `${id}${GT_SUFFIX}.txt`), formatSegmentationGt(chars));
    if (chars.length === 0 || !size) continue;
    const rgb = paintCharacters(item, chars, size, report, ctx.limits);
    await out.write(
      joinPath(dir, `${id}${GT_SUFFIX}.bmp`),
      encodeBmp24({ width: size.width, height: size.height, data: rgb }),
    );
  }
  return report.build();
}
