/**
 * The dataset model: plain, serialisable data. Coordinates are pixels, floats, with the origin at the
 * top-left corner of the top-left pixel. See DESIGN.md section 2.
 */
import type { BinaryMask, Rle } from './geometry/types.js';

/** The value of an attribute. */
export type AttributeValue = string | number | boolean;
/** Attributes by name (occluded, truncated, score, frame, ...). */
export type Attributes = Record<string, AttributeValue>;

/**
 * Attribute values readers fill in when a file says nothing (COCO's `iscrowd: 0`; VOC's, CVAT's and
 * KITTI's `occluded`, `truncated`, `difficult` unset): a format that cannot keep them loses nothing a
 * user set, so they are not counted as lost.
 */
export function isDefaultAttribute(name: string, value: AttributeValue): boolean {
  return (
    (name === 'is_crowd' || name === 'occluded' || name === 'truncated' || name === 'difficult') &&
    (value === false || value === 0)
  );
}

/** How many of these attributes a format without attributes would lose (defaults are not lost). */
export function lostAttributes(attributes: Attributes): number {
  let n = 0;
  for (const [k, v] of Object.entries(attributes)) if (!isDefaultAttribute(k, v)) n++;
  return n;
}

/**
 * For formats whose files use group 0 for "no group" (Datumaro JSON, CVAT's group_id): the group each of
 * ours is written as. A group already >= 1 keeps its number; 0 and below take the next numbers free
 * among the given ones, so group 0 stays a group. `undefined` (no group) is not in the map.
 */
export function groupsFromOne(groups: Iterable<number | undefined>): Map<number, number> {
  const given: number[] = [];
  let next = 1;
  for (const g of groups) {
    if (g === undefined) continue;
    given.push(g);
    if (g >= next) next = g + 1;
  }
  const out = new Map<number, number>();
  for (const g of given) if (!out.has(g)) out.set(g, g >= 1 ? g : next++);
  return out;
}

/** A value the model allows in `attributes` (what a writer may assume; anything else is reported). */
export function isAttributeValue(v: unknown): v is AttributeValue {
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean';
}
/** A point or vector in 3D: x, y, z. */
export type Vec3 = [number, number, number];

/** Datumaro's point visibility: 0 absent (not labelled), 1 hidden (labelled, occluded), 2 visible. */
export type Visibility = 0 | 1 | 2;

/**
 * Fields common to every annotation. An absent id, label, group or track is `undefined`; 0 is a value
 * like any other (formats number ids, classes and groups from 0), never "none".
 */
export interface AnnotationBase {
  /** The annotation id, where the format has one. 0 is an id. */
  id?: number;
  /** Index into `categories.labels`. */
  label?: number;
  /**
   * Shapes of one object (a COCO object's box and polygon, a labelme group) share a group; `undefined`
   * means none, and 0 is a group. Writers whose format uses 0 for "none" map groups onto 1.. on write.
   */
  group?: number;
  zOrder?: number;
  /** Identity across frames (tracks: MOT, CVAT video, BDD100K). 0 is a track. */
  objectId?: number;
  /**
   * The coordinates are fractions of the image's width and height (0..1), not pixels: formats that
   * store normalised coordinates (Open Images, YOLO) read them so when the image size is unknown.
   * convert() turns them into pixels for a writer that needs pixels, where the size is known.
   */
  normalized?: true;
  /** occluded, truncated, score, is_crowd, ... */
  attributes: Attributes;
}

/**
 * A binary mask of one object. Masks are lazy: a format that stores PNGs hands out a loader, not pixels.
 * - `rle`: COCO RLE (column-major), held uncompressed;
 * - `bitmap`: pixels in memory;
 * - `lazy`: loaded on demand (a PNG in the dataset); width/height given when known without loading.
 */
export type MaskSource =
  | { kind: 'rle'; rle: Rle }
  | { kind: 'bitmap'; bitmap: BinaryMask }
  | { kind: 'lazy'; width?: number; height?: number; load(): Promise<BinaryMask> };

/** A label of the whole item (classification). */
export type LabelAnnotation = { type: 'label' } & AnnotationBase;
/** An axis-aligned box: top-left corner and size, in pixels (or normalised when `normalized`). */
export type BboxAnnotation = { type: 'bbox'; x: number; y: number; w: number; h: number } & AnnotationBase;
/** A closed polygon, as flat x, y coordinates. */
export type PolygonAnnotation = { type: 'polygon'; points: number[] } & AnnotationBase;
/** An open line, as flat x, y coordinates. */
export type PolylineAnnotation = { type: 'polyline'; points: number[] } & AnnotationBase;
/** Points (keypoints) with a visibility each. */
export type PointsAnnotation = {
  type: 'points';
  points: number[];
  visibility: Visibility[];
} & AnnotationBase;
/** A binary mask of one object, lazily loaded. */
export type MaskAnnotation = { type: 'mask'; mask: MaskSource } & AnnotationBase;
/** An ellipse, by the corners of its bounding box. */
export type EllipseAnnotation = {
  type: 'ellipse';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
} & AnnotationBase;
/** A 2D projection of a box in 3D: 8 points, flat x,y (CVAT's cuboid, Datumaro's Cuboid2D). */
export type Cuboid2dAnnotation = { type: 'cuboid2d'; points: number[] } & AnnotationBase;
/** A box in 3D: position, rotation and scale. */
export type Cuboid3dAnnotation = {
  type: 'cuboid3d';
  position: Vec3;
  rotation: Vec3;
  scale: Vec3;
} & AnnotationBase;
/** A skeleton: named points (elements) joined by the edges of its category. */
export type SkeletonAnnotation = { type: 'skeleton'; elements: PointsAnnotation[] } & AnnotationBase;
/** A text caption. */
export type CaptionAnnotation = { type: 'caption'; caption: string } & AnnotationBase;

/** Any annotation, told apart by `type`. */
export type Annotation =
  | LabelAnnotation
  | BboxAnnotation
  | PolygonAnnotation
  | PolylineAnnotation
  | PointsAnnotation
  | MaskAnnotation
  | EllipseAnnotation
  | Cuboid2dAnnotation
  | Cuboid3dAnnotation
  | SkeletonAnnotation
  | CaptionAnnotation;

/** An annotation's `type`. */
export type AnnotationType = Annotation['type'];
/** The annotation of one type. */
export type AnnotationOf<T extends AnnotationType> = Extract<Annotation, { type: T }>;

/** Every annotation type. */
export const ANNOTATION_TYPES: readonly AnnotationType[] = [
  'label',
  'bbox',
  'polygon',
  'polyline',
  'points',
  'mask',
  'ellipse',
  'cuboid2d',
  'cuboid3d',
  'skeleton',
  'caption',
];

/** What an item shows: an image, a video frame or a point cloud. */
export type MediaKind = 'image' | 'video-frame' | 'point-cloud';

/** What the item shows. */
export interface Media {
  kind: MediaKind;
  /** Relative to the dataset root, '/'-separated. For video frames, the video or frame file. */
  path?: string;
  width?: number;
  height?: number;
  /** For video frames and sequences. */
  frame?: number;
  /** Lazy bytes; absent when the media is not there. */
  bytes?(): Promise<Uint8Array>;
}

/** One item: its id within its subset, its media, its annotations and attributes. */
export interface DatasetItem {
  /** Unique within its subset; '/'-separated path-like. */
  id: string;
  /** 'default' when the format has none. */
  subset: string;
  media?: Media;
  annotations: Annotation[];
  /** Item-level attributes: frame, weather, ... */
  attributes: Attributes;
}

/** A label: its name, parent and attribute names. */
export interface LabelCategory {
  name: string;
  parent?: string;
  /** Attribute names this label may carry. */
  attributes?: string[];
  /** The id the source format gave this label (a COCO category id), kept for round trips. */
  id?: number;
}

/** Labels that exclude each other (a group of one choice). */
export interface LabelGroup {
  name: string;
  groupType: 'exclusive' | 'inclusive';
  labels: string[];
}

/** A skeleton's point names and edges. */
export interface SkeletonCategory {
  /** Names of the points, in order. */
  points: string[];
  /** Pairs of 0-based indices into `points`. */
  edges: [number, number][];
}

/** What annotations refer to: labels, their mask colours and skeletons, known before the items. */
export interface Categories {
  labels: LabelCategory[];
  /** Label index -> RGB, for masks. */
  colors?: Map<number, [number, number, number]>;
  /** Label index -> point names and edges (keypoints, skeletons). */
  skeletons?: Map<number, SkeletonCategory>;
  /** Attribute names common to all labels. */
  attributes?: string[];
  labelGroups?: LabelGroup[];
}

/**
 * What readers produce and writers consume. `items()` may be called more than once; a conversion
 * streams items from reader to writer without holding the whole dataset where both formats allow.
 */
export interface DatasetSource {
  categories: Categories;
  items(): AsyncIterable<DatasetItem>;
  /** Number of items, when known cheaply. */
  size?: number;
  /** Dataset-level information (Datumaro's `infos`). */
  infos?: Record<string, unknown>;
}

/** The subset of a format without subsets: 'default'. */
export const DEFAULT_SUBSET = 'default';

/** Categories with no labels. */
export function emptyCategories(): Categories {
  return { labels: [] };
}
