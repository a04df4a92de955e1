import {
  type Annotation,
  type Attributes,
  allocatePixels,
  type Categories,
  DatasetError,
  type DatasetItem,
  type DatasetLimits,
  type DatasetSource,
  DEFAULT_SUBSET,
  defineFormat,
  type FileSink,
  type FileTree,
  type IoOptions,
  isDatasetError,
  lazyMask,
  limitsOf,
  loadMask,
  ReportBuilder,
  readJson,
} from '@labelport/core';
import {
  basename,
  dirname,
  extname,
  joinPath,
  safeRelativePath,
  stripExtension,
} from '@labelport/core/files';
import { maskBbox } from '@labelport/core/geometry';
import { saveMedia } from '@labelport/core/media';
import { LabelTable } from '@labelport/core/meta';
import { decodeBinaryMaskPng, encodeBinaryMaskPng } from '@labelport/core/png';
import { labelmeImagePath, objectGroups } from './lib/labelme-json-objects.js';
import { decodeBase64, encodeBase64 } from './lib/mask-png.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A labelme JSON (wkentaro/labelme): an object with `shapes` and `imagePath`. */
const looksLikeLabelMeJson = (head: string) =>
  /"shapes"\s*:/.test(head) && /"(imagePath|shape_type)"\s*:/.test(head);

async function findFiles(tree: FileTree): Promise<string[]> {
  const out: string[] = [];
  for (const f of await tree.list()) {
    if (extname(f.path) !== '.json') continue;
    const head = new TextDecoder().decode(await tree.readRange(f.path, 0, 4096));
    if (looksLikeLabelMeJson(head)) out.push(f.path);
  }
  return out;
}

function points(v: unknown, fail: (m: string) => never): number[] {
  if (!Array.isArray(v)) fail('points must be a list of [x, y]');
  const out: number[] = [];
  for (const p of v as unknown[]) {
    if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number') {
      fail(`points must be [x, y] pairs of numbers (got ${JSON.stringify(p)})`);
    }
    out.push((p as number[])[0]!, (p as number[])[1]!);
  }
  return out;
}

/** One labelme shape as an annotation. */
function parseShape(
  shape: unknown,
  label: number | undefined,
  file: string,
  place: string,
  size?: { width: number; height: number },
  limits?: DatasetLimits,
): Annotation {
  const fail = (m: string): never => {
    throw new DatasetError('bad-field', m, { file, place });
  };
  if (!isObject(shape)) fail('a shape must be an object');
  const s = shape as Json;
  const p = points(s.points, fail);
  const attributes: Attributes = {};
  if (isObject(s.flags))
    for (const [k, v] of Object.entries(s.flags)) if (typeof v === 'boolean') attributes[k] = v;
  if (typeof s.description === 'string' && s.description !== '') attributes.description = s.description;
  const base: { label?: number; group?: number; attributes: Attributes } = { attributes };
  if (label !== undefined) base.label = label;
  // labelme2coco merges the shapes of one (label, group_id) into one object: 0 is a group, null none.
  if (typeof s.group_id === 'number') base.group = s.group_id;
  const type = typeof s.shape_type === 'string' ? s.shape_type : 'polygon';
  switch (type) {
    case 'polygon':
      if (p.length < 6) fail(`a polygon needs at least 3 points (it has ${p.length / 2})`);
      return { type: 'polygon', points: p, ...base };
    case 'rectangle': {
      if (p.length !== 4) fail('a rectangle needs 2 points');
      const [x0, y0, x1, y1] = p as [number, number, number, number];
      return {
        type: 'bbox',
        x: Math.min(x0, x1),
        y: Math.min(y0, y1),
        w: Math.abs(x1 - x0),
        h: Math.abs(y1 - y0),
        ...base,
      };
    }
    case 'circle': {
      if (p.length !== 4) fail('a circle needs 2 points (the centre and one on the circle)');
      const [cx, cy, px, py] = p as [number, number, number, number];
      const r = Math.hypot(px - cx, py - cy);
      return { type: 'ellipse', x1: cx - r, y1: cy - r, x2: cx + r, y2: cy + r, ...base };
    }
    case 'line':
    case 'linestrip':
      if (p.length < 4) fail(`a ${type} needs at least 2 points`);
      return { type: 'polyline', points: p, ...base };
    case 'point':
    case 'points':
      if (p.length < 2) fail('a point needs coordinates');
      return { type: 'points', points: p, visibility: new Array(p.length / 2).fill(2), ...base };
    case 'mask': {
      if (p.length !== 4) fail('a mask needs 2 points (its box)');
      if (typeof s.mask !== 'string') fail('a mask shape needs its "mask" (a base64 PNG)');
      const png = decodeBase64(s.mask as string);
      if (!png) fail('"mask" is not valid base64');
      if (!size) fail('a mask needs the image size (imageWidth and imageHeight)');
      const left = Math.round(Math.min(p[0]!, p[2]!));
      const top = Math.round(Math.min(p[1]!, p[3]!));
      const { width, height } = size!;
      const mask = lazyMask(
        async () => {
          const crop = decodeBinaryMaskPng(png!, file, { limits });
          const data = allocatePixels(width, height, { file, place }, { limits });
          for (let y = 0; y < crop.height; y++) {
            for (let x = 0; x < crop.width; x++) {
              const X = left + x;
              const Y = top + y;
              if (crop.data[y * crop.width + x] && X >= 0 && Y >= 0 && X < width && Y < height)
                data[Y * width + X] = 1;
            }
          }
          return { width, height, data };
        },
        { width, height },
      );
      return { type: 'mask', mask, ...base };
    }
    default:
      return fail(`unknown shape_type '${type}'`);
  }
}

/**
 * labelme's JSON (wkentaro/labelme): one `<name>.json` per image anywhere in the tree, the image at
 * `imagePath` beside it (or embedded as base64 `imageData`). Item ids are the JSON paths without
 * extension; image-level `flags` become item attributes, a shape's `flags` and `description` its
 * attributes, `group_id` its group.
 */
export async function readLabelMeJson(tree: FileTree, options: IoOptions = {}): Promise<DatasetSource> {
  const paths = await findFiles(tree);
  if (paths.length === 0) {
    throw new DatasetError(
      'bad-field',
      'no labelme JSON file (an object with "shapes" and "imagePath") was found',
      {
        file: tree.name,
      },
    );
  }
  const table = new LabelTable();
  const categories: Categories = { labels: table.labels };
  const limits = limitsOf(options);
  const labelOf = (name: unknown) => (typeof name === 'string' && name !== '' ? table.get(name) : undefined);
  // First pass: the labels, in the order the files name them (the files are read again for items,
  // so embedded images are never all held at once).
  for (const path of paths) {
    const doc = await readJson(tree, path);
    if (isObject(doc) && Array.isArray(doc.shapes))
      for (const s of doc.shapes) if (isObject(s)) labelOf(s.label);
  }
  const listing = new Set((await tree.list()).map((f) => f.path));
  const guard = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (e) {
      if (options.lenient && isDatasetError(e)) {
        options.onWarning?.(e.message);
        return undefined;
      }
      throw e;
    }
  };
  return {
    categories,
    size: paths.length,
    async *items() {
      let done = 0;
      for (const path of paths) {
        const item = await guard(async (): Promise<DatasetItem> => {
          const doc = await readJson(tree, path);
          if (!isObject(doc) || !Array.isArray(doc.shapes)) {
            throw new DatasetError('bad-field', '"shapes" must be a list', { file: path });
          }
          const width = typeof doc.imageWidth === 'number' ? doc.imageWidth : undefined;
          const height = typeof doc.imageHeight === 'number' ? doc.imageHeight : undefined;
          const size = width !== undefined && height !== undefined ? { width, height } : undefined;
          const annotations: Annotation[] = [];
          for (const [i, s] of doc.shapes.entries()) {
            const ann = await guard(async () =>
              parseShape(s, labelOf(isObject(s) ? s.label : undefined), path, `shapes[${i}]`, size, limits),
            );
            if (ann) annotations.push(ann);
          }
          objectGroups(annotations);
          const media: DatasetItem['media'] = { kind: 'image' };
          if (typeof doc.imagePath === 'string' && doc.imagePath !== '') {
            // labelme writes the path as the annotator's disk had it: '../images/a.jpg', 'C:\\...'.
            // One that leaves the dataset is looked for beside the JSON by its name.
            const raw = doc.imagePath.replace(/\\/g, '/');
            let p: string;
            try {
              if (raw.startsWith('/') || /^[a-zA-Z]:/.test(raw)) throw new Error('absolute');
              p = safeRelativePath(joinPath(dirname(path), raw));
            } catch {
              p = joinPath(dirname(path), basename(raw));
            }
            media.path = p;
            if (listing.has(p)) media.bytes = () => tree.read(p);
          }
          if (!media.bytes && typeof doc.imageData === 'string' && doc.imageData !== '') {
            const bytes = decodeBase64(doc.imageData);
            if (!bytes)
              throw new DatasetError('bad-field', '"imageData" is not valid base64', {
                file: path,
                place: 'imageData',
              });
            media.bytes = async () => bytes;
          }
          if (width !== undefined) media.width = width;
          if (height !== undefined) media.height = height;
          const attributes: Attributes = {};
          if (isObject(doc.flags))
            for (const [k, v] of Object.entries(doc.flags)) if (typeof v === 'boolean') attributes[k] = v;
          return { id: stripExtension(path), subset: DEFAULT_SUBSET, media, annotations, attributes };
        });
        if (item) yield item;
        options.onProgress?.(++done, paths.length);
      }
    },
  };
}

const pairs = (p: number[]) => {
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < p.length; i += 2) out.push([p[i]!, p[i + 1]!]);
  return out;
};

/**
 * Writes one labelme JSON per item (`<id>.json`, imagePath the image's name beside it; the image
 * itself with saveMedia). Boxes -> rectangle, polygons, polylines -> linestrip, points -> point (one
 * shape per point), circles (round ellipses) -> circle, masks -> mask (a base64 PNG of its box).
 * Boolean attributes -> flags, `description` -> description; other attributes are reported lost.
 */
async function writeLabelMeJson(source: DatasetSource, sink: FileSink, options: IoOptions = {}) {
  const report = new ReportBuilder();
  const labels = source.categories.labels;
  const limits = limitsOf(options);
  for await (const item of source.items()) {
    const shapes: Json[] = [];
    // A mask is as large as its image: the image size a mask shape needs when the media has none.
    let maskSize: { width: number; height: number } | undefined;
    for (const a of item.annotations) {
      const flags: Record<string, boolean> = {};
      let description = '';
      for (const [k, v] of Object.entries(a.attributes)) {
        if (typeof v === 'boolean') flags[k] = v;
        else if (k === 'description' && typeof v === 'string') description = v;
        else report.drop('attribute');
      }
      if (a.objectId !== undefined) report.drop('objectId');
      const shape = (shape_type: string, pts: [number, number][], extra: Json = {}) =>
        shapes.push({
          label: a.label !== undefined ? (labels[a.label]?.name ?? '') : '',
          points: pts,
          group_id: a.group !== undefined ? a.group : null,
          description,
          shape_type,
          flags,
          ...extra,
        });
      switch (a.type) {
        case 'bbox':
          shape('rectangle', [
            [a.x, a.y],
            [a.x + a.w, a.y + a.h],
          ]);
          break;
        case 'polygon':
          shape('polygon', pairs(a.points));
          break;
        case 'polyline':
          shape('linestrip', pairs(a.points));
          break;
        case 'points':
          if (a.points.length > 2) {
            report.convert('points', 'point shapes');
            report.warn(
              'labelme holds one point per shape: a points annotation becomes several point shapes',
            );
          }
          if (a.visibility.some((v) => v !== 2)) report.drop('points visibility');
          for (const p of pairs(a.points)) shape('point', [p]);
          break;
        case 'ellipse': {
          const rx = (a.x2 - a.x1) / 2;
          const ry = (a.y2 - a.y1) / 2;
          if (Math.abs(rx - ry) > 1e-9) {
            report.drop('ellipse');
            report.warn('labelme has circles, not ellipses: ellipses that are not round are not written');
            break;
          }
          const cx = a.x1 + rx;
          const cy = a.y1 + ry;
          shape('circle', [
            [cx, cy],
            [cx + rx, cy],
          ]);
          break;
        }
        case 'mask': {
          const bitmap = await loadMask(a.mask, { limits, where: `item '${item.id}'` });
          maskSize ??= { width: bitmap.width, height: bitmap.height };
          const [x, y, w, h] = maskBbox(bitmap);
          if (w === 0 || h === 0) {
            report.drop('mask');
            break;
          }
          const crop = new Uint8Array(w * h);
          for (let r = 0; r < h; r++)
            crop.set(bitmap.data.subarray((y + r) * bitmap.width + x, (y + r) * bitmap.width + x + w), r * w);
          shape(
            'mask',
            [
              [x, y],
              [x + w - 1, y + h - 1],
            ],
            { mask: encodeBase64(encodeBinaryMaskPng({ width: w, height: h, data: crop })) },
          );
          break;
        }
        default:
          report.drop(a.type);
      }
    }
    // The image is saved beside the JSON; without saveMedia, imagePath points at it where it is.
    const savedPath = labelmeImagePath(item, true);
    const saved =
      options.saveMedia === true &&
      (await saveMedia(item, sink, joinPath(dirname(item.id), savedPath), report));
    const imagePath = saved ? savedPath : labelmeImagePath(item, false);
    const flags: Record<string, boolean> = {};
    for (const [k, v] of Object.entries(item.attributes)) {
      if (typeof v === 'boolean') flags[k] = v;
      else report.drop('item attribute');
    }
    const doc = {
      version: '5.5.0',
      flags,
      shapes,
      imagePath,
      imageData: null,
      imageHeight: item.media?.height ?? maskSize?.height ?? null,
      imageWidth: item.media?.width ?? maskSize?.width ?? null,
    };
    if (item.subset !== DEFAULT_SUBSET)
      report.warn('labelme JSON has no subsets: all subsets are written together');
    await sink.write(`${item.id}.json`, `${JSON.stringify(doc, null, 2)}\n`);
    if (!options.saveMedia && item.media?.bytes) report.drop('media');
    report.items++;
    options.onProgress?.(report.items, source.size);
  }
  return report.build();
}

export const labelmeJson = defineFormat({
  id: 'labelme_json',
  title: 'labelme JSON (wkentaro/labelme)',
  extensions: ['.json'],
  capabilities: {
    annotations: ['bbox', 'polygon', 'polyline', 'points', 'ellipse', 'mask'],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: false,
    streaming: true,
  },
  async detect(ctx) {
    const json = ctx.glob('**/*.json').filter((p) => p.split('/').length <= 4);
    if (json.length === 0) ctx.reject('no .json file');
    for (const path of json.slice(0, 20)) {
      if (looksLikeLabelMeJson(await ctx.readHead(path, 4096))) return { confidence: 1 };
    }
    return ctx.reject('no JSON file with "shapes" and "imagePath"');
  },
  read: (tree, options) => readLabelMeJson(tree, options),
  write: (source, sink, options) => writeLabelMeJson(source, sink, options),
});
