/**
 * Label Studio export files, found by what they hold: a JSON list of tasks (`[{"data": ..,
 * "annotations": [..]}]`, the JSON export and the import format), a single task object (one file per
 * task, as Label Studio 0.x wrote them), or a JSON-MIN list. The JSON is parsed, a root element at a
 * time, with core's streaming scanner: a file is classified by its first task, and read one task at
 * a time, so a large export is never held whole unless it is small.
 */
import {
  DatasetError,
  type DatasetLimits,
  DEFAULT_LIMITS,
  type FileTree,
  isDatasetError,
  readJson,
} from '@labelport/core';
import { isObject, type JsonObject, scanJsonBatches } from '@labelport/core/json';
import { isJsonMinRecord, taskOfRecords } from './json-min.js';
import type { LabelingConfig } from './labeling-config.js';
import type { TaskEntry } from './task-item.js';

export type ExportKind = 'tasks' | 'task' | 'min';

/** Keys a Label Studio task object has (its export writes `id` first). */
const TASK_KEYS = new Set([
  'id',
  'data',
  'annotations',
  'completions',
  'predictions',
  'meta',
  'drafts',
  'created_at',
  'updated_at',
  'inner_id',
  'project',
  'file_upload',
  'total_annotations',
  'cancelled_annotations',
  'total_predictions',
  'comment_count',
  'unresolved_comment_count',
  'last_comment_updated_at',
  'updated_by',
  'comment_authors',
  'is_labeled',
  'overlap',
]);

/** 1 for a task with annotations or predictions, 0.6 for one with data only (a task list to import). */
export function taskConfidence(v: unknown): number {
  if (!isObject(v) || !isObject(v.data)) return 0;
  const lists = ['annotations', 'completions', 'predictions'].some((k) => Array.isArray(v[k]));
  return lists ? 1 : 0.6;
}

export interface ExportFile {
  path: string;
  kind: ExportKind;
  confidence: number;
}

/** What a root array's first element says of the file. */
function kindOfElement(path: string, el: unknown): ExportFile | undefined {
  const c = taskConfidence(el);
  if (c > 0) return { path, kind: 'tasks', confidence: c };
  if (isJsonMinRecord(el)) return { path, kind: 'min', confidence: 0.9 };
  return undefined;
}

/**
 * The kind of a JSON file, from its first task (a root array) or its root keys (one task); undefined
 * for any other JSON, or for a file that is not JSON (its DatasetError goes to `onError`).
 */
export async function classifyExport(
  tree: FileTree,
  path: string,
  onError?: (e: DatasetError) => void,
  limits: DatasetLimits = DEFAULT_LIMITS,
): Promise<ExportFile | undefined> {
  let foreign = false;
  let first = true;
  const root: JsonObject = {};
  const scan = scanJsonBatches(tree, path, {
    maxDepth: limits.maxDepth,
    plan: (key) => {
      if (key === undefined) return 'elements';
      if (first && !TASK_KEYS.has(key)) foreign = true;
      first = false;
      return key === 'data' || key === 'annotations' || key === 'completions' || key === 'predictions'
        ? 'whole'
        : 'skip';
    },
  });
  try {
    for await (const batch of scan) {
      for (const ev of batch) {
        if (ev.type === 'element') return kindOfElement(path, ev.value);
        if (ev.type === 'array-end' || (ev.type === 'value' && ev.key === undefined)) return undefined;
        if (ev.type === 'value' && ev.key !== undefined) root[ev.key] = ev.value;
      }
      if (foreign) return undefined;
    }
  } catch (e) {
    if (!isDatasetError(e)) throw e;
    onError?.(e);
    return undefined;
  }
  const c = taskConfidence(root);
  return c > 0 ? { path, kind: 'task', confidence: c } : undefined;
}

/** The elements of a file's root list, parsed one at a time. */
async function* rootElements(
  tree: FileTree,
  path: string,
  limits: DatasetLimits,
): AsyncGenerator<{ value: unknown; index: number }> {
  const scan = scanJsonBatches(tree, path, {
    maxDepth: limits.maxDepth,
    plan: (key) => (key === undefined ? 'elements' : 'skip'),
  });
  for await (const batch of scan) {
    for (const ev of batch) {
      if (ev.type === 'element') yield { value: ev.value, index: ev.index };
      else if (ev.type === 'value') {
        throw new DatasetError('bad-json', 'expected a list of Label Studio tasks', { file: path });
      }
    }
  }
}

/** The tasks of an export file, one at a time (JSON-MIN's records of one task joined into it). */
export async function* exportTasks(
  tree: FileTree,
  file: ExportFile,
  config: LabelingConfig | undefined,
  limits: DatasetLimits = DEFAULT_LIMITS,
): AsyncGenerator<TaskEntry> {
  if (file.kind === 'task') {
    const task = await readJson(tree, file.path, limits);
    if (!isObject(task))
      throw new DatasetError('bad-json', 'expected a Label Studio task', { file: file.path });
    yield { task, file: file.path, place: '', index: 0 };
    return;
  }
  if (file.kind === 'tasks') {
    for await (const { value, index } of rootElements(tree, file.path, limits)) {
      if (!isObject(value)) {
        throw new DatasetError('bad-field', 'expected a task object', {
          file: file.path,
          place: `[${index}]`,
        });
      }
      yield { task: value, file: file.path, place: `[${index}]`, index };
    }
    return;
  }
  yield* minTasks(tree, file.path, config, limits);
}

/** JSON-MIN records, those of one task (consecutive, with the same `id`) as one task. */
async function* minTasks(
  tree: FileTree,
  path: string,
  config: LabelingConfig | undefined,
  limits: DatasetLimits,
) {
  let group: JsonObject[] = [];
  let at = 0;
  let n = 0;
  const flush = (): TaskEntry => ({
    task: taskOfRecords(group, config),
    file: path,
    place: `[${at}]`,
    index: n++,
  });
  for await (const { value, index } of rootElements(tree, path, limits)) {
    if (!isJsonMinRecord(value)) {
      throw new DatasetError('bad-field', 'expected a JSON-MIN record (with annotation_id)', {
        file: path,
        place: `[${index}]`,
      });
    }
    if (group.length > 0 && value.id !== group[0]!.id) {
      yield flush();
      group = [];
    }
    if (group.length === 0) at = index;
    group.push(value);
  }
  if (group.length > 0) yield flush();
}
