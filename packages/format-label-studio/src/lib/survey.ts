/**
 * The reader's first pass: the label names the tasks use (after those of the labeling config, in its
 * order) and the names most results use (image key, `to_name`, each control's `from_name`), so that
 * only results named otherwise carry `from_name`/`to_name` attributes.
 */
import { isDatasetError } from '@labelport/core';
import { isObject, type JsonObject } from '@labelport/core/json';
import type { LabelTable } from '@labelport/core/meta';
import type { LabelingConfig } from './labeling-config.js';
import { isShapeKind, kindOf, LABELS_TYPE, typeOfKind } from './result-kinds.js';
import { imageKeyOf, type MainNames } from './task-item.js';
import { type SourceChoice, taskSources } from './task-sources.js';

/** The names a config gives: its first image and the first control of each result type. */
export function namesOfConfig(config: LabelingConfig | undefined, imageKey: string): MainNames {
  const names: MainNames = { controls: new Map(), imageKey: imageKey || undefined };
  if (!config) return names;
  const [image] = config.images;
  if (image) {
    names.toName = image[0];
    names.imageKey ??= image[1];
  }
  for (const c of config.controls.values()) {
    const kind = kindOf(c.type, {});
    if (!kind || c.perRegion) continue;
    const type = typeOfKind(kind);
    if (!names.controls.has(type)) names.controls.set(type, c.name);
  }
  return names;
}

const stringsOf = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];

/** Labels and names of one result list. */
function surveyResults(results: unknown, labels: LabelTable, names: MainNames): void {
  if (!Array.isArray(results)) return;
  const shapeIds = new Set<unknown>();
  for (const r of results) {
    if (!isObject(r) || !isObject(r.value)) continue;
    const kind = kindOf(r.type, r.value);
    if (kind && (isShapeKind(kind) || kind === 'labels')) shapeIds.add(r.id);
  }
  for (const r of results) {
    if (!isObject(r)) continue;
    const v: JsonObject = isObject(r.value) ? r.value : {};
    const kind = kindOf(r.type, v);
    if (!kind || kind === 'relation') continue;
    if (typeof r.to_name === 'string') names.toName ??= r.to_name;
    const perRegion = !isShapeKind(kind) && kind !== 'labels' && r.id !== undefined && shapeIds.has(r.id);
    if (perRegion) continue;
    const type = typeOfKind(kind);
    if (typeof r.from_name === 'string' && !names.controls.has(type)) names.controls.set(type, r.from_name);
    if (isShapeKind(kind)) for (const n of stringsOf(v[LABELS_TYPE[kind]] ?? v.labels)) labels.get(n);
    else if (kind === 'labels') for (const n of stringsOf(v.labels)) labels.get(n);
    else if (kind === 'choices') for (const n of stringsOf(v.choices)) labels.get(n);
  }
}

/** Surveys one task (the sources the reader will keep). */
export function surveyTask(
  task: JsonObject,
  choice: SourceChoice,
  labels: LabelTable,
  names: MainNames,
): void {
  if (isObject(task.data) && names.imageKey === undefined) names.imageKey = imageKeyOf(task.data, undefined);
  const counts = { cancelled: 0, predictionsLeft: 0 };
  let sources: ReturnType<typeof taskSources>;
  try {
    sources = taskSources(task, '', '', choice, counts);
  } catch (e) {
    if (!isDatasetError(e)) throw e;
    return; // the second pass reports the task's errors, where they are
  }
  for (const s of sources) surveyResults(s.results, labels, names);
}
