import {
  type Annotation,
  type Attributes,
  DatasetError,
  type DatasetLimits,
  isDatasetError,
  type PointsAnnotation,
  rleMask,
  type Visibility,
} from '@labelport/core';
import type { CvatLabels } from './cvat-meta.js';
import { plainDecimal, plainPoints } from './cvat-numbers.js';
import { cvatMaskToRle, parseCvatCounts } from './cvat-rle.js';
import type { XmlElement } from './xml-stream.js';

/** The shape elements CVAT writes inside `<image>` and `<track>`. */
export const CVAT_SHAPES = new Set([
  'box',
  'polygon',
  'polyline',
  'points',
  'ellipse',
  'cuboid',
  'mask',
  'skeleton',
]);

/** CVAT's cuboid corners, in the order of its attributes (and of our 8 points). */
export const CUBOID_CORNERS = ['tl1', 'bl1', 'tr1', 'br1', 'tl2', 'bl2', 'tr2', 'br2'] as const;

export interface ShapeContext {
  file: string;
  labels: CvatLabels;
  /** The image (frame) size, for masks. */
  width?: number;
  height?: number;
  /** The caller's limits (options.limits): masks are built at the image's size only under them. */
  limits?: DatasetLimits;
}

/** What a `<track>` gives its shapes: they name no label of their own. */
export interface TrackInfo {
  id: number;
  label?: number;
  group?: number;
  source?: string;
}

export function shapeError(el: XmlElement, ctx: { file: string }, message: string): DatasetError {
  return new DatasetError('bad-field', message, {
    file: ctx.file,
    place: `line ${el.line} <${el.name}>`,
  });
}

/** The attribute `name` of the element as a number (a plain decimal read straight from the text). */
function numberAttribute(el: XmlElement, ctx: ShapeContext, name: string): number {
  const s = el.attrs[name];
  if (s !== undefined) {
    const fast = plainDecimal(s, 0, s.length);
    if (!Number.isNaN(fast)) return fast;
  }
  const n = s === undefined || s.trim() === '' ? Number.NaN : Number(s);
  if (!Number.isFinite(n)) {
    throw shapeError(
      el,
      ctx,
      s === undefined ? `'${name}' is missing` : `'${name}' is not a number ('${s}')`,
    );
  }
  return n;
}

/** The attribute `name` of the element as a whole number. */
function integerAttribute(el: XmlElement, ctx: ShapeContext, name: string): number {
  const n = numberAttribute(el, ctx, name);
  if (!Number.isInteger(n))
    throw shapeError(el, ctx, `'${name}' is not a whole number ('${el.attrs[name]}')`);
  return n;
}

/** `x0,y0;x1,y1;...` as flat numbers; an odd count or a non-number is an error. */
export function parsePoints(el: XmlElement, ctx: { file: string }): number[] {
  const text = el.attrs.points;
  if (text === undefined) throw shapeError(el, ctx, `'points' is missing`);
  const plain = plainPoints(text);
  if (plain) return plain;
  const out: number[] = [];
  for (const pair of text.split(';')) {
    if (pair.trim() === '') continue;
    const xy = pair.split(',');
    if (xy.length !== 2) {
      throw shapeError(
        el,
        ctx,
        `points '${text.length > 60 ? `${text.slice(0, 60)}...` : text}' have an odd number of coordinates`,
      );
    }
    const x = Number(xy[0]);
    const y = Number(xy[1]);
    if (!Number.isFinite(x) || !Number.isFinite(y) || xy[0]!.trim() === '' || xy[1]!.trim() === '') {
      throw shapeError(el, ctx, `points contain a value that is not a number ('${pair}')`);
    }
    out.push(x, y);
  }
  return out;
}

const flag = (v: string | undefined) => v === '1' || v === 'true' || v === 'True';

export function resolveLabel(
  el: XmlElement,
  ctx: ShapeContext,
  name: string | undefined,
  parent?: string,
): number | undefined {
  if (name === undefined || name === '') return undefined;
  const idx = ctx.labels.find(name, parent);
  if (idx === undefined) {
    throw shapeError(
      el,
      ctx,
      parent
        ? `label '${name}' of skeleton '${parent}' is not declared in <meta>`
        : `label '${name}' is not declared in <meta>`,
    );
  }
  return idx;
}

/** The `<attribute name="...">` children, typed by the label's declaration. */
export function readAttributes(
  el: XmlElement,
  ctx: ShapeContext,
  label: number | undefined,
  into: Attributes,
): Attributes {
  for (const c of el.children) {
    if (c.name !== 'attribute') continue;
    const name = c.attrs.name;
    if (name === undefined) throw shapeError(c, ctx, `<attribute> has no 'name'`);
    into[name] = ctx.labels.typeValue(label, name, c.text);
  }
  return into;
}

/**
 * The attributes CVAT keeps on a shape element: `occluded`, `source` (the track's in a track),
 * `outside` and `keyframe` (a track's shape), `rotation` (boxes and ellipses, degrees, when not 0),
 * then the `<attribute>` children.
 */
function shapeAttributes(
  el: XmlElement,
  ctx: ShapeContext,
  label: number | undefined,
  track?: TrackInfo,
): Attributes {
  const a = el.attrs;
  const attributes: Attributes = {};
  if (el.name !== 'skeleton' || a.occluded !== undefined) attributes.occluded = flag(a.occluded);
  const source = a.source ?? track?.source;
  if (source !== undefined) attributes.source = ctx.labels.intern(source);
  if (track) {
    if (el.name !== 'skeleton' || a.outside !== undefined) attributes.outside = flag(a.outside);
    attributes.keyframe = a.keyframe === undefined ? true : flag(a.keyframe);
  }
  if ((el.name === 'box' || el.name === 'ellipse') && a.rotation !== undefined) {
    const r = numberAttribute(el, ctx, 'rotation');
    if (r !== 0) attributes.rotation = r;
  }
  return readAttributes(el, ctx, label, attributes);
}

/** The geometry of a shape element, as an annotation with `attributes` (and nothing else yet). */
function shapeGeometry(
  el: XmlElement,
  ctx: ShapeContext,
  attributes: Attributes,
  label: number | undefined,
  inTrack: boolean,
): Annotation {
  switch (el.name) {
    case 'box': {
      const x = numberAttribute(el, ctx, 'xtl');
      const y = numberAttribute(el, ctx, 'ytl');
      const w = numberAttribute(el, ctx, 'xbr') - x;
      return { type: 'bbox', x, y, w, h: numberAttribute(el, ctx, 'ybr') - y, attributes };
    }
    case 'ellipse': {
      const cx = numberAttribute(el, ctx, 'cx');
      const cy = numberAttribute(el, ctx, 'cy');
      const rx = numberAttribute(el, ctx, 'rx');
      const ry = numberAttribute(el, ctx, 'ry');
      return { type: 'ellipse', x1: cx - rx, y1: cy - ry, x2: cx + rx, y2: cy + ry, attributes };
    }
    case 'polygon':
    case 'polyline':
      return { type: el.name, points: parsePoints(el, ctx), attributes };
    case 'points': {
      const points = parsePoints(el, ctx);
      const visibility = new Array<Visibility>(points.length / 2).fill(2);
      return { type: 'points', points, visibility, attributes };
    }
    case 'cuboid': {
      const points: number[] = [];
      for (const c of CUBOID_CORNERS)
        points.push(numberAttribute(el, ctx, `x${c}`), numberAttribute(el, ctx, `y${c}`));
      return { type: 'cuboid2d', points, attributes };
    }
    case 'mask':
      return { type: 'mask', mask: rleMask(parseMask(el, ctx)), attributes };
    case 'skeleton':
      return { type: 'skeleton', elements: parseSkeletonElements(el, ctx, label, inTrack), attributes };
    default:
      throw shapeError(el, ctx, `unknown shape <${el.name}>`);
  }
}

/**
 * One shape element (`<box>`, `<polygon>`, ...) as an annotation. In a track the label, group and
 * source come from the track and `frame`, `keyframe`, `outside` from the shape; on an image they are
 * the shape's own.
 */
export function parseShape(el: XmlElement, ctx: ShapeContext, track?: TrackInfo): Annotation {
  const a = el.attrs;
  const label = track ? track.label : resolveLabel(el, ctx, a.label);
  const attributes = shapeAttributes(el, ctx, label, track);
  let group = track?.group;
  if (!track && a.group_id !== undefined) group = integerAttribute(el, ctx, 'group_id');
  const z = a.z_order !== undefined ? integerAttribute(el, ctx, 'z_order') : 0;
  // The geometry first, then the common fields set in place (no object spread: a long video makes
  // hundreds of thousands of these).
  const ann = shapeGeometry(el, ctx, attributes, label, track !== undefined);
  if (label !== undefined) ann.label = label;
  if (group) ann.group = group;
  if (z) ann.zOrder = z;
  if (track) {
    ann.objectId = track.id;
    ann.id = track.id;
  }
  return ann;
}

function parseMask(el: XmlElement, ctx: ShapeContext) {
  const counts = el.attrs.rle === undefined ? undefined : parseCvatCounts(el.attrs.rle);
  if (!counts) throw shapeError(el, ctx, `'rle' must be a list of whole numbers`);
  const left = integerAttribute(el, ctx, 'left');
  const top = integerAttribute(el, ctx, 'top');
  const width = integerAttribute(el, ctx, 'width');
  const height = integerAttribute(el, ctx, 'height');
  if (width < 0 || height < 0) throw shapeError(el, ctx, 'the mask has a negative size');
  let total = 0;
  for (const n of counts) total += n;
  if (total !== width * height) {
    throw shapeError(
      el,
      ctx,
      `the mask's runs cover ${total} pixels, but its box is ${width}x${height} = ${width * height}`,
    );
  }
  const W = ctx.width ?? left + width;
  const H = ctx.height ?? top + height;
  // The image and the box are held to the pixel limit there; the error is placed here.
  try {
    return cvatMaskToRle({ counts, left, top, width, height }, W, H, ctx.limits);
  } catch (e) {
    if (!isDatasetError(e)) throw e;
    throw new DatasetError((e as DatasetError).code, (e as DatasetError).detail, {
      file: ctx.file,
      place: `line ${el.line} <${el.name}>`,
    });
  }
}

function parseSkeletonElements(
  el: XmlElement,
  ctx: ShapeContext,
  skeleton: number | undefined,
  inTrack: boolean,
): PointsAnnotation[] {
  const parent = skeleton !== undefined ? ctx.labels.categories.labels[skeleton]!.name : undefined;
  const out: PointsAnnotation[] = [];
  for (const c of el.children) {
    if (c.name !== 'points') continue;
    const label = resolveLabel(c, ctx, c.attrs.label, parent);
    const points = parsePoints(c, ctx);
    const v: Visibility = flag(c.attrs.outside) ? 0 : flag(c.attrs.occluded) ? 1 : 2;
    const attributes: Attributes = {};
    if (c.attrs.source !== undefined) attributes.source = ctx.labels.intern(c.attrs.source);
    if (inTrack && c.attrs.keyframe !== undefined) attributes.keyframe = flag(c.attrs.keyframe);
    readAttributes(c, ctx, label, attributes);
    const p: PointsAnnotation = {
      type: 'points',
      points,
      visibility: new Array<Visibility>(points.length / 2).fill(v),
      attributes,
    };
    if (label !== undefined) p.label = label;
    out.push(p);
  }
  return out;
}
