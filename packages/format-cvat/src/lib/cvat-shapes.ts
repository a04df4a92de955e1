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

function num(el: XmlElement, ctx: ShapeContext, name: string): number {
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

function int(el: XmlElement, ctx: ShapeContext, name: string, fallback?: number): number {
  if (el.attrs[name] === undefined && fallback !== undefined) return fallback;
  const n = num(el, ctx, name);
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
 * One shape element (`<box>`, `<polygon>`, ...) as an annotation. In a track the label, group and
 * source come from the track and `frame`, `keyframe`, `outside` from the shape; on an image they are
 * the shape's own.
 */
export function parseShape(el: XmlElement, ctx: ShapeContext, track?: TrackInfo): Annotation {
  const a = el.attrs;
  const label = track ? track.label : resolveLabel(el, ctx, a.label);
  const attributes: Attributes = {};
  if (el.name !== 'skeleton' || a.occluded !== undefined) attributes.occluded = flag(a.occluded);
  const source = a.source ?? track?.source;
  if (source !== undefined) attributes.source = ctx.labels.intern(source);
  if (track) {
    if (el.name !== 'skeleton' || a.outside !== undefined) attributes.outside = flag(a.outside);
    attributes.keyframe = a.keyframe === undefined ? true : flag(a.keyframe);
  }
  if ((el.name === 'box' || el.name === 'ellipse') && a.rotation !== undefined) {
    const r = num(el, ctx, 'rotation');
    if (r !== 0) attributes.rotation = r;
  }
  readAttributes(el, ctx, label, attributes);

  const group = track ? track.group : a.group_id !== undefined ? int(el, ctx, 'group_id') : undefined;
  const z = a.z_order !== undefined ? int(el, ctx, 'z_order') : 0;
  // The geometry first, then the common fields set in place (no object spread: a long video makes
  // hundreds of thousands of these).
  let ann: Annotation;
  switch (el.name) {
    case 'box': {
      const x = num(el, ctx, 'xtl');
      const y = num(el, ctx, 'ytl');
      ann = { type: 'bbox', x, y, w: num(el, ctx, 'xbr') - x, h: num(el, ctx, 'ybr') - y, attributes };
      break;
    }
    case 'ellipse': {
      const cx = num(el, ctx, 'cx');
      const cy = num(el, ctx, 'cy');
      const rx = num(el, ctx, 'rx');
      const ry = num(el, ctx, 'ry');
      ann = { type: 'ellipse', x1: cx - rx, y1: cy - ry, x2: cx + rx, y2: cy + ry, attributes };
      break;
    }
    case 'polygon':
    case 'polyline':
      ann = { type: el.name, points: parsePoints(el, ctx), attributes };
      break;
    case 'points': {
      const points = parsePoints(el, ctx);
      ann = {
        type: 'points',
        points,
        visibility: new Array<Visibility>(points.length / 2).fill(2),
        attributes,
      };
      break;
    }
    case 'cuboid': {
      const points: number[] = [];
      for (const c of CUBOID_CORNERS) points.push(num(el, ctx, `x${c}`), num(el, ctx, `y${c}`));
      ann = { type: 'cuboid2d', points, attributes };
      break;
    }
    case 'mask':
      ann = { type: 'mask', mask: rleMask(parseMask(el, ctx)), attributes };
      break;
    case 'skeleton':
      ann = {
        type: 'skeleton',
        elements: parseSkeletonElements(el, ctx, label, track !== undefined),
        attributes,
      };
      break;
    default:
      throw shapeError(el, ctx, `unknown shape <${el.name}>`);
  }
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
  const left = int(el, ctx, 'left');
  const top = int(el, ctx, 'top');
  const width = int(el, ctx, 'width');
  const height = int(el, ctx, 'height');
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
