/**
 * One Label Studio task as one item: its image (kept as a path, never fetched), the regions of every
 * annotation and prediction kept, image labels and captions, relations, and the task's other data.
 */
import {
  type Annotation,
  type Attributes,
  type DatasetItem,
  DEFAULT_SUBSET,
  type FileTree,
  isAttributeValue,
  type Media,
} from '@labelport/core';
import { extname } from '@labelport/core/files';
import { type JsonObject, objectField } from '@labelport/core/json';
import { IMAGE_EXTENSIONS, readImageSize } from '@labelport/core/media';
import type { LabelTable } from '@labelport/core/meta';
import { findInTree, parseImageRef } from './image-refs.js';
import {
  type ImageResult,
  type Region,
  type ResultEnv,
  readResults,
  type SourceRead,
} from './read-results.js';
import type { Frame } from './region-geometry.js';
import { LABELS_TYPE } from './result-kinds.js';
import { type SourceChoice, type SourceCounts, type TaskSource, taskSources } from './task-sources.js';

/** Data keys the writer fills besides the image (the item's subset and its id where the path gives another). */
export const SUBSET_KEY = 'subset';
export const ITEM_ID_KEY = 'item_id';

/** The names most results use, so that only the others need an attribute. */
export interface MainNames {
  imageKey?: string;
  toName?: string;
  /** Result type (`rectanglelabels`, `choices`, ...) -> its control's name. */
  controls: Map<string, string>;
}

export interface ItemEnv extends Omit<ResultEnv, 'frame'> {
  tree: FileTree;
  files: ReadonlySet<string>;
  /** The listing holds no image (a file given alone): the images are asked for beside it. */
  unlisted: boolean;
  labels: LabelTable;
  names: MainNames;
  choice: SourceChoice;
  counts: SourceCounts;
  /** subset/id of the items made so far (ids must be unique). */
  ids: Set<string>;
}

export interface TaskEntry {
  task: JsonObject;
  file: string;
  /** Where the task is in its file: `[3]`. */
  place: string;
  index: number;
}

const looksLikeImage = (s: string) =>
  IMAGE_EXTENSIONS.includes(extname(s.replace(/[?#].*$/, ''))) || /\/data\/(local-files|upload)\b/.test(s);

/** The data key of the image: the given one, else `image`, else the only image-like string. */
export function imageKeyOf(data: JsonObject, given: string | undefined): string | undefined {
  if (given) return given;
  if (typeof data.image === 'string') return 'image';
  const keys = Object.keys(data).filter(
    (k) => typeof data[k] === 'string' && looksLikeImage(data[k] as string),
  );
  return keys.length >= 1 ? keys[0] : undefined;
}

/** The first result size of the task's sources. */
function sizeOfResults(sources: TaskSource[]): Frame {
  for (const s of sources) {
    if (!Array.isArray(s.results)) continue;
    for (const r of s.results as JsonObject[]) {
      const w = r?.original_width;
      const h = r?.original_height;
      if (typeof w === 'number' && typeof h === 'number' && w > 0 && h > 0) return { width: w, height: h };
    }
  }
  return {};
}

/**
 * An image of an export given alone, which the tree does not list: at its path or a tail of it
 * beside the file. TODO(core): a single file opened as a tree (`singleFileTree`) lists only the file
 * and answers `stat` for nothing else; these images are found once it answers for the paths beside it.
 */
async function unlistedImage(candidates: string[], env: ItemEnv): Promise<string | undefined> {
  for (const c of candidates) if (await env.tree.stat(c)) return c;
  return undefined;
}

async function mediaOf(ref: string | undefined, sources: TaskSource[], env: ItemEnv) {
  let frame = sizeOfResults(sources);
  if (ref === undefined) return { frame, media: undefined, id: undefined };
  const parsed = parseImageRef(ref);
  const found =
    findInTree(parsed.candidates, env.files) ??
    (env.unlisted ? await unlistedImage(parsed.candidates, env) : undefined);
  if (frame.width === undefined && found) {
    const size = await readImageSize(env.tree, found);
    if (size) frame = { width: size.width, height: size.height };
  }
  const media: Media = { kind: 'image', path: parsed.path, width: frame.width, height: frame.height };
  if (found) media.bytes = () => env.tree.read(found);
  return { frame, media, id: parsed.id };
}

/** Attributes for names other than the main ones (so that writing back names them as they were). */
function nameAttributes(
  type: string,
  fromName: string | undefined,
  toName: string | undefined,
  env: ItemEnv,
) {
  const out: Attributes = {};
  const main = env.names.controls.get(type);
  if (fromName !== undefined && main !== undefined && fromName !== main) out.from_name = fromName;
  if (toName !== undefined && env.names.toName !== undefined && toName !== env.names.toName)
    out.to_name = toName;
  return out;
}

function regionAnnotation(region: Region, source: TaskSource, env: ItemEnv): Annotation {
  const shape = region.shape!;
  const attributes: Attributes = {
    ...shape.attributes,
    ...nameAttributes(LABELS_TYPE[region.kind!], region.fromName, region.toName, env),
    ...region.attributes,
    ...source.tags,
  };
  if (source.score !== undefined && attributes.score === undefined) attributes.score = source.score;
  if (region.labels.length > 1) attributes.labels = JSON.stringify(region.labels);
  const label = region.labels.length > 0 ? env.labels.get(region.labels[0]!) : undefined;
  const out = { ...shape, label, attributes } as Annotation;
  // A per-region number named `group` (how this format writes groups) ties the shapes of one object.
  if (typeof attributes.group === 'number' && Number.isSafeInteger(attributes.group)) {
    out.group = attributes.group;
    delete attributes.group;
  }
  return out;
}

const INTEGER_ID = /^(0|[1-9]\d{0,14})$/;

/**
 * Ids of region annotations: their region ids when all are distinct integers (as written by this
 * format), else, when relations need them, 1, 2, ...; relations become the `relations` attribute.
 */
function linkRegions(
  reads: { read: SourceRead; anns: Map<string, Annotation> }[],
  env: ItemEnv,
  where: string,
) {
  const all = reads.flatMap((r) => [...r.anns.entries()]);
  const ids = all.map(([id]) => (INTEGER_ID.test(id) ? Number(id) : undefined));
  const distinct = ids.every((n) => n !== undefined) && new Set(ids).size === ids.length;
  const hasRelations = reads.some((r) => r.read.relations.length > 0);
  all.forEach(([, a], i) => {
    if (distinct) a.id = ids[i];
    else if (hasRelations) a.id = i + 1;
  });
  for (const { read, anns } of reads) {
    const byFrom = new Map<Annotation, unknown[]>();
    for (const rel of read.relations) {
      const from = anns.get(rel.from);
      const to = anns.get(rel.to);
      if (!from || !to) {
        env.ctx.warn(
          `${where}: a relation between regions '${rel.from}' and '${rel.to}' names a region not read; skipped`,
        );
        continue;
      }
      const entry: JsonObject = { to: to.id };
      if (rel.direction !== undefined) entry.direction = rel.direction;
      if (rel.labels.length > 0) entry.labels = rel.labels;
      byFrom.set(from, [...(byFrom.get(from) ?? []), entry]);
    }
    for (const [a, list] of byFrom) a.attributes.relations = JSON.stringify(list);
  }
}

function imageAnnotations(read: SourceRead, source: TaskSource, env: ItemEnv): Annotation[] {
  const out: Annotation[] = [];
  const attributesOf = (type: string, c: ImageResult): Attributes => {
    const attributes = { ...nameAttributes(type, c.fromName, c.toName, env), ...source.tags };
    const score = c.score ?? source.score;
    if (score !== undefined) attributes.score = score;
    return attributes;
  };
  for (const c of read.choices) {
    out.push({ type: 'label', label: env.labels.get(c.value), attributes: attributesOf('choices', c) });
  }
  for (const c of read.captions) {
    out.push({ type: 'caption', caption: c.value, attributes: attributesOf('textarea', c) });
  }
  return out;
}

function annotationsOf(sources: TaskSource[], frame: Frame, env: ItemEnv, where: string): Annotation[] {
  const reads = sources.map((source) => {
    const read = readResults(source.results, { ...env, frame }, source.place);
    const anns = new Map<string, Annotation>();
    for (const region of read.regions) anns.set(region.id, regionAnnotation(region, source, env));
    return { source, read, anns };
  });
  linkRegions(reads, env, where);
  return reads.flatMap(({ source, read, anns }) => [
    ...anns.values(),
    ...imageAnnotations(read, source, env),
  ]);
}

function itemAttributes(data: JsonObject, imageKey: string | undefined): Attributes {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(data)) {
    if (k === imageKey || k === SUBSET_KEY || k === ITEM_ID_KEY || !isAttributeValue(v)) continue;
    out[k] = v;
  }
  return out;
}

/** A unique id for the item (a second task with the same image gets its task id appended). */
function uniqueId(id: string, subset: string, task: JsonObject, index: number, env: ItemEnv): string {
  let out = id;
  if (env.ids.has(`${subset}/${out}`)) {
    const suffix = typeof task.id === 'number' || typeof task.id === 'string' ? task.id : index;
    out = `${id}_${suffix}`;
    for (let n = 2; env.ids.has(`${subset}/${out}`); n++) out = `${id}_${suffix}_${n}`;
  }
  env.ids.add(`${subset}/${out}`);
  return out;
}

export async function taskItem(entry: TaskEntry, env: ItemEnv): Promise<DatasetItem> {
  const { task, file, place } = entry;
  const data = objectField(task, 'data', file, place);
  const imageKey = imageKeyOf(data, env.names.imageKey);
  const ref =
    imageKey !== undefined && typeof data[imageKey] === 'string' ? (data[imageKey] as string) : undefined;
  const sources = taskSources(task, file, place, env.choice, env.counts);
  const { frame, media, id: refId } = await mediaOf(ref, sources, env);
  const subset =
    typeof data[SUBSET_KEY] === 'string' && data[SUBSET_KEY] !== '' ? data[SUBSET_KEY] : DEFAULT_SUBSET;
  const given = typeof data[ITEM_ID_KEY] === 'string' ? data[ITEM_ID_KEY] : undefined;
  const taskId = typeof task.id === 'number' || typeof task.id === 'string' ? String(task.id) : undefined;
  const id = uniqueId(given ?? (refId || taskId || `task_${entry.index}`), subset, task, entry.index, env);
  return {
    id,
    subset,
    media,
    annotations: annotationsOf(sources, frame, env, `${file}: ${place}`),
    attributes: itemAttributes(data, imageKey),
  };
}
