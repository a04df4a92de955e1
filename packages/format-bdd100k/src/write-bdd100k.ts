import {
  type Annotation,
  type AttributeValue,
  type Categories,
  type DatasetItem,
  type DatasetSource,
  type FileSink,
  type IoOptions,
  maskToRle,
  ReportBuilder,
  readContext,
  type WriteReport,
} from '@labelport/core';
import { basename, dirname, joinPath } from '@labelport/core/files';
import { toCocoRleJson } from '@labelport/core/geometry';
import { JsonTextWriter } from '@labelport/core/json';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import {
  type CategoryNode,
  categoryTree,
  DET_TREE,
  leafLabels,
  POSE_JOINTS,
  TRACK_TREE,
} from './bdd-categories.js';
import { poly2dFromPoints } from './poly2d.js';

/** Attributes that are Scalabel fields of their own, not label attributes. */
const FIELD_ATTRIBUTES = new Set(['score', 'poly2d', 'alpha', 'graph_type']);

type Json = Record<string, unknown>;

const sameCategories = (c: Categories, tree: CategoryNode[]) => {
  const want = leafLabels(tree);
  return (
    c.labels.length === want.length &&
    c.labels.every((l, i) => l.name === want[i]!.name && (l.parent ?? '') === (want[i]!.parent ?? ''))
  );
};

/** A Scalabel label file written frame by frame. */
class FrameFile {
  private writer?: JsonTextWriter;
  private count = 0;
  constructor(
    private readonly sink: FileSink,
    private readonly path: string,
    private readonly config: Json | undefined,
  ) {}

  async add(frame: Json): Promise<void> {
    if (!this.writer) {
      this.writer = new JsonTextWriter(await this.sink.open(this.path));
      await this.writer.write(this.config ? `{"config":${JSON.stringify(this.config)},"frames":[\n` : '[\n');
    }
    await this.writer.write(`${this.count++ > 0 ? ',\n' : ''}${JSON.stringify(frame)}`);
  }

  async close(): Promise<void> {
    if (!this.writer) return;
    await this.writer.write(this.config ? '\n]}\n' : '\n]\n');
    await this.writer.close();
  }
}

/**
 * Writes BDD100K's JSON layout: frames of still images to `labels/det_20/det_<subset>.json` (one list
 * per subset), video frames to `labels/box_track_20/<subset>/<video>.json` (one list per video), images
 * (with saveMedia) to `images/100k/<subset>/` and `images/track/<subset>/<video>/`. Categories other
 * than BDD100K's own lists go in a Scalabel config (`{"config": ..., "frames": [...]}`). Boxes are
 * written inclusive (x2 = x + w - 1).
 */
export async function writeScalabel(
  source: DatasetSource,
  sink: FileSink,
  options: IoOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  const cats = source.categories;
  const config = (tree: CategoryNode[]) =>
    sameCategories(cats, tree) ? undefined : { categories: categoryTree(cats.labels) };
  const detConfig = config(DET_TREE);
  const trackConfig = config(TRACK_TREE);
  const files = new Map<string, FrameFile>();
  const fileFor = (path: string, cfg: Json | undefined) => {
    let f = files.get(path);
    if (!f) {
      f = new FrameFile(sink, path, cfg);
      files.set(path, f);
    }
    return f;
  };
  let done = 0;
  for await (const item of source.items()) {
    readContext(options).check();
    report.items++;
    const video =
      item.media?.kind === 'video-frame' || typeof item.attributes.videoName === 'string'
        ? videoOf(item)
        : undefined;
    const frame = frameOf(item, video, cats, report);
    await encodeFrameMasks(frame);
    if (video)
      await fileFor(joinPath('labels', 'box_track_20', item.subset, `${video}.json`), trackConfig).add(frame);
    else await fileFor(joinPath('labels', 'det_20', `det_${item.subset}.json`), detConfig).add(frame);
    if (options.saveMedia) {
      const name = frame.name as string;
      await saveMedia(
        item,
        sink,
        video
          ? joinPath('images', 'track', item.subset, video, name)
          : joinPath('images', '100k', item.subset, name),
        report,
      );
    }
    options.onProgress?.(++done);
  }
  for (const f of files.values()) await f.close();
  return report.build();
}

function videoOf(item: DatasetItem): string | undefined {
  if (typeof item.attributes.videoName === 'string') return item.attributes.videoName;
  const d = dirname(item.id);
  return d === '' ? undefined : d;
}

function frameOf(
  item: DatasetItem,
  video: string | undefined,
  cats: Categories,
  report: ReportBuilder,
): Json {
  // The item id is the frame's identity (the reader makes it from the name): name = id + the image's extension.
  const name = `${video ? basename(item.id) : item.id}${mediaExtension(item, '.jpg')}`;
  const frame: Json = { name };
  if (video) {
    frame.videoName = video;
    frame.frameIndex = item.media?.frame ?? 0;
  }
  const attributes: Record<string, AttributeValue> = {};
  for (const [k, v] of Object.entries(item.attributes)) {
    if (k === 'timestamp' && typeof v === 'number') frame.timestamp = v;
    else if (k === 'videoName') continue;
    else attributes[k] = v;
  }
  if (Object.keys(attributes).length > 0) frame.attributes = attributes;
  if (item.media?.width && item.media.height)
    frame.size = { width: item.media.width, height: item.media.height };
  frame.labels = labelsOf(item.annotations, cats, report);
  return frame;
}

interface LabelDraft {
  json: Json;
  hasBox: boolean;
  hasRle: boolean;
  hasBox3d: boolean;
  hasGraph: boolean;
}

function labelsOf(annotations: Annotation[], cats: Categories, report: ReportBuilder): Json[] {
  const out: LabelDraft[] = [];
  const byGroup = new Map<number, LabelDraft[]>();
  let nextId = 0;

  const newDraft = (a: Annotation): LabelDraft => {
    const json: Json = {};
    // An annotation without an id gets one that reads back as none (ids that are not numbers are not kept).
    const id = a.objectId ?? a.id;
    json.id = id === undefined ? `_${nextId++}` : String(id);
    if (a.label !== undefined && cats.labels[a.label]) json.category = cats.labels[a.label]!.name;
    const attributes: Record<string, AttributeValue> = {};
    for (const [k, v] of Object.entries(a.attributes)) if (!FIELD_ATTRIBUTES.has(k)) attributes[k] = v;
    if (Object.keys(attributes).length > 0) json.attributes = attributes;
    if (typeof a.attributes.score === 'number') json.score = a.attributes.score;
    const d = { json, hasBox: false, hasRle: false, hasBox3d: false, hasGraph: false };
    out.push(d);
    return d;
  };
  /** The label of this annotation's group that still has room for a shape of this kind. */
  const draftFor = (
    a: Annotation,
    slot: 'hasBox' | 'hasRle' | 'hasBox3d' | 'hasGraph' | undefined,
  ): LabelDraft => {
    if (a.group === undefined) return newDraft(a);
    const list = byGroup.get(a.group) ?? [];
    byGroup.set(a.group, list);
    const fit = list.find(
      (d) =>
        (slot ? !d[slot] : true) &&
        d.json.category === (a.label !== undefined ? cats.labels[a.label]?.name : undefined),
    );
    if (fit) return fit;
    const d = newDraft(a);
    list.push(d);
    return d;
  };

  for (const a of annotations) {
    switch (a.type) {
      case 'bbox': {
        const d = draftFor(a, 'hasBox');
        d.hasBox = true;
        d.json.box2d = { x1: a.x, y1: a.y, x2: a.x + a.w - 1, y2: a.y + a.h - 1 };
        break;
      }
      case 'polygon':
      case 'polyline': {
        const d = draftFor(a, undefined);
        const closed = a.type === 'polygon';
        let poly = poly2dFromPoints(a.points, closed);
        if (typeof a.attributes.poly2d === 'string') {
          try {
            const kept = JSON.parse(a.attributes.poly2d) as { vertices: [number, number][]; types: string };
            if (Array.isArray(kept.vertices) && typeof kept.types === 'string')
              poly = { vertices: kept.vertices, types: kept.types, closed };
          } catch {
            report.warn('a poly2d attribute that is not JSON was ignored');
          }
        }
        const list = (d.json.poly2d as unknown[] | undefined) ?? [];
        list.push(poly);
        d.json.poly2d = list;
        break;
      }
      case 'mask': {
        // Sync encoding is not possible for lazy masks: placeholder filled below.
        const d = draftFor(a, 'hasRle');
        d.hasRle = true;
        d.json.rle = a.mask;
        break;
      }
      case 'cuboid3d': {
        const d = draftFor(a, 'hasBox3d');
        d.hasBox3d = true;
        d.json.box3d = {
          alpha: typeof a.attributes.alpha === 'number' ? a.attributes.alpha : 0,
          orientation: a.rotation,
          location: a.position,
          dimension: a.scale,
        };
        break;
      }
      case 'points': {
        const d = draftFor(a, 'hasGraph');
        d.hasGraph = true;
        const names =
          (a.label !== undefined ? cats.skeletons?.get(a.label)?.points : undefined) ?? POSE_JOINTS;
        const nodes: Json[] = [];
        for (let i = 0; i * 2 + 1 < a.points.length; i++) {
          const v = a.visibility[i] ?? 2;
          if (v === 0 && a.points[2 * i] === 0 && a.points[2 * i + 1] === 0) continue;
          nodes.push({
            location: [a.points[2 * i], a.points[2 * i + 1]],
            category: names[i] ?? `p${i}`,
            visibility: v === 2 ? 'V' : v === 1 ? 'N' : null,
            id: String(i),
          });
        }
        const edges = (a.label !== undefined ? cats.skeletons?.get(a.label)?.edges : undefined) ?? [];
        d.json.graph = {
          nodes,
          edges: edges.map(([s, t]) => ({ source: String(s), target: String(t), type: 'body' })),
          type: typeof a.attributes.graph_type === 'string' ? a.attributes.graph_type : 'Pose2D-18Joints',
        };
        break;
      }
      default:
        report.drop(a.type);
    }
  }
  return out.map((d) => d.json);
}

/** Masks (lazy sources) to compressed COCO RLE strings, in place. */
export async function encodeFrameMasks(frame: Json): Promise<void> {
  const labels = frame.labels as Json[];
  for (const l of labels) {
    if (l.rle && typeof l.rle === 'object' && 'kind' in (l.rle as object)) {
      const rle = await maskToRle(l.rle as never);
      l.rle = toCocoRleJson(rle, true);
    }
  }
}
