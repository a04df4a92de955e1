import {
  type Annotation,
  type Categories,
  DatasetError,
  type DatasetItem,
  type DatasetLimits,
  type DatasetSource,
  type FileTree,
  isDatasetError,
  type Media,
  type ReadOptions,
  readContext,
  readerSource,
  rleMask,
} from '@labelport/core';
import { type DecodedPng, decodePng } from '@labelport/core/png';
import { PAN_SEG_FIRST_THING } from './lib/bdd-categories.js';
import { splitKeysToRle } from './lib/keyed-rle.js';
import { type MaskFile, maskFiles } from './lib/mask-layout.js';
import { type MaskTask, maskTaskCategories } from './lib/mask-tasks.js';
import { imageIndex, pickImage } from './lib/scalabel-files.js';

/**
 * Reads a BDD100K mask task: one item per PNG (`<task>/<masks|bitmasks>/<subset>/[<video>/]<name>.png`),
 * the image found by name wherever it is in the tree; each class (sem_seg, drivable), lane kind, or
 * instance (ins_seg, pan_seg, seg_track) one mask. PNGs are decoded as items are read.
 */
export async function readMaskTask(
  tree: FileTree,
  task: MaskTask,
  options: ReadOptions = {},
): Promise<DatasetSource> {
  const entries = await tree.list();
  const files = maskFiles(entries, task);
  if (files.length === 0) {
    throw new DatasetError(
      'not-found',
      `no mask PNG (in ${task.dir}/${task.kind}/<subset>/${task.video ? '<video>/' : ''} or a plain folder)`,
      { file: tree.name },
    );
  }
  // the masks are not their own images (a plain folder's PNGs are all masks)
  const maskPaths = new Set(files.map((f) => f.path));
  const images = imageIndex(entries.filter((e) => !maskPaths.has(e.path)));
  const categories = maskTaskCategories(task);
  const frameOf = new Map<string, number>();
  if (task.video) {
    const perVideo = new Map<string, number>();
    for (const f of files) {
      const key = `${f.subset}/${f.video}`;
      const n = perVideo.get(key) ?? 0;
      frameOf.set(f.path, n);
      perVideo.set(key, n + 1);
    }
  }
  const { limits } = readContext(options);
  return readerSource(options, {
    categories,
    entries: files,
    where: (f) => f.path,
    make: (f) => readMaskItem(tree, task, f, images, categories, frameOf.get(f.path), limits),
  });
}

async function readMaskItem(
  tree: FileTree,
  task: MaskTask,
  f: MaskFile,
  images: Map<string, string[]>,
  categories: Categories,
  frame: number | undefined,
  limits: DatasetLimits,
): Promise<DatasetItem> {
  const bytes = await tree.read(f.path);
  let png: DecodedPng;
  try {
    png = decodePng(bytes, { limits });
  } catch (e) {
    throw isDatasetError(e) ? e.withLocation(f.path) : e;
  }
  const base = f.name.slice(f.name.lastIndexOf('/') + 1);
  const imagePath = pickImage(images.get(`${base}.jpg`) ?? images.get(`${base}.png`), f.subset, f.video);
  const media: Media = {
    kind: task.video ? 'video-frame' : 'image',
    path: imagePath ?? `${f.video ? `${f.video}/` : ''}${f.name}.jpg`,
    width: png.width,
    height: png.height,
  };
  if (frame !== undefined) media.frame = frame;
  if (imagePath) media.bytes = () => tree.read(imagePath);
  const annotations =
    task.kind === 'bitmasks'
      ? bitmaskAnnotations(png, task, categories, f.path)
      : labelMaskAnnotations(png, task, f.path);
  return {
    id: f.video ? `${f.video}/${f.name}` : f.name,
    subset: f.subset,
    media,
    annotations,
    attributes: {},
  };
}

function labelMaskAnnotations(png: DecodedPng, task: MaskTask, file: string): Annotation[] {
  if (png.channels !== 1) {
    throw new DatasetError(
      'bad-image',
      `a ${task.id} mask must have one channel (class ids), this one is ${png.colorType}`,
      { file },
    );
  }
  const { width, height, data } = png;
  const out: Annotation[] = [];
  if (task.id === 'lane') {
    // bits: 5 direction, 4 style, 3 background, 0-2 category.
    const rles = splitKeysToRle(data, width, height, (v) => ((v >> 3) & 1) === 1);
    for (const [v, rle] of rles) {
      out.push({
        type: 'mask',
        label: v & 7,
        mask: rleMask(rle),
        attributes: {
          laneDirection: (v >> 5) & 1 ? 'vertical' : 'parallel',
          laneStyle: (v >> 4) & 1 ? 'dashed' : 'solid',
        },
      });
    }
    return out;
  }
  const classes = task.labels.length;
  const background = task.background;
  const rles = splitKeysToRle(data, width, height, (v) => v === background || v === 255);
  for (const [v, rle] of rles) {
    if (v >= classes) {
      throw new DatasetError(
        'bad-image',
        `pixel value ${v} is not a ${task.id} class id (0..${classes - 1}, ${background} background)`,
        { file },
      );
    }
    out.push({ type: 'mask', label: v, mask: rleMask(rle), attributes: {} });
  }
  return out;
}

function bitmaskAnnotations(
  png: DecodedPng,
  task: MaskTask,
  categories: Categories,
  file: string,
): Annotation[] {
  if (png.bitDepth !== 8 || (png.colorType !== 'rgba' && png.colorType !== 'rgb')) {
    throw new DatasetError(
      'bad-image',
      `a ${task.id} bitmask must be 8-bit RGBA, this one is ${png.bitDepth}-bit ${png.colorType}`,
      { file },
    );
  }
  const { width, height, data, channels } = png;
  const n = width * height;
  const keys = new Uint32Array(n);
  const attrBits = new Map<number, number>();
  let lastKey = -1;
  for (let p = 0, s = 0; p < n; p++, s += channels) {
    const r = data[s]!;
    if (r === 0) continue;
    // R category, G attribute bits, B and A the instance id (B high byte).
    const key = (r << 16) | (data[s + 2]! << 8) | (channels === 4 ? data[s + 3]! : 0);
    keys[p] = key;
    if (key !== lastKey) {
      lastKey = key;
      if (!attrBits.has(key)) attrBits.set(key, data[s + 1]!);
    }
  }
  const out: Annotation[] = [];
  for (const [key, rle] of splitKeysToRle(keys, width, height, (k) => k === 0)) {
    const category = key >> 16;
    const instance = key & 0xffff;
    if (category > categories.labels.length) {
      throw new DatasetError(
        'bad-image',
        `category id ${category} (red) is not a ${task.id} category (1..${categories.labels.length})`,
        { file },
      );
    }
    const g = attrBits.get(key) ?? 0;
    const ann: Annotation = {
      type: 'mask',
      label: category - 1,
      mask: rleMask(rle),
      attributes: {
        truncated: Boolean(g & 8),
        occluded: Boolean(g & 4),
        crowd: Boolean(g & 2),
        ignored: Boolean(g & 1),
      },
    };
    if (task.id === 'seg_track') ann.objectId = instance;
    else if (task.id === 'ins_seg' || category >= PAN_SEG_FIRST_THING) ann.id = instance;
    out.push(ann);
  }
  return out;
}
