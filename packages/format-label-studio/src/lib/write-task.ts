/**
 * An item as a Label Studio task to import: `data` (the image reference, the item's attributes, its
 * subset and id where the path does not give them) and its regions as `annotations` or `predictions`,
 * one entry per annotator or model version the regions name.
 */
import { type Annotation, type DatasetItem, DEFAULT_SUBSET } from '@labelport/core';
import type { JsonObject } from '@labelport/core/json';
import { mediaExtension } from '@labelport/core/media';
import { imageRefOf, parseImageRef } from './image-refs.js';
import { ITEM_ID_KEY, SUBSET_KEY } from './task-item.js';
import { imageResult, type RegionEnv, regionResults } from './write-regions.js';

export interface TaskEnv extends RegionEnv {
  to: 'annotations' | 'predictions';
  imageKey: string;
  imageRoot: string;
  modelVersion: string;
}

const REGION_TYPES = new Set(['bbox', 'polygon', 'polyline', 'points', 'ellipse', 'mask']);

/** The path an item's image is referred to by (its media path, or one made of its id). */
export function imagePathOf(item: DatasetItem): string {
  return item.media?.path || `${item.id}${mediaExtension(item, '.jpg')}`;
}

function dataOf(item: DatasetItem, env: TaskEnv): JsonObject {
  const ref = imageRefOf(imagePathOf(item), env.imageRoot);
  const data: JsonObject = { [env.imageKey]: ref };
  let clashes = 0;
  for (const [k, v] of Object.entries(item.attributes)) {
    if (k === env.imageKey || k === SUBSET_KEY || k === ITEM_ID_KEY) clashes++;
    else data[k] = v;
  }
  env.report.drop(
    'item attribute',
    clashes,
    `item attributes named ${env.imageKey}, subset or item_id are not written (task data keys of their own)`,
  );
  if (item.subset !== DEFAULT_SUBSET) data[SUBSET_KEY] = item.subset;
  if (parseImageRef(ref).id !== item.id) data[ITEM_ID_KEY] = item.id;
  return data;
}

/** Region ids: the annotation's id where it has a distinct one, else r1, r2, ... */
function regionIds(annotations: Annotation[]) {
  const counts = new Map<number, number>();
  for (const a of annotations) if (a.id !== undefined) counts.set(a.id, (counts.get(a.id) ?? 0) + 1);
  const taken = new Set<string>();
  let next = 1;
  const fresh = () => {
    while (taken.has(`r${next}`)) next++;
    taken.add(`r${next}`);
    return `r${next}`;
  };
  const byAnnotation = new Map<Annotation, string>();
  const byId = new Map<number, string>();
  for (const a of annotations) {
    if (a.id !== undefined && Number.isSafeInteger(a.id) && a.id >= 0 && counts.get(a.id) === 1) {
      byAnnotation.set(a, String(a.id));
      byId.set(a.id, String(a.id));
      taken.add(String(a.id));
    }
  }
  for (const a of annotations) if (!byAnnotation.has(a)) byAnnotation.set(a, fresh());
  return { byAnnotation, byId, fresh };
}

/** The relations an annotation's `relations` attribute lists (the reader's JSON), as relation results. */
function relationResults(a: Annotation, from: string, byId: Map<number, string>, env: TaskEnv): JsonObject[] {
  const text = a.attributes.relations;
  if (typeof text !== 'string') return [];
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    list = undefined;
  }
  const out: JsonObject[] = [];
  for (const rel of Array.isArray(list) ? list : [undefined]) {
    const to = typeof rel?.to === 'number' ? byId.get(rel.to) : undefined;
    if (to === undefined) {
      env.report.drop('attribute', 1, 'relations naming no annotation of the item are not written');
      continue;
    }
    const r: JsonObject = { from_id: from, to_id: to, type: 'relation', direction: rel.direction ?? 'right' };
    if (Array.isArray(rel.labels) && rel.labels.length > 0) r.labels = rel.labels;
    out.push(r);
  }
  return out;
}

/** Counts what no result holds: track ids and z order (groups are a per-region number). */
function countLosses(a: Annotation, env: TaskEnv): void {
  const { report } = env;
  if (a.objectId !== undefined) report.drop('objectId', 1, 'Label Studio image tasks keep no track ids');
  if (a.zOrder) report.drop('attribute', 1, 'z order is not kept');
}

interface Entry {
  tag: { annotator?: unknown; model_version?: unknown };
  result: JsonObject[];
  /** Relations, written after the regions (as Label Studio does). */
  relations: JsonObject[];
}

/** The entry (annotation or prediction) of an annotation's annotator or model version. */
function entryOf(entries: Map<string, Entry>, a: Annotation, env: TaskEnv): Entry {
  const tag = { annotator: a.attributes.annotator, model_version: a.attributes.model_version };
  const key = JSON.stringify([tag.annotator, tag.model_version]);
  let e = entries.get(key);
  if (!e) {
    e = { tag, result: [], relations: [] };
    entries.set(key, e);
  }
  const lost = env.to === 'annotations' ? tag.model_version : tag.annotator;
  if (lost !== undefined) {
    const what = env.to === 'annotations' ? 'model_version' : 'annotator';
    env.report.drop('attribute', 1, `'${what}' is not kept when writing ${env.to} (the write option to)`);
  }
  return e;
}

function entryJson(e: Entry, env: TaskEnv): JsonObject {
  if (env.to === 'predictions') {
    const version = typeof e.tag.model_version === 'string' ? e.tag.model_version : env.modelVersion;
    const result = [...e.result, ...e.relations];
    return version ? { model_version: version, result } : { result };
  }
  const out: JsonObject = { result: [...e.result, ...e.relations], ground_truth: false };
  if (typeof e.tag.annotator === 'number') out.completed_by = e.tag.annotator;
  else if (typeof e.tag.annotator === 'string') out.completed_by = { email: e.tag.annotator };
  return out;
}

/** The task of an item. */
export async function taskOf(item: DatasetItem, env: TaskEnv): Promise<JsonObject> {
  const data = dataOf(item, env);
  const ids = regionIds(item.annotations);
  const entries = new Map<string, Entry>();
  const frame = { width: item.media?.width, height: item.media?.height };
  for (const a of item.annotations) {
    countLosses(a, env);
    const id = ids.byAnnotation.get(a)!;
    const base = { id, frame: { ...frame } };
    let results: JsonObject[] | undefined;
    let relations: JsonObject[] = [];
    if (a.type === 'label' || a.type === 'caption') {
      const r = imageResult(a, base, env);
      results = r ? [r] : undefined;
    } else if (REGION_TYPES.has(a.type)) {
      results = await regionResults(a, base, env, ids.fresh);
      if (results) relations = relationResults(a, id, ids.byId, env);
    } else
      env.report.drop(
        a.type,
        1,
        `${a.type} annotations are not kept (Label Studio images have no such region)`,
      );
    if (results) {
      const e = entryOf(entries, a, env);
      e.result.push(...results);
      e.relations.push(...relations);
    }
  }
  const list = [...entries.values()].map((e) => entryJson(e, env));
  return { data, [env.to]: list };
}
