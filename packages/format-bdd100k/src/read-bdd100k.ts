import type { OptionValues } from '@labelport/core';
import {
  type Annotation,
  type Attributes,
  type AttributeValue,
  type Categories,
  checkPixels,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type FileTree,
  type IoOptions,
  isDatasetError,
  type LabelCategory,
  type Media,
  readContext,
  rleMask,
  type SkeletonCategory,
  type Visibility,
} from '@labelport/core';
import { basename, safeRelativePath, stripExtension } from '@labelport/core/files';
import { parseCocoRle } from '@labelport/core/geometry';
import { scanJsonBatches } from '@labelport/core/json';
import type { scalabelReadOptions } from '../options.js';
import {
  type CategoryNode,
  DET_TREE,
  leafLabels,
  POSE_JOINT_ALIASES,
  POSE_JOINTS,
  POSE_TREE,
  TRACK_TREE,
} from './bdd-categories.js';
import { flattenPoly2d, type Poly2d } from './poly2d.js';
import { imageIndex, pickImage, scalabelFiles, subsetOfLabelFile } from './scalabel-files.js';

export type ScalabelReadOptions = OptionValues<typeof scalabelReadOptions> & IoOptions;

/**
 * Files up to this many bytes in all are parsed once and kept (parsed JSON takes about 4.5 times its
 * size); larger sets are streamed twice, first for the categories, then for the items, one frame at
 * a time, so memory does not grow with the files.
 */
const KEEP_PARSED_BYTES = 64 * 1024 * 1024;

type Json = Record<string, unknown>;

interface LabelFile {
  path: string;
  subset: string;
  size: number;
}

/** A frame of a label file and its place (`[i]` in a plain list, `frames[i]` in a Scalabel export). */
interface FrameAt {
  frame: unknown;
  place: string;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The frames of a label file, parsed one at a time as it is read; its config goes to `onConfig`. */
async function* streamFrames(
  tree: FileTree,
  path: string,
  onConfig: (config: Json) => void,
): AsyncGenerator<FrameAt> {
  const scan = scanJsonBatches(tree, path, {
    plan: (key) => (key === undefined || key === 'frames' ? 'elements' : key === 'config' ? 'whole' : 'skip'),
  });
  for await (const batch of scan) {
    for (const ev of batch) {
      if (ev.type === 'element') yield { frame: ev.value, place: `${ev.key ?? ''}[${ev.index}]` };
      else if (ev.type !== 'value') continue;
      else if (ev.key === 'config' && isObject(ev.value)) onConfig(ev.value);
      else if (ev.key === undefined || (ev.key === 'frames' && ev.value !== null))
        throw new DatasetError('bad-field', 'expected a list of frames or an object with "frames"', {
          file: path,
        });
    }
  }
}

/**
 * Reads Scalabel / BDD100K JSON labels (det_20 list files, box_track_20 per-video files, pose_21,
 * Scalabel exports with a config): one item per frame, every label's shapes as annotations.
 */
export async function readScalabel(
  tree: FileTree,
  options: ScalabelReadOptions = {},
): Promise<DatasetSource> {
  const entries = await tree.list();
  const sizes = new Map(entries.map((e) => [e.path, e.size]));
  const files: LabelFile[] = scalabelFiles(entries).map((path) => ({
    path,
    subset: subsetOfLabelFile(path),
    size: sizes.get(path) ?? 0,
  }));
  if (files.length === 0)
    throw new DatasetError('not-found', 'no Scalabel JSON label file (*.json) found', { file: tree.name });
  const images = imageIndex(entries);
  const keep = files.reduce((n, f) => n + f.size, 0) <= (options.keepParsedBytes ?? KEEP_PARSED_BYTES);

  // First pass: the config (first one wins), the category names used, whether frames are video frames.
  const parsed = new Map<string, FrameAt[]>();
  let config: Json | undefined;
  let hasVideo = false;
  let hasBoxes = false;
  let hasGraphs = false;
  const names: string[] = [];
  const seen = new Set<string>();
  let graphEdges: [string, string][] | undefined;
  for (const f of files) {
    const kept: FrameAt[] | undefined = keep ? [] : undefined;
    for await (const at of streamFrames(tree, f.path, (c) => (config ??= c))) {
      kept?.push(at);
      const frame = at.frame;
      if (!isObject(frame)) continue;
      if (typeof frame.videoName === 'string' && frame.videoName !== '') hasVideo = true;
      if (!Array.isArray(frame.labels)) continue;
      for (const label of frame.labels) {
        if (!isObject(label)) continue;
        if (typeof label.category === 'string' && !seen.has(label.category)) {
          seen.add(label.category);
          names.push(label.category);
        }
        if (isObject(label.box2d) || Array.isArray(label.poly2d)) hasBoxes = true;
        if (isObject(label.graph)) {
          hasGraphs = true;
          if (!graphEdges) graphEdges = graphEdgesOf(label.graph);
        }
      }
    }
    if (kept) parsed.set(f.path, kept);
  }

  const categories = buildCategories(config, names, hasVideo, hasBoxes, hasGraphs, graphEdges);
  const labelIndex = new Map(categories.labels.map((l, i) => [l.name, i]));
  const tolerance = options.bezierTolerance ?? 0.5;

  return {
    categories,
    async *items() {
      let done = 0;
      for (const f of files) {
        const frames = parsed.get(f.path) ?? streamFrames(tree, f.path, () => {});
        const tracks = new Map<string, Map<string, number>>();
        for await (const { frame, place } of frames) {
          readContext(options).check();
          let item: DatasetItem | undefined;
          try {
            item = readFrame(frame, {
              file: f.path,
              place,
              subset: f.subset,
              tree,
              images,
              labelIndex,
              tracks,
              tolerance,
              options,
            });
          } catch (e) {
            if (options.lenient && isDatasetError(e))
              options.onWarning?.(`${(e as Error).message} (frame skipped)`);
            else throw e;
          }
          if (item) {
            yield item;
            options.onProgress?.(++done);
          }
        }
      }
    },
  };
}

function graphEdgesOf(graph: Json): [string, string][] | undefined {
  if (!Array.isArray(graph.nodes) || !Array.isArray(graph.edges)) return undefined;
  const jointOf = new Map<string, string>();
  for (const n of graph.nodes) {
    if (isObject(n) && typeof n.category === 'string')
      jointOf.set(String(n.id), POSE_JOINT_ALIASES[n.category] ?? n.category);
  }
  const out: [string, string][] = [];
  for (const e of graph.edges) {
    if (!isObject(e)) continue;
    const a = jointOf.get(String(e.source));
    const b = jointOf.get(String(e.target));
    if (a && b) out.push([a, b]);
  }
  return out;
}

function buildCategories(
  config: Json | undefined,
  names: string[],
  hasVideo: boolean,
  hasBoxes: boolean,
  hasGraphs: boolean,
  graphEdges: [string, string][] | undefined,
): Categories {
  let labels: LabelCategory[];
  if (config && Array.isArray(config.categories)) {
    labels = leafLabels(config.categories.filter(isObject).map(toCategoryNode));
  } else {
    const tree: CategoryNode[] = hasGraphs && !hasBoxes ? POSE_TREE : hasVideo ? TRACK_TREE : DET_TREE;
    labels = leafLabels(tree);
  }
  const known = new Set(labels.map((l) => l.name));
  for (const n of names) {
    if (!known.has(n)) {
      known.add(n);
      labels.push({ name: n });
    }
  }
  const categories: Categories = { labels };
  if (hasGraphs) {
    const skeletons = new Map<number, SkeletonCategory>();
    const edges: [number, number][] = (graphEdges ?? [])
      .map(([a, b]) => [POSE_JOINTS.indexOf(a), POSE_JOINTS.indexOf(b)] as [number, number])
      .filter(([a, b]) => a >= 0 && b >= 0);
    const ped = labels.findIndex((l) => l.name === 'pedestrian');
    if (ped >= 0) skeletons.set(ped, { points: [...POSE_JOINTS], edges });
    categories.skeletons = skeletons;
  }
  return categories;
}

function toCategoryNode(o: Json): CategoryNode {
  const name = String(o.name ?? '');
  const subs = Array.isArray(o.subcategories)
    ? o.subcategories.filter(isObject).map(toCategoryNode)
    : undefined;
  return subs && subs.length > 0 ? { name, subcategories: subs } : { name };
}

interface FrameContext {
  file: string;
  place: string;
  subset: string;
  tree: FileTree;
  images: Map<string, string[]>;
  labelIndex: Map<string, number>;
  /** Per video: Scalabel label id -> track id. */
  tracks: Map<string, Map<string, number>>;
  tolerance: number;
  options: ScalabelReadOptions;
}

function bad(ctx: { file: string }, place: string, message: string): DatasetError {
  return new DatasetError('bad-field', message, { file: ctx.file, place });
}

function num(v: unknown, ctx: { file: string }, place: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw bad(ctx, place, `expected a number, got ${JSON.stringify(v) ?? 'nothing'}`);
  return v;
}

function scalarAttributes(o: unknown): Attributes {
  const out: Attributes = {};
  if (!isObject(o)) return out;
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      out[k] = v as AttributeValue;
    else if (Array.isArray(v)) out[k] = v.map(String).join(',');
  }
  return out;
}

function readFrame(raw: unknown, ctx: FrameContext): DatasetItem {
  if (!isObject(raw)) throw bad(ctx, ctx.place, 'a frame must be an object');
  const frame = raw;
  if (typeof frame.name !== 'string' && typeof frame.name !== 'number')
    throw bad(ctx, `${ctx.place}.name`, 'a frame needs a name');
  // Scalabel exports often name frames by their URL: the file name is what identifies the frame.
  const rawName = String(frame.name);
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(rawName);
  const name = isUrl
    ? basename(rawName.replace(/[?#].*$/, '')) || rawName
    : safeRelativePath(rawName, { file: ctx.file, place: `${ctx.place}.name` });
  if (name === '') throw bad(ctx, `${ctx.place}.name`, 'a frame needs a name');
  const video = typeof frame.videoName === 'string' && frame.videoName !== '' ? frame.videoName : undefined;
  const stem = stripExtension(name);
  const id = video ? `${video}/${basename(stem)}` : stem;

  const attributes = scalarAttributes(frame.attributes);
  if (typeof frame.timestamp === 'number') attributes.timestamp = frame.timestamp;

  let path: string | undefined;
  if (typeof frame.url === 'string' && frame.url !== '' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(frame.url)) {
    try {
      path = safeRelativePath(frame.url);
    } catch {
      path = undefined;
    }
    if (path && !ctx.images.get(basename(path))?.includes(path)) path = undefined;
  }
  path ??= pickImage(ctx.images.get(basename(name)), ctx.subset, video);
  const size = isObject(frame.size) ? frame.size : undefined;
  const media: Media = {
    kind: video ? 'video-frame' : 'image',
    path: path ?? (video ? `${video}/${basename(name)}` : name),
  };
  if (size) {
    media.width = num(size.width, ctx, `${ctx.place}.size.width`);
    media.height = num(size.height, ctx, `${ctx.place}.size.height`);
  }
  if (typeof frame.frameIndex === 'number') media.frame = frame.frameIndex;
  else if (video) media.frame = 0;
  if (path) {
    const tree = ctx.tree;
    const p = path;
    media.bytes = () => tree.read(p);
  }

  const annotations: Annotation[] = [];
  const labels = frame.labels ?? [];
  if (!Array.isArray(labels)) throw bad(ctx, `${ctx.place}.labels`, 'labels must be a list');
  let trackIds: Map<string, number> | undefined;
  if (video) {
    trackIds = ctx.tracks.get(video);
    if (!trackIds) {
      trackIds = new Map();
      ctx.tracks.set(video, trackIds);
    }
  }
  for (let j = 0; j < labels.length; j++) {
    const lplace = `${ctx.place}.labels[${j}]`;
    const label = labels[j];
    if (!isObject(label)) throw bad(ctx, lplace, 'a label must be an object');
    try {
      readLabel(label, j, lplace, ctx, trackIds, annotations);
    } catch (e) {
      if (ctx.options.lenient && isDatasetError(e))
        ctx.options.onWarning?.(`${(e as Error).message} (label skipped)`);
      else throw e;
    }
  }
  return { id, subset: ctx.subset, media, annotations, attributes };
}

const INTEGER = /^-?\d+$/;

function readLabel(
  label: Json,
  j: number,
  place: string,
  ctx: FrameContext,
  trackIds: Map<string, number> | undefined,
  out: Annotation[],
): void {
  const base: { label?: number; id?: number; objectId?: number; attributes: Attributes } = {
    attributes: scalarAttributes(label.attributes),
  };
  if (typeof label.category === 'string') base.label = ctx.labelIndex.get(label.category);
  if (typeof label.score === 'number') base.attributes.score = label.score;
  const rawId = label.id === undefined || label.id === null ? undefined : String(label.id);
  if (rawId !== undefined) {
    if (trackIds) {
      let t = trackIds.get(rawId);
      if (t === undefined) {
        t = INTEGER.test(rawId) && Number.isSafeInteger(Number(rawId)) ? Number(rawId) : trackIds.size + 1;
        trackIds.set(rawId, t);
      }
      base.objectId = t;
    } else if (INTEGER.test(rawId) && Number.isSafeInteger(Number(rawId))) {
      base.id = Number(rawId);
    }
  }

  const shapes: Annotation[] = [];
  if (isObject(label.box2d)) {
    const b = label.box2d;
    const x1 = num(b.x1, ctx, `${place}.box2d.x1`);
    const y1 = num(b.y1, ctx, `${place}.box2d.y1`);
    const x2 = num(b.x2, ctx, `${place}.box2d.x2`);
    const y2 = num(b.y2, ctx, `${place}.box2d.y2`);
    // box2d is inclusive: x2, y2 are the last pixel inside.
    shapes.push({
      type: 'bbox',
      ...base,
      attributes: { ...base.attributes },
      x: x1,
      y: y1,
      w: x2 - x1 + 1,
      h: y2 - y1 + 1,
    });
  }
  if (Array.isArray(label.poly2d)) {
    label.poly2d.forEach((raw, k) => {
      const pplace = `${place}.poly2d[${k}]`;
      const poly = readPoly2d(raw, ctx, pplace);
      const attributes: Attributes = { ...base.attributes };
      if (poly.types.includes('C'))
        attributes.poly2d = JSON.stringify({ vertices: poly.vertices, types: poly.types });
      const points = flattenPoly2d(poly, ctx.tolerance);
      shapes.push({ type: poly.closed ? 'polygon' : 'polyline', ...base, attributes, points });
    });
  }
  if (isObject(label.rle)) {
    let rle: ReturnType<typeof parseCocoRle>;
    try {
      rle = parseCocoRle(label.rle as never);
    } catch (e) {
      throw bad(ctx, `${place}.rle`, `not a COCO RLE (${e instanceof Error ? e.message : String(e)})`);
    }
    // decoded at the size it declares: held to the caller's pixel limit
    const where = { file: ctx.file, place: `${place}.rle.size` };
    checkPixels(rle.size[1], rle.size[0], where, readContext(ctx.options).limits);
    shapes.push({ type: 'mask', ...base, attributes: { ...base.attributes }, mask: rleMask(rle) });
  }
  if (isObject(label.box3d)) {
    const b = label.box3d;
    const vec = (v: unknown, key: string): [number, number, number] => {
      if (!Array.isArray(v) || v.length !== 3) throw bad(ctx, `${place}.box3d.${key}`, 'expected 3 numbers');
      return v.map((x, i) => num(x, ctx, `${place}.box3d.${key}[${i}]`)) as [number, number, number];
    };
    const attributes: Attributes = { ...base.attributes };
    if (typeof b.alpha === 'number') attributes.alpha = b.alpha;
    shapes.push({
      type: 'cuboid3d',
      ...base,
      attributes,
      position: vec(b.location, 'location'),
      rotation: vec(b.orientation, 'orientation'),
      scale: vec(b.dimension, 'dimension'),
    });
  }
  if (isObject(label.graph)) shapes.push(readGraph(label.graph, base, ctx, `${place}.graph`));

  const group = shapes.length > 1 ? j + 1 : undefined;
  for (const s of shapes) {
    if (group !== undefined) s.group = group;
    out.push(s);
  }
}

function readPoly2d(raw: unknown, ctx: FrameContext, place: string): Poly2d {
  if (!isObject(raw) || !Array.isArray(raw.vertices))
    throw bad(ctx, place, 'a poly2d needs a list of vertices');
  const vertices = raw.vertices.map((v, i) => {
    if (!Array.isArray(v) || v.length < 2) throw bad(ctx, `${place}.vertices[${i}]`, 'a vertex is [x, y]');
    return [num(v[0], ctx, `${place}.vertices[${i}][0]`), num(v[1], ctx, `${place}.vertices[${i}][1]`)] as [
      number,
      number,
    ];
  });
  const types = typeof raw.types === 'string' ? raw.types : 'L'.repeat(vertices.length);
  if (types.length !== vertices.length || /[^LC]/.test(types)) {
    throw bad(
      ctx,
      `${place}.types`,
      `expected one of L or C per vertex (${vertices.length}), got '${types}'`,
    );
  }
  return { vertices, types, closed: raw.closed !== false };
}

function readGraph(
  graph: Json,
  base: { label?: number; id?: number; objectId?: number; attributes: Attributes },
  ctx: FrameContext,
  place: string,
): Annotation {
  if (!Array.isArray(graph.nodes)) throw bad(ctx, `${place}.nodes`, 'a graph needs a list of nodes');
  const points = new Array<number>(POSE_JOINTS.length * 2).fill(0);
  const visibility = new Array<Visibility>(POSE_JOINTS.length).fill(0);
  graph.nodes.forEach((n, k) => {
    const nplace = `${place}.nodes[${k}]`;
    if (!isObject(n) || typeof n.category !== 'string')
      throw bad(ctx, nplace, 'a node needs a category (the joint name)');
    const joint = POSE_JOINT_ALIASES[n.category] ?? n.category;
    const i = POSE_JOINTS.indexOf(joint);
    if (i < 0) throw bad(ctx, `${nplace}.category`, `unknown joint '${n.category}'`);
    if (!Array.isArray(n.location) || n.location.length < 2)
      throw bad(ctx, `${nplace}.location`, 'a node location is [x, y]');
    points[2 * i] = num(n.location[0], ctx, `${nplace}.location[0]`);
    points[2 * i + 1] = num(n.location[1], ctx, `${nplace}.location[1]`);
    visibility[i] = n.visibility === 'V' ? 2 : n.visibility === 'N' ? 1 : 0;
  });
  const attributes: Attributes = { ...base.attributes };
  if (typeof graph.type === 'string' && graph.type !== 'Pose2D-18Joints') attributes.graph_type = graph.type;
  return { type: 'points', ...base, attributes, points, visibility };
}
