/**
 * VOC segmentation masks: `SegmentationClass/<id>.png` (pixel = label) and `SegmentationObject/<id>.png`
 * (pixel = instance number, 255 = the void border), read and written as Datumaro does.
 *
 * Reading: a gray (1-channel) PNG holds label indices (the label map's line order, CVAT's rule, with
 * dummy labels filling gaps); a palette or RGB PNG holds colours, turned back into labels through the
 * label map's colours (class masks) or the VOC colour map (instance masks). With an instance mask,
 * each instance number > 0 becomes one mask, its label the class under it and its group the number;
 * with only a class mask, each class value present becomes one mask.
 *
 * Writing: palette PNGs (like the originals), class indices with the label map's colours, instance
 * numbers 1..n in z-order (later covers earlier) with the VOC colour map.
 */
import {
  allocatePixels,
  type BinaryMask,
  DatasetError,
  type DatasetLimits,
  type FileTree,
  lazyMask,
  type MaskAnnotation,
} from '@labelport/core';
import { vocColormap } from '@labelport/core/geometry';
import { type DecodedPng, decodePng, encodePng, pngToRgbInts } from '@labelport/core/png';
import type { Rgb } from './labelmap.js';

const rgbInt = (c: Rgb) => (c[0] << 16) | (c[1] << 8) | c[2];
const rgbText = (v: number) => `(${(v >> 16) & 255}, ${(v >> 8) & 255}, ${v & 255})`;

let instanceInverse: Map<number, number> | undefined;
/** VOC colour -> instance number (the colour map's 256 entries). */
function instanceColorIndex(): Map<number, number> {
  if (!instanceInverse) {
    instanceInverse = new Map();
    vocColormap(256).forEach((c, i) => {
      if (!instanceInverse!.has(rgbInt(c))) instanceInverse!.set(rgbInt(c), i);
    });
  }
  return instanceInverse;
}

/** Colour -> label index, from the label map's colours. */
export function labelColorIndex(colors: (Rgb | undefined)[]): Map<number, number> {
  const m = new Map<number, number>();
  colors.forEach((c, i) => {
    if (c && !m.has(rgbInt(c))) m.set(rgbInt(c), i);
  });
  return m;
}

/** A mask PNG as one index per pixel: gray samples as they are, colours through `inverse`. */
export function pngToIndices(
  png: DecodedPng,
  inverse: Map<number, number>,
  file: string,
): Uint32Array | Uint8Array | Uint16Array {
  const n = png.width * png.height;
  if (png.colorType === 'gray' || png.colorType === 'gray-alpha') {
    if (png.channels === 1) return png.data;
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = png.data[i * png.channels];
    return out;
  }
  // the smallest array that holds every value (masks stay in memory until their annotations go)
  let max = 0;
  for (const v of inverse.values()) if (v > max) max = v;
  const out = max < 256 ? new Uint8Array(n) : max < 65536 ? new Uint16Array(n) : new Uint32Array(n);
  const fail = (color: number, i: number): never => {
    throw new DatasetError(
      'bad-image',
      `the color ${rgbText(color)} at pixel (${i % png.width}, ${Math.floor(i / png.width)}) is not in the label map`,
      { file },
    );
  };
  if (png.colorType === 'palette') {
    const palette = png.palette ?? [];
    const lut = new Int32Array(palette.length).fill(-1);
    palette.forEach((c, k) => {
      lut[k] = inverse.get(rgbInt(c)) ?? -1;
    });
    for (let i = 0; i < n; i++) {
      const k = png.data[i];
      if (k >= lut.length)
        throw new DatasetError(
          'bad-image',
          `palette index ${k} is outside the palette (${lut.length} entries)`,
          { file },
        );
      const v = lut[k];
      if (v < 0) fail(rgbInt(palette[k]), i);
      out[i] = v;
    }
    return out;
  }
  const colors = pngToRgbInts(png);
  let lastColor = -1;
  let lastValue = 0;
  for (let i = 0; i < n; i++) {
    const c = colors[i];
    if (c !== lastColor) {
      const v = inverse.get(c);
      if (v === undefined) fail(c, i);
      lastColor = c;
      lastValue = v!;
    }
    out[i] = lastValue;
  }
  return out;
}

async function decodeMaskFile(tree: FileTree, path: string, limits?: DatasetLimits): Promise<DecodedPng> {
  const bytes = await tree.read(path);
  try {
    return decodePng(bytes, { limits });
  } catch (e) {
    if (e instanceof DatasetError) throw e.withLocation(path);
    throw new DatasetError(
      'bad-image',
      `cannot decode the PNG: ${e instanceof Error ? e.message : String(e)}`,
      { file: path },
    );
  }
}

function extract(values: ArrayLike<number>, value: number, width: number, height: number): BinaryMask {
  const data = allocatePixels(width, height, 'mask');
  for (let i = 0; i < data.length; i++) if (values[i] === value) data[i] = 1;
  return { width, height, data };
}

export interface MaskReadResult {
  masks: MaskAnnotation[];
  width: number;
  height: number;
}

/**
 * The mask annotations of one item. Both PNGs are decoded here (the instance list needs them); each
 * mask's pixels are extracted only when loaded.
 */
export async function readVocMasks(
  tree: FileTree,
  classPath: string | undefined,
  instancePath: string | undefined,
  classColors: (Rgb | undefined)[],
  labelCount: number,
  onUndeclared: (error: DatasetError) => void,
  limits?: DatasetLimits,
): Promise<MaskReadResult | undefined> {
  if (!classPath && !instancePath) return undefined;
  const classPng = classPath ? await decodeMaskFile(tree, classPath, limits) : undefined;
  const instPng = instancePath ? await decodeMaskFile(tree, instancePath, limits) : undefined;
  const width = (classPng ?? instPng)!.width;
  const height = (classPng ?? instPng)!.height;
  if (classPng && instPng && (classPng.width !== instPng.width || classPng.height !== instPng.height)) {
    throw new DatasetError(
      'bad-image',
      `the instance mask is ${instPng.width}x${instPng.height} but the class mask is ${classPng.width}x${classPng.height}`,
      { file: instancePath },
    );
  }
  const classes = classPng ? pngToIndices(classPng, labelColorIndex(classColors), classPath!) : undefined;
  const instances = instPng ? pngToIndices(instPng, instanceColorIndex(), instancePath!) : undefined;
  const size = { width, height };
  const masks: MaskAnnotation[] = [];
  const checkLabel = (label: number, file: string): boolean => {
    if (label < labelCount) return true;
    onUndeclared(
      new DatasetError(
        'unknown-label',
        `mask value ${label} is past the ${labelCount} labels of the label map`,
        { file },
      ),
    );
    return false;
  };
  if (instances) {
    // instance -> label under it (the highest, when an instance covers several, as Datumaro's unique() does)
    const labelOf = new Map<number, number>();
    for (let i = 0; i < instances.length; i++) {
      const inst = instances[i];
      if (inst === 0) continue;
      const label = classes ? classes[i] : -1;
      const prev = labelOf.get(inst);
      if (prev === undefined || label > prev) labelOf.set(inst, label);
    }
    for (const inst of [...labelOf.keys()].sort((a, b) => a - b)) {
      const label = labelOf.get(inst)!;
      if (label >= 0 && !checkLabel(label, classPath!)) continue;
      masks.push({
        type: 'mask',
        mask: lazyMask(async () => extract(instances, inst, width, height), size),
        label: label >= 0 ? label : undefined,
        group: inst,
        attributes: {},
      });
    }
  } else if (classes) {
    const present = new Set<number>();
    for (let i = 0; i < classes.length; i++) present.add(classes[i]);
    for (const label of [...present].sort((a, b) => a - b)) {
      if (!checkLabel(label, classPath!)) continue;
      masks.push({
        type: 'mask',
        mask: lazyMask(async () => extract(classes, label, width, height), size),
        label,
        attributes: {},
      });
    }
  }
  return { masks, width, height };
}

/** A palette of 256 entries: `colors` first (by index), the VOC colour map for the rest. */
export function paletteOf(colors: (Rgb | undefined)[]): [number, number, number][] {
  const cmap = vocColormap(256);
  return cmap.map((c, i) => (colors[i] ? [...colors[i]!] : c) as [number, number, number]);
}

export function encodeIndexPng(
  width: number,
  height: number,
  indices: Uint8Array,
  palette: [number, number, number][],
): Uint8Array {
  return encodePng({ width, height, colorType: 'palette', data: indices, palette });
}
