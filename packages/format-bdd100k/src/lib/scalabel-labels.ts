import {
  type Annotation,
  type AttributeValue,
  type Categories,
  maskToRle,
  type PointsAnnotation,
  type ReportBuilder,
} from '@labelport/core';
import { toCocoRleJson } from '@labelport/core/geometry';
import type { JsonObject } from '@labelport/core/json';
import { POSE_JOINTS } from './bdd-categories.js';
import { poly2dFromPoints } from './poly2d.js';

/** Attributes that are Scalabel fields of their own, not label attributes. */
const FIELD_ATTRIBUTES = new Set(['score', 'poly2d', 'alpha', 'graph_type']);

/** The shapes a Scalabel label holds one of at most (poly2d is a list: any number). */
type Slot = 'hasBox' | 'hasRle' | 'hasBox3d' | 'hasGraph';

interface LabelDraft {
  json: JsonObject;
  /** How many annotations went into the label (with more than one, they read back as one group). */
  shapes: number;
  hasBox: boolean;
  hasRle: boolean;
  hasBox3d: boolean;
  hasGraph: boolean;
}

/**
 * The labels of one frame as they are built: an annotation goes into a label of its own, or, in a
 * group, into the group's label of its category that has no shape of its kind yet.
 */
class LabelDrafts {
  readonly out: LabelDraft[] = [];
  private readonly byGroup = new Map<number, LabelDraft[]>();
  private nextId = 0;

  constructor(private readonly cats: Categories) {}

  private newDraft(a: Annotation): LabelDraft {
    const json: JsonObject = {};
    // An annotation without an id gets one that reads back as none (ids that are not numbers are not kept).
    const id = a.objectId ?? a.id;
    json.id = id === undefined ? `_${this.nextId++}` : String(id);
    if (a.label !== undefined && this.cats.labels[a.label]) json.category = this.cats.labels[a.label]!.name;
    const attributes: Record<string, AttributeValue> = {};
    for (const [k, v] of Object.entries(a.attributes)) if (!FIELD_ATTRIBUTES.has(k)) attributes[k] = v;
    if (Object.keys(attributes).length > 0) json.attributes = attributes;
    if (typeof a.attributes.score === 'number') json.score = a.attributes.score;
    const d = { json, shapes: 0, hasBox: false, hasRle: false, hasBox3d: false, hasGraph: false };
    this.out.push(d);
    return d;
  }

  /** The label of this annotation's group that still has room for a shape of this kind (`slot` taken). */
  take(a: Annotation, slot: Slot | undefined): JsonObject {
    const d = this.draftFor(a, slot);
    if (slot) d[slot] = true;
    d.shapes++;
    return d.json;
  }

  /**
   * The annotations whose group does not read back: those of a group split over several labels (a
   * label holds one shape of each kind but poly2d, all of one category). A group in one label reads
   * back as one group.
   */
  lostGroupMembers(): number {
    let n = 0;
    for (const list of this.byGroup.values()) if (list.length > 1) for (const d of list) n += d.shapes;
    return n;
  }

  private draftFor(a: Annotation, slot: Slot | undefined): LabelDraft {
    if (a.group === undefined) return this.newDraft(a);
    const list = this.byGroup.get(a.group) ?? [];
    this.byGroup.set(a.group, list);
    const category = a.label !== undefined ? this.cats.labels[a.label]?.name : undefined;
    const fit = list.find((d) => (slot ? !d[slot] : true) && d.json.category === category);
    if (fit) return fit;
    const d = this.newDraft(a);
    list.push(d);
    return d;
  }
}

/** A polygon or polyline as a poly2d: the kept Bezier path when its attribute holds one. */
function poly2dOf(a: Annotation & { points: number[] }, closed: boolean, report: ReportBuilder) {
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
  return poly;
}

/** A points annotation as a Scalabel pose graph (joints named by the label's skeleton, else BDD's). */
function graphOf(a: PointsAnnotation, cats: Categories): JsonObject {
  const names = (a.label !== undefined ? cats.skeletons?.get(a.label)?.points : undefined) ?? POSE_JOINTS;
  const nodes: JsonObject[] = [];
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
  return {
    nodes,
    edges: edges.map(([s, t]) => ({ source: String(s), target: String(t), type: 'body' })),
    type: typeof a.attributes.graph_type === 'string' ? a.attributes.graph_type : 'Pose2D-18Joints',
  };
}

/** The frame's Scalabel labels; what a label cannot hold is counted as dropped. Masks stay lazy (see encodeFrameMasks). */
export function labelsOf(annotations: Annotation[], cats: Categories, report: ReportBuilder): JsonObject[] {
  const drafts = new LabelDrafts(cats);
  for (const a of annotations) {
    switch (a.type) {
      case 'bbox':
        drafts.take(a, 'hasBox').box2d = { x1: a.x, y1: a.y, x2: a.x + a.w - 1, y2: a.y + a.h - 1 };
        break;
      case 'polygon':
      case 'polyline': {
        const json = drafts.take(a, undefined);
        const list = (json.poly2d as unknown[] | undefined) ?? [];
        list.push(poly2dOf(a, a.type === 'polygon', report));
        json.poly2d = list;
        break;
      }
      case 'mask':
        // Sync encoding is not possible for lazy masks: encodeFrameMasks fills it in.
        drafts.take(a, 'hasRle').rle = a.mask;
        break;
      case 'cuboid3d':
        drafts.take(a, 'hasBox3d').box3d = {
          alpha: typeof a.attributes.alpha === 'number' ? a.attributes.alpha : 0,
          orientation: a.rotation,
          location: a.position,
          dimension: a.scale,
        };
        break;
      case 'points':
        drafts.take(a, 'hasGraph').graph = graphOf(a, cats);
        break;
      default:
        report.drop(a.type);
    }
  }
  report.drop(
    'group',
    drafts.lostGroupMembers(),
    'a Scalabel label holds one box, one rle, one box3d and one graph, of one category: a group with more is split over several labels, its tie lost',
  );
  return drafts.out.map((d) => d.json);
}

/** Masks (lazy sources) to compressed COCO RLE strings, in place. */
export async function encodeFrameMasks(frame: JsonObject): Promise<void> {
  const labels = frame.labels as JsonObject[];
  for (const l of labels) {
    if (l.rle && typeof l.rle === 'object' && 'kind' in (l.rle as object)) {
      const rle = await maskToRle(l.rle as never);
      l.rle = toCocoRleJson(rle, true);
    }
  }
}
