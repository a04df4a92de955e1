/**
 * An item's annotations as VIA regions `{ shape_attributes, region_attributes }`: the label in the
 * label attribute (as its option id), the other attributes beside it. What VIA has no region for is
 * counted: image labels, masks, captions, cuboids, skeletons; points of visibility 0; groups and track
 * ids. A points annotation of several points becomes one point region per point.
 */

import type { Annotation, LabelCategory, ReportBuilder } from '@labelport/core';
import { boxRotation } from '@labelport/core/geometry';
import type { JsonObject } from '@labelport/core/json';
import { oneShapePerObject } from '@labelport/core/meta';
import { viaAttributes } from './via-attributes.js';
import type { LabelOptions } from './via-project.js';
import { pointShape, shapeJson } from './via-shapes.js';

export interface RegionEnv {
  labels: readonly LabelCategory[];
  labelAttribute: string;
  labelOptions: LabelOptions;
  report: ReportBuilder;
  /** Region attribute names written (for `_via_attributes`). */
  used: Set<string>;
}

const NO_REGION: Partial<Record<Annotation['type'], string>> = {
  label: 'VIA has no image-level labels: label annotations are not written',
  mask: 'VIA has no mask regions: masks are not written',
  caption: 'VIA has no captions: captions are not written',
};

function regionAttributes(a: Annotation, env: RegionEnv, skip: ReadonlySet<string>): JsonObject {
  const out: JsonObject = {};
  const name = a.label === undefined ? undefined : env.labels[a.label]?.name;
  if (name !== undefined) out[env.labelAttribute] = env.labelOptions.valueOf(name);
  const rest = viaAttributes(a.attributes, new Set([...skip, env.labelAttribute]));
  if (env.labelAttribute in a.attributes) {
    env.report.drop(
      'attribute',
      1,
      `an attribute named like the label attribute (${env.labelAttribute}) is not written`,
    );
  }
  Object.assign(out, rest);
  for (const k of Object.keys(out)) env.used.add(k);
  return out;
}

function countLosses(a: Annotation, report: ReportBuilder): void {
  if (a.objectId !== undefined) report.drop('objectId');
}

const NO_SKIP: ReadonlySet<string> = new Set();
const ROTATION: ReadonlySet<string> = new Set(['rotation']);

/** The point regions of a points annotation (visible points only). */
function pointRegions(a: Extract<Annotation, { type: 'points' }>, env: RegionEnv): JsonObject[] {
  const out: JsonObject[] = [];
  let hidden = 0;
  for (let i = 0; i + 1 < a.points.length; i += 2) {
    if (a.visibility[i / 2] === 0) hidden++;
    else out.push({ shape_attributes: pointShape(a.points[i]!, a.points[i + 1]!), region_attributes: {} });
  }
  env.report.drop('point', hidden, 'points of visibility 0 are not written (a VIA point is always shown)');
  if (out.length > 1) {
    env.report.convert(
      'points',
      'point shapes',
      1,
      'points annotations of several points are written as one VIA point per point',
    );
  }
  const attributes = out.length > 0 ? regionAttributes(a, env, NO_SKIP) : {};
  for (const r of out) r.region_attributes = { ...attributes };
  return out;
}

/** The regions of one item's annotations, counting what VIA cannot hold. */
export function regionsOf(annotations: readonly Annotation[], env: RegionEnv): JsonObject[] {
  const out: JsonObject[] = [];
  for (const a of oneShapePerObject(annotations, env.report, 'VIA')) {
    if (a.type === 'points') {
      const points = pointRegions(a, env);
      if (points.length > 0) countLosses(a, env.report);
      out.push(...points);
      continue;
    }
    const degrees = a.type === 'ellipse' ? boxRotation(a.attributes) : 0;
    const shape = shapeJson(a, degrees);
    if (!shape) {
      env.report.drop(a.type, 1, NO_REGION[a.type]);
      continue;
    }
    countLosses(a, env.report);
    const skip = a.type === 'ellipse' && 'rotation' in a.attributes ? ROTATION : NO_SKIP;
    out.push({ shape_attributes: shape, region_attributes: regionAttributes(a, env, skip) });
  }
  return out;
}
