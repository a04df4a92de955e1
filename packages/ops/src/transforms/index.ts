import { DatasetError, type DatasetSource } from '@labelport/core';
import { parseParams, type RawParams } from '../params.js';
import { emptyReport, type OpReport, type OpResult } from '../report.js';
import { annsToLabels, removeAnnotations, removeAttributes } from './annotations.js';
import { idFromImageName, mapSubsets, reindex, removeImages, rename } from './ids.js';
import { projectLabels, remapLabels } from './labels.js';
import { randomSplit } from './random-split.js';
import { mergeInstanceSegments } from './segments.js';
import { boxesToMasks, masksToPolygons, polygonsToMasks, shapesToBoxes } from './shapes.js';
import type { TransformSpec } from './spec.js';

/** Every transform, by Datumaro's name. */
export const TRANSFORMS: readonly TransformSpec[] = [
  remapLabels,
  projectLabels,
  rename,
  reindex,
  idFromImageName,
  mapSubsets,
  boxesToMasks,
  polygonsToMasks,
  masksToPolygons,
  shapesToBoxes,
  mergeInstanceSegments,
  annsToLabels,
  removeAnnotations,
  removeAttributes,
  removeImages,
  randomSplit,
];

export function getTransform(name: string): TransformSpec {
  const spec = TRANSFORMS.find((t) => t.name === name);
  if (!spec)
    throw new DatasetError(
      'bad-option',
      `unknown transform '${name}'; valid transforms: ${TRANSFORMS.map((t) => t.name).join(', ')}`,
    );
  return spec;
}

/** One step of a chain: a transform's name and its parameters (`key=value` pairs or an object). */
export interface TransformStep {
  name: string;
  params?: RawParams;
}

/** Checks a chain's names and parameters without reading anything (so a bad one writes nothing). */
export function checkTransforms(steps: TransformStep[]): void {
  for (const s of steps) {
    const spec = getTransform(s.name);
    parseParams(spec.name, spec.params, spec.free, s.params ?? []);
  }
}

/** Applies one transform: a lazy source, and the report it fills while being read. */
export function transform(source: DatasetSource, name: string, params: RawParams = []): OpResult {
  const spec = getTransform(name);
  const parsed = parseParams(spec.name, spec.params, spec.free, params);
  const report = emptyReport(spec.name);
  return { source: spec.apply(source, parsed, report), report };
}

/** Applies transforms in order; one report per step. */
export function applyTransforms(
  source: DatasetSource,
  steps: TransformStep[],
): { source: DatasetSource; reports: OpReport[] } {
  checkTransforms(steps);
  const reports: OpReport[] = [];
  let current = source;
  for (const s of steps) {
    const r = transform(current, s.name, s.params);
    reports.push(r.report);
    current = r.source;
  }
  return { source: current, reports };
}
