import {
  type Annotation,
  type Categories,
  checkPixels,
  type DatasetLimits,
  loadMask,
  maskSize,
  type PointsAnnotation,
  type ReportBuilder,
} from '@labelport/core';
import { escapeXmlAttribute, escapeXmlText } from '@labelport/core/files';
import { bitmapToCvatMask } from './cvat-rle.js';
import { CUBOID_CORNERS } from './cvat-shapes.js';
import { isAttributeValue, isBuiltin } from './cvat-write-meta.js';
import { attrsText, formatNumber } from './xml-text.js';

/** The CVAT element of each annotation type that CVAT holds as a shape. */
export const SHAPE_ELEMENT: Partial<Record<Annotation['type'], string>> = {
  bbox: 'box',
  polygon: 'polygon',
  polyline: 'polyline',
  points: 'points',
  ellipse: 'ellipse',
  cuboid2d: 'cuboid',
  mask: 'mask',
  skeleton: 'skeleton',
};

const pointsText = (p: number[]) => {
  let s = '';
  for (let i = 0; i + 1 < p.length; i += 2)
    s += `${i ? ';' : ''}${formatNumber(p[i]!)},${formatNumber(p[i + 1]!)}`;
  return s;
};

const bool01 = (v: unknown) => (v === true || v === 1 || v === '1' || v === 'true' ? '1' : '0');

export interface ShapeWriteContext {
  categories: Categories;
  report: ReportBuilder;
  /** The caller's limits (options.limits): a mask is loaded and boxed only under them. */
  limits?: DatasetLimits;
}

/** What places the shape: `label` (images), or `frame`, `keyframe`, `outside` (a track's shape). */
export interface ShapePlacement {
  frame?: number;
  keyframe?: boolean;
  outside?: boolean;
  /** Shapes of a track name no label; those of an image do. */
  withLabel: boolean;
}

/**
 * The `<attribute>` children of an annotation. A value that is not a string, number or boolean (the
 * model allows no other, but a reader may leave one) has no CVAT text: it is dropped and reported.
 */
export function attributeElements(ann: Annotation, indent: string, report: ReportBuilder): string {
  let s = '';
  for (const [k, v] of Object.entries(ann.attributes)) {
    if (!isAttributeValue(v)) {
      report.drop(
        'attribute',
        1,
        `attribute values that are not a string, number or boolean have no CVAT text: they are not written`,
      );
      continue;
    }
    if (isBuiltin(ann, k, v)) continue;
    const text =
      typeof v === 'boolean' ? (v ? 'true' : 'false') : typeof v === 'number' ? formatNumber(v) : v;
    s += `${indent}<attribute name="${escapeXmlAttribute(k)}">${escapeXmlText(text)}</attribute>\n`;
  }
  return s;
}

function geometryAttrs(ann: Annotation): [string, string | number | undefined][] {
  switch (ann.type) {
    case 'bbox':
      return [
        ['xtl', ann.x],
        ['ytl', ann.y],
        ['xbr', ann.x + ann.w],
        ['ybr', ann.y + ann.h],
      ];
    case 'ellipse': {
      const cx = (ann.x1 + ann.x2) / 2;
      const cy = (ann.y1 + ann.y2) / 2;
      return [
        ['cx', cx],
        ['cy', cy],
        ['rx', ann.x2 - cx],
        ['ry', ann.y2 - cy],
      ];
    }
    case 'cuboid2d':
      return CUBOID_CORNERS.flatMap((c, i) => [
        [`x${c}`, ann.points[2 * i]],
        [`y${c}`, ann.points[2 * i + 1]],
      ]) as [string, number][];
    case 'polygon':
    case 'polyline':
    case 'points':
      return [['points', pointsText(ann.points)]];
    default:
      return [];
  }
}

const labelName = (ctx: ShapeWriteContext, label: number | undefined) =>
  label === undefined ? undefined : ctx.categories.labels[label]?.name;

/**
 * One annotation as a CVAT shape element (with its `<attribute>` children and, for a skeleton, its
 * points), or undefined (reported) when CVAT cannot hold it: an empty mask.
 */
export async function shapeXml(
  ann: Annotation,
  ctx: ShapeWriteContext,
  at: ShapePlacement,
  indent: string,
): Promise<string | undefined> {
  const element = SHAPE_ELEMENT[ann.type];
  if (!element) return undefined;
  const a = ann.attributes;
  const attrs: [string, string | number | undefined][] = [];
  if (at.withLabel) attrs.push(['label', labelName(ctx, ann.label) ?? '']);
  // In a track the source is the track's.
  if (at.withLabel && typeof a.source === 'string') attrs.push(['source', a.source]);
  if (at.frame !== undefined) attrs.push(['frame', at.frame]);
  if (at.keyframe !== undefined) attrs.push(['keyframe', at.keyframe ? '1' : '0']);
  if (ann.type !== 'skeleton' || a.outside !== undefined) {
    if (at.outside !== undefined) attrs.push(['outside', at.outside ? '1' : '0']);
  }
  if (ann.type !== 'skeleton' || a.occluded !== undefined) attrs.push(['occluded', bool01(a.occluded)]);
  if (ann.type === 'mask') {
    const size = maskSize(ann.mask);
    if (size) checkPixels(size.width, size.height, 'mask', ctx.limits);
    const box = bitmapToCvatMask(await loadMask(ann.mask));
    if (!box) {
      ctx.report.drop('mask', 1, 'empty masks are not written: CVAT cannot hold a mask with no pixels');
      return undefined;
    }
    attrs.push(
      ['rle', box.counts.join(', ')],
      ['left', box.left],
      ['top', box.top],
      ['width', box.width],
      ['height', box.height],
    );
  } else {
    attrs.push(...geometryAttrs(ann));
  }
  if ((ann.type === 'bbox' || ann.type === 'ellipse') && typeof a.rotation === 'number' && a.rotation !== 0) {
    attrs.push(['rotation', a.rotation]);
  }
  attrs.push(['z_order', ann.zOrder ?? 0]);
  // the caller has put groups onto 1.. (CVAT's 0 is none)
  if (at.withLabel && ann.group !== undefined) attrs.push(['group_id', ann.group]);
  if (ann.type === 'points' && ann.visibility.some((v) => v !== 2)) {
    ctx.report.drop(
      'point visibility',
      1,
      'CVAT points have no per-point visibility: hidden and absent points are written as visible',
    );
  }
  let inner = attributeElements(ann, `${indent}  `, ctx.report);
  if (ann.type === 'skeleton') inner = skeletonElementsXml(ann, ctx, at, `${indent}  `) + inner;
  return inner
    ? `${indent}<${element}${attrsText(attrs)}>\n${inner}${indent}</${element}>\n`
    : `${indent}<${element}${attrsText(attrs)} />\n`;
}

function skeletonElementsXml(
  ann: Extract<Annotation, { type: 'skeleton' }>,
  ctx: ShapeWriteContext,
  at: ShapePlacement,
  indent: string,
): string {
  const pointNames = ann.label !== undefined ? ctx.categories.skeletons?.get(ann.label)?.points : undefined;
  let s = '';
  ann.elements.forEach((e: PointsAnnotation, i) => {
    const name = labelName(ctx, e.label) ?? pointNames?.[i];
    if (name === undefined) {
      ctx.report.drop(
        'point',
        1,
        'skeleton points without a label are not written: CVAT names each point by its label',
      );
      return;
    }
    const v = e.visibility[0] ?? 2;
    const attrs: [string, string | number | undefined][] = [['label', name]];
    if (at.withLabel && typeof e.attributes.source === 'string') attrs.push(['source', e.attributes.source]);
    if (at.keyframe !== undefined) {
      attrs.push([
        'keyframe',
        typeof e.attributes.keyframe === 'boolean'
          ? e.attributes.keyframe
            ? '1'
            : '0'
          : at.keyframe
            ? '1'
            : '0',
      ]);
    }
    attrs.push(
      ['outside', v === 0 ? '1' : '0'],
      ['occluded', v === 1 ? '1' : '0'],
      ['points', pointsText(e.points.slice(0, 2))],
    );
    if (e.points.length > 2) {
      ctx.report.warn('a skeleton element holds one point in CVAT: extra points are not written');
    }
    const inner = attributeElements(e, `${indent}  `, ctx.report);
    s += inner
      ? `${indent}<points${attrsText(attrs)}>\n${inner}${indent}</points>\n`
      : `${indent}<points${attrsText(attrs)} />\n`;
  });
  return s;
}

/** A tag (`label` annotation) of an image. */
export function tagXml(ann: Annotation, ctx: ShapeWriteContext, indent: string): string {
  const attrs: [string, string | number | undefined][] = [['label', labelName(ctx, ann.label) ?? '']];
  if (typeof ann.attributes.source === 'string') attrs.push(['source', ann.attributes.source]);
  if (ann.group !== undefined) attrs.push(['group_id', ann.group]);
  const inner = attributeElements(ann, `${indent}  `, ctx.report);
  return inner
    ? `${indent}<tag${attrsText(attrs)}>\n${inner}${indent}</tag>\n`
    : `${indent}<tag${attrsText(attrs)} />\n`;
}
