/**
 * An item's annotations as VoTT regions, the other way from vott-regions.ts. VoTT has one region per
 * object, with a tag per label: the shapes of one group that have the same geometry become one
 * region with several tags (as VoTT writes an object with several labels); a group of one polygon
 * (or polyline) and boxes becomes the polygon's region (VoTT keeps the box of every region itself,
 * so the boxes are counted as dropped). Other groups are written region by region and their ties
 * counted as lost. What VoTT has no place for is counted under core's loss kinds.
 */
import { type Annotation, isDefaultAttribute, type LabelCategory, type ReportBuilder } from '@labelport/core';
import { bboxOfPoints, boxRotation, isRotated, rotatedBoxCorners } from '@labelport/core/geometry';
import type { RegionType } from './vott-json-doc.js';

export interface RegionJson {
  id: string;
  type: RegionType;
  tags: string[];
  boundingBox: { height: number; width: number; left: number; top: number };
  points: { x: number; y: number }[];
}

/** One shape to write: its region type, flat points, and what it carries. */
export interface Shape {
  type: RegionType;
  points: number[];
  box?: [number, number, number, number];
  source: Annotation;
  tag?: string;
  key: string;
}

/** The annotation's shapes (a points annotation is a POINT region per point), or none, counted. */
function shapesOf(a: Annotation, labels: LabelCategory[], report: ReportBuilder): Shape[] {
  const tag = a.label === undefined ? undefined : labels[a.label]?.name;
  const shape = (type: RegionType, points: number[], box?: Shape['box']): Shape => ({
    type,
    points,
    box,
    source: a,
    tag,
    key: `${type}:${points.join(',')}:${box?.join(',') ?? ''}`,
  });
  switch (a.type) {
    case 'bbox': {
      if (!isRotated(a.attributes)) {
        const corners = [a.x, a.y, a.x + a.w, a.y, a.x + a.w, a.y + a.h, a.x, a.y + a.h];
        return [shape('RECTANGLE', corners, [a.x, a.y, a.w, a.h])];
      }
      report.convert(
        'bbox',
        'polygon',
        1,
        'VoTT has no rotated boxes: they are written as polygons of their corners',
      );
      return [shape('POLYGON', rotatedBoxCorners(a.x, a.y, a.w, a.h, boxRotation(a.attributes)))];
    }
    case 'polygon':
      return [shape('POLYGON', a.points)];
    case 'polyline':
      return [shape('POLYLINE', a.points)];
    case 'points':
      return pointShapes(a, report).map((p) => shape('POINT', p));
    default:
      report.drop(a.type, 1, `VoTT has no ${a.type} regions: they are not written`);
      return [];
  }
}

/** A points annotation as one point per POINT region; absent points are not written, hidden ones lose that. */
function pointShapes(a: Annotation & { type: 'points' }, report: ReportBuilder): number[][] {
  const out: number[][] = [];
  for (let i = 0; i * 2 + 1 < a.points.length; i++) {
    const v = a.visibility[i] ?? 2;
    if (v === 0) report.drop('point', 1, 'points marked absent (visibility 0) are not written');
    else out.push([a.points[i * 2]!, a.points[i * 2 + 1]!]);
    if (v === 1)
      report.drop('point visibility', 1, 'VoTT has no point visibility: hidden points are written as points');
  }
  if (out.length > 1) {
    report.convert('points', 'point shapes', 1, 'VoTT regions hold one point: each point is a POINT region');
  }
  return out;
}

/** The shapes of one object (a group, or one annotation without a group) as regions. */
function objectRegions(shapes: Shape[], grouped: boolean, report: ReportBuilder): Shape[][] {
  const byGeometry = new Map<string, Shape[]>();
  for (const s of shapes) {
    const list = byGeometry.get(s.key) ?? [];
    byGeometry.set(s.key, list);
    list.push(s);
  }
  const regions = [...byGeometry.values()];
  if (!grouped || regions.length === 1) {
    if (grouped && shapes.length === 1)
      report.drop('group', 1, 'VoTT has no groups: a group of one shape is written without it');
    return regions;
  }
  const outlines = regions.filter((r) => r[0]!.type !== 'RECTANGLE');
  if (outlines.length === 1) {
    const boxes = regions.filter((r) => r[0]!.type === 'RECTANGLE').flat();
    report.drop(
      'bbox',
      boxes.length,
      "a box grouped with a polygon of one object is that region's own box in VoTT: it is not written apart",
    );
    return outlines;
  }
  report.drop(
    'group',
    shapes.length,
    'VoTT has no groups: shapes of one object with different geometries are written as separate regions',
  );
  return regions;
}

/** One region from shapes of one geometry: a tag per label, duplicates and unlabelled extras counted. */
function regionJson(shapes: Shape[], id: string, report: ReportBuilder): RegionJson {
  const first = shapes[0]!;
  const tags: string[] = [];
  for (const s of shapes) {
    if (s.tag !== undefined && !tags.includes(s.tag)) tags.push(s.tag);
    else if (shapes.length > 1)
      report.drop(
        s.source.type,
        1,
        'shapes of one object with the same geometry and label (or none) are one VoTT region',
      );
  }
  const [left, top, width, height] =
    first.box ?? (bboxOfPoints(first.points) as [number, number, number, number]);
  const points: RegionJson['points'] = [];
  for (let i = 0; i + 1 < first.points.length; i += 2)
    points.push({ x: first.points[i]!, y: first.points[i + 1]! });
  return { id, type: first.type, tags, boundingBox: { height, width, left, top }, points };
}

/** Region ids: the annotation's `id` attribute where it is a string not used yet, else a new one. */
export class RegionIds {
  private readonly used = new Set<string>();
  private next = 0;
  constructor(private readonly make: (n: number) => string) {}

  take(shapes: Shape[], report: ReportBuilder): string {
    const given = shapes.map((s) => s.source.attributes.id).find((v) => typeof v === 'string');
    if (typeof given === 'string' && !this.used.has(given)) {
      this.used.add(given);
      return given;
    }
    if (given !== undefined)
      report.drop('attribute', 1, 'region ids are unique in an asset: a repeated id is replaced');
    let id = this.make(this.next++);
    while (this.used.has(id)) id = this.make(this.next++);
    this.used.add(id);
    return id;
  }
}

/** Attributes VoTT has no place for (every one but the region id), counted once per annotation. */
function countLostAttributes(a: Annotation, report: ReportBuilder): void {
  const n = Object.entries(a.attributes).filter(
    ([k, v]) => !(k === 'id' && typeof v === 'string') && k !== 'rotation' && !isDefaultAttribute(k, v),
  ).length;
  report.drop('attribute', n, 'VoTT regions have no attributes: only the region id is kept');
}

/** The regions of an item's annotations. */
export function itemRegions(
  annotations: Annotation[],
  labels: LabelCategory[],
  ids: RegionIds,
  report: ReportBuilder,
): RegionJson[] {
  const objects = new Map<string, { grouped: boolean; shapes: Shape[] }>();
  annotations.forEach((a, i) => {
    countLostAttributes(a, report);
    if (a.objectId !== undefined) report.drop('objectId', 1, 'VoTT has no tracks: track ids are not written');
    const key = a.group === undefined ? `s${i}` : `g${a.group}`;
    const object = objects.get(key) ?? { grouped: a.group !== undefined, shapes: [] };
    objects.set(key, object);
    object.shapes.push(...shapesOf(a, labels, report));
  });
  const out: RegionJson[] = [];
  for (const { grouped, shapes } of objects.values()) {
    if (shapes.length === 0) continue;
    // a points annotation without a group is several objects: one region per point
    const parts = grouped ? [shapes] : shapes.map((s) => [s]);
    for (const part of parts) {
      for (const region of objectRegions(part, grouped, report))
        out.push(regionJson(region, ids.take(region, report), report));
    }
  }
  return out;
}
