/**
 * The annotations and predictions of a task the reader keeps: annotations that were not cancelled
 * (all, or the first or last by `created_at`), and predictions as the option says. Their
 * regions carry who made them: `annotator` (`completed_by`: a user id, or an email; the annotation's
 * index when it has none and the task keeps several) or `model_version`.
 */
import type { Attributes } from '@labelport/core';
import { isObject, type JsonObject, optionalList } from '@labelport/core/json';
import type { ANNOTATOR_CHOICES, PREDICTION_CHOICES } from '../options.js';

export interface TaskSource {
  results: unknown;
  /** Where its result list is: `[3].annotations[0].result`. */
  place: string;
  /** Attributes every region of it carries (who made it). */
  tags: Attributes;
  /** A prediction's overall score, for its regions without one of their own. */
  score?: number;
}

export interface SourceChoice {
  annotators: (typeof ANNOTATOR_CHOICES)[number];
  predictions: (typeof PREDICTION_CHOICES)[number];
}

export interface SourceCounts {
  cancelled: number;
  predictionsLeft: number;
}

/**
 * `completed_by` as an attribute value (a user id, or the email or id of a user object); without one,
 * the annotation's index where the task keeps several, else nothing.
 */
function annotatorOf(a: JsonObject, index: number, several: boolean): string | number | undefined {
  const by = a.completed_by;
  if (typeof by === 'number' || typeof by === 'string') return by;
  if (isObject(by)) {
    if (typeof by.email === 'string') return by.email;
    if (typeof by.id === 'number') return by.id;
  }
  return several ? index : undefined;
}

/** Created-at as something to compare: an ISO date string or a number; undefined sorts as the list does. */
const createdAt = (a: JsonObject) =>
  typeof a.created_at === 'string' || typeof a.created_at === 'number' ? a.created_at : undefined;

/** The first or last annotation by created_at (by list order where none has one). */
function pick(list: { a: JsonObject; i: number }[], which: SourceChoice['annotators']) {
  if (which === 'all' || list.length <= 1) return list;
  const dated = list.filter((e) => createdAt(e.a) !== undefined);
  if (dated.length === 0) return [which === 'first' ? list[0]! : list[list.length - 1]!];
  let best = dated[0]!;
  for (const e of dated) {
    const [x, y] = [createdAt(e.a)!, createdAt(best.a)!];
    if (which === 'first' ? x < y : x >= y) best = e;
  }
  return [best];
}

/** The sources a task's regions are read from, and what was left out (for the warnings). */
export function taskSources(
  task: JsonObject,
  file: string,
  place: string,
  choice: SourceChoice,
  counts: SourceCounts,
): TaskSource[] {
  const key =
    task.annotations === undefined && task.completions !== undefined ? 'completions' : 'annotations';
  const all = optionalList(task, key, file, place);
  const kept: { a: JsonObject; i: number }[] = [];
  all.forEach((a, i) => {
    if (!isObject(a)) return;
    if (a.was_cancelled === true || a.skipped === true) counts.cancelled++;
    else kept.push({ a, i });
  });
  const annotations = pick(kept, choice.annotators);
  const predictions = optionalList(task, 'predictions', file, place)
    .map((p, i) => ({ p, i }))
    .filter((e): e is { p: JsonObject; i: number } => isObject(e.p));
  const usePredictions =
    choice.predictions === 'all' ||
    (choice.predictions === 'without-annotations' && annotations.length === 0);
  if (!usePredictions) counts.predictionsLeft += predictions.length;
  const several = annotations.length + (usePredictions ? predictions.length : 0) > 1;
  const out: TaskSource[] = annotations.map(({ a, i }) => {
    const annotator = annotatorOf(a, i, several);
    const tags: Attributes = annotator !== undefined ? { annotator } : {};
    return { results: a.result, place: `${place}.${key}[${i}].result`, tags };
  });
  if (!usePredictions) return out;
  for (const { p, i } of predictions) {
    const version =
      typeof p.model_version === 'string' && p.model_version !== '' ? p.model_version : undefined;
    const tags: Attributes = version
      ? { model_version: version }
      : several
        ? { model_version: `prediction ${i}` }
        : {};
    const score = typeof p.score === 'number' && Number.isFinite(p.score) ? p.score : undefined;
    out.push({ results: p.result, place: `${place}.predictions[${i}].result`, tags, score });
  }
  return out;
}
