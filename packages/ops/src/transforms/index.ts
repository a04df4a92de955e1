import { DatasetError, type DatasetSource } from '@labelport/core';
import { parseParams, type RawParams } from '../params.js';
import { emptyReport, type OpReport, type OpResult } from '../report.js';
import { annsToLabels, removeAnnotations, removeAttributes } from './annotations.js';
import { astypeAnnotations } from './astype.js';
import { bboxValuesDecrement } from './boxes.js';
import { correct } from './correct.js';
import { cropCoveredSegments } from './crop-segments.js';
import { idFromImageName, mapSubsets, reindex, removeImages, rename } from './ids.js';
import { projectInfos } from './infos.js';
import { projectLabels, remapLabels } from './labels.js';
import { reindexAnnotations, sort } from './order.js';
import { randomSplit } from './random-split.js';
import { labelRandomSampler, randomSampler } from './sampling.js';
import { mergeInstanceSegments } from './segments.js';
import { boxesToMasks, boxesToPolygons, masksToPolygons, polygonsToMasks, shapesToBoxes } from './shapes.js';
import type { TransformSpec } from './spec.js';

/** Every transform, by Datumaro's name. */
export const TRANSFORMS: readonly TransformSpec[] = [
  remapLabels,
  projectLabels,
  rename,
  reindex,
  reindexAnnotations,
  sort,
  idFromImageName,
  mapSubsets,
  boxesToMasks,
  boxesToPolygons,
  polygonsToMasks,
  masksToPolygons,
  shapesToBoxes,
  bboxValuesDecrement,
  mergeInstanceSegments,
  cropCoveredSegments,
  annsToLabels,
  astypeAnnotations,
  removeAnnotations,
  removeAttributes,
  removeImages,
  projectInfos,
  correct,
  randomSplit,
  randomSampler,
  labelRandomSampler,
];

export function getTransform(name: string): TransformSpec {
  const spec = TRANSFORMS.find((t) => t.name === name || t.aliases?.includes(name));
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

/** Options of a whole chain. */
export interface ChainOptions {
  /** The seed of every step that takes a `seed` parameter and was not given one (`--seed`). */
  seed?: number;
}

/** A step's parameters, with the chain's seed where the transform takes one and the step gave none. */
function stepParams(spec: TransformSpec, params: RawParams = [], options: ChainOptions = {}): RawParams {
  if (options.seed === undefined || !spec.params.seed) return params;
  const pairs: [string, unknown][] = Array.isArray(params) ? params : Object.entries(params);
  const names = ['seed', ...(spec.params.seed.aliases ?? [])];
  if (pairs.some(([k]) => names.includes(k))) return params;
  return [...(pairs as [string, string][]), ['seed', options.seed]];
}

/** Checks a chain's names and parameters without reading anything (so a bad one writes nothing). */
export function checkTransforms(steps: TransformStep[], options: ChainOptions = {}): void {
  for (const s of steps) {
    const spec = getTransform(s.name);
    parseParams(spec.name, spec.params, spec.free, stepParams(spec, s.params, options));
  }
}

/** Applies one transform: a lazy source, and the report it fills while being read. */
export function transform(
  source: DatasetSource,
  name: string,
  params: RawParams = [],
  options: ChainOptions = {},
): OpResult {
  const spec = getTransform(name);
  const parsed = parseParams(spec.name, spec.params, spec.free, stepParams(spec, params, options));
  const report = emptyReport(spec.name);
  return { source: spec.apply(source, parsed, report), report };
}

/** Applies transforms in order; one report per step. */
export function applyTransforms(
  source: DatasetSource,
  steps: TransformStep[],
  options: ChainOptions = {},
): { source: DatasetSource; reports: OpReport[] } {
  checkTransforms(steps, options);
  const reports: OpReport[] = [];
  let current = source;
  for (const s of steps) {
    const r = transform(current, s.name, s.params, options);
    reports.push(r.report);
    current = r.source;
  }
  return { source: current, reports };
}
