import {
  type Annotation,
  type AnnotationBase,
  type BboxAnnotation,
  type DatasetItem,
  loadMask,
  rleMask,
  toPixels,
} from '@labelport/core';
import {
  bboxOfPoints,
  maskBbox,
  maskToPolygons,
  rasterizeBbox,
  rasterizePolygon,
  rleToBbox,
} from '@labelport/core/geometry';
import { mapItems } from '../map-items.js';
import { countConversion, noteOnce, type OpReport } from '../report.js';
import type { TransformSpec } from './spec.js';

/** The fields an annotation keeps when its shape changes type. */
export function baseOf(a: Annotation): AnnotationBase {
  const base: AnnotationBase = { attributes: a.attributes };
  if (a.id !== undefined) base.id = a.id;
  if (a.label !== undefined) base.label = a.label;
  if (a.group !== undefined) base.group = a.group;
  if (a.zOrder !== undefined) base.zOrder = a.zOrder;
  if (a.objectId !== undefined) base.objectId = a.objectId;
  return base;
}

type Converter = (
  a: Annotation,
  item: DatasetItem,
  report: OpReport,
) => Annotation[] | undefined | Promise<Annotation[] | undefined>;

/**
 * A transform that replaces annotations of some types through `convert` (undefined: keep the
 * annotation as it is; [] drops it), counting conversions `from->to` and drops.
 */
function shapeTransform(name: string, doc: string, from: string[], convert: Converter): TransformSpec {
  return {
    name,
    doc,
    params: {},
    apply(source, _params, report) {
      return mapItems(
        source,
        report,
        async (item) => {
          if (!item.annotations.some((a) => from.includes(a.type))) return item;
          const out: Annotation[] = [];
          let changed = false;
          for (const a of item.annotations) {
            const next = from.includes(a.type) ? await convert(a, item, report) : undefined;
            if (next === undefined) {
              out.push(a);
              continue;
            }
            changed = true;
            if (next.length === 0) report.annotationsRemoved++;
            else report.annotationsChanged++;
            if (next.length > 1) report.annotationsAdded += next.length - 1;
            for (const b of next) {
              countConversion(report, a.type, b.type);
              out.push(b);
            }
          }
          return changed ? { ...item, annotations: out } : item;
        },
        source.categories,
        true,
      );
    },
  };
}

/** The item's image size, or undefined with a note (the annotation is kept as it is). */
function sizeOf(
  item: DatasetItem,
  report: OpReport,
  what: string,
): { width: number; height: number } | undefined {
  const { width, height } = item.media ?? {};
  if (width !== undefined && height !== undefined && width > 0 && height > 0) return { width, height };
  noteOnce(report, `${what} of items without an image size are kept as they are`);
  return undefined;
}

export const boxesToMasks = shapeTransform(
  'boxes_to_masks',
  'turn boxes into masks',
  ['bbox'],
  (a, item, report) => {
    const size = sizeOf(item, report, 'boxes');
    if (!size) return undefined;
    const b = toPixels(a, size.width, size.height) as BboxAnnotation;
    return [
      {
        type: 'mask',
        mask: rleMask(rasterizeBbox(b.x, b.y, b.w, b.h, size.height, size.width)),
        ...baseOf(a),
      },
    ];
  },
);

export const boxesToPolygons = shapeTransform(
  'boxes_to_polygons',
  'turn boxes into polygons of their four corners',
  ['bbox'],
  (a) => {
    if (a.type !== 'bbox') return undefined;
    const { x, y, w, h } = a;
    const p: Annotation = { type: 'polygon', points: [x, y, x + w, y, x + w, y + h, x, y + h], ...baseOf(a) };
    if (a.normalized) p.normalized = true;
    return [p];
  },
);

/** An ellipse as a polygon of `n` points (Datumaro's Ellipse.as_polygon). */
function ellipsePoints(a: { x1: number; y1: number; x2: number; y2: number }, n = 720): number[] {
  const cx = (a.x1 + a.x2) / 2;
  const cy = (a.y1 + a.y2) / 2;
  const rx = Math.abs(a.x2 - a.x1) / 2;
  const ry = Math.abs(a.y2 - a.y1) / 2;
  const points: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    points.push(cx + rx * Math.cos(t), cy + ry * Math.sin(t));
  }
  return points;
}

export const polygonsToMasks = shapeTransform(
  'polygons_to_masks',
  'turn polygons and ellipses into masks',
  ['polygon', 'ellipse'],
  (a, item, report) => {
    const size = sizeOf(item, report, 'polygons and ellipses');
    if (!size || (a.type !== 'polygon' && a.type !== 'ellipse')) return undefined;
    const p = toPixels(a, size.width, size.height) as typeof a;
    const points = p.type === 'polygon' ? p.points : ellipsePoints(p);
    return [{ type: 'mask', mask: rleMask(rasterizePolygon(points, size.height, size.width)), ...baseOf(a) }];
  },
);

export const masksToPolygons = shapeTransform(
  'masks_to_polygons',
  'turn masks into polygons, one per connected part (holes are filled); empty masks are removed',
  ['mask'],
  async (a, _item, report) => {
    if (a.type !== 'mask') return undefined;
    const polygons = maskToPolygons(await loadMask(a.mask));
    if (polygons.length === 0) noteOnce(report, 'masks without any pixel are removed');
    return polygons.map((points) => ({ type: 'polygon' as const, points, ...baseOf(a) }));
  },
);

/** The box around a shape, or undefined for an empty one. */
async function extentOf(a: Annotation): Promise<[number, number, number, number] | undefined> {
  switch (a.type) {
    case 'polygon':
    case 'polyline':
    case 'points':
    case 'cuboid2d':
      return a.points.length >= 2 ? bboxOfPoints(a.points) : undefined;
    case 'skeleton': {
      const points = a.elements.flatMap((e) => e.points);
      return points.length >= 2 ? bboxOfPoints(points) : undefined;
    }
    case 'ellipse':
      return [Math.min(a.x1, a.x2), Math.min(a.y1, a.y2), Math.abs(a.x2 - a.x1), Math.abs(a.y2 - a.y1)];
    case 'mask': {
      const box = a.mask.kind === 'rle' ? rleToBbox(a.mask.rle) : maskBbox(await loadMask(a.mask));
      return box[2] > 0 && box[3] > 0 ? box : undefined;
    }
    default:
      return undefined;
  }
}

export const shapesToBoxes = shapeTransform(
  'shapes_to_boxes',
  'turn polygons, polylines, points, ellipses, cuboids, skeletons and masks into their bounding boxes',
  ['polygon', 'polyline', 'points', 'cuboid2d', 'skeleton', 'ellipse', 'mask'],
  async (a, _item, report) => {
    const box = await extentOf(a);
    if (!box) {
      noteOnce(report, 'empty shapes (no points, no pixels) are removed');
      return [];
    }
    const b: BboxAnnotation = { type: 'bbox', x: box[0], y: box[1], w: box[2], h: box[3], ...baseOf(a) };
    if (a.normalized) b.normalized = true;
    return [b];
  },
);
