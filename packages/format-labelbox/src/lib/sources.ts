/**
 * The files of a Labelbox tree, told by content (never by a byte window: the first row, or the first
 * element of a JSON list, is parsed):
 *   - `export`: Labelbox's NDJSON export v2, one data row per line
 *     `{ data_row: { id, global_key, external_id, row_data }, media_attributes: { width, height },
 *        projects: { <id>: { labels: [{ annotations: { objects, classifications } }] } } }`
 *     (also a JSON list of such rows, as `export_task.result` dumped with json.dump);
 *   - `import`: annotation NDJSON for Labelbox's importer, one annotation per line
 *     `{ uuid, dataRow: { globalKey | id }, name, bbox | polygon | line | point | mask | answer }`;
 *   - `data-rows`: a JSON list of data rows to create (`[{ row_data, global_key, media_type }]`),
 *     written beside the import NDJSON: it gives the import's images.
 */
import { DatasetError, type DatasetLimits, type FileTree, isDatasetError } from '@labelport/core';
import { extname } from '@labelport/core/files';
import {
  isObject,
  parseJsonLine as parseLine,
  scanJsonBatches,
  streamJsonLines as streamLines,
} from '@labelport/core/json';

export type FileKind = 'export' | 'export-list' | 'import' | 'data-rows';

export const CANDIDATE_EXTENSIONS = ['.ndjson', '.jsonl', '.json'];

export const isExportRow = (v: unknown): boolean =>
  isObject(v) && isObject(v.data_row) && (isObject(v.projects) || isObject(v.media_attributes));

export const isImportLine = (v: unknown): boolean =>
  isObject(v) &&
  isObject(v.dataRow) &&
  (typeof v.dataRow.globalKey === 'string' || typeof v.dataRow.id === 'string') &&
  (typeof v.name === 'string' || typeof v.schemaId === 'string');

const isDataRowSpec = (v: unknown): boolean =>
  isObject(v) &&
  typeof v.row_data === 'string' &&
  !('data_row' in v) &&
  (typeof v.global_key === 'string' || typeof v.external_id === 'string');

/** The first element of a JSON list file, parsed (undefined when the file is no list). */
async function firstElement(tree: FileTree, path: string): Promise<unknown> {
  for await (const batch of scanJsonBatches(tree, path)) {
    for (const ev of batch) return ev.type === 'element' ? ev.value : undefined;
  }
  return undefined;
}

/** What Labelbox file `path` is, or undefined. */
export async function sniffFile(tree: FileTree, path: string): Promise<FileKind | undefined> {
  if (!CANDIDATE_EXTENSIONS.includes(extname(path))) return undefined;
  try {
    for await (const l of streamLines(tree, path)) {
      if (l.text.startsWith('[')) {
        const first = await firstElement(tree, path);
        return isExportRow(first) ? 'export-list' : isDataRowSpec(first) ? 'data-rows' : undefined;
      }
      const v = parseLine(l, path);
      return isExportRow(v) ? 'export' : isImportLine(v) ? 'import' : undefined;
    }
  } catch (e) {
    if (isDatasetError(e)) return undefined;
    throw e;
  }
  return undefined;
}

/** One row of a file: parsed, or the error that parsing it gave (reported when its item is made). */
export interface RowValue {
  place: string;
  value?: unknown;
  error?: DatasetError;
}

function parsed(fn: () => unknown, place: string): RowValue {
  try {
    return { place, value: fn() };
  } catch (e) {
    if (!isDatasetError(e)) throw e;
    return { place, error: e };
  }
}

/** The rows of an NDJSON file (`line N`) or of a JSON list (`[i]`), streamed. */
export async function* fileRows(
  tree: FileTree,
  path: string,
  kind: FileKind,
  limits: DatasetLimits,
): AsyncGenerator<RowValue> {
  if (kind === 'export-list' || kind === 'data-rows') {
    for await (const batch of scanJsonBatches(tree, path, { maxDepth: limits.maxDepth })) {
      for (const ev of batch) {
        if (ev.type === 'element') yield { place: `[${ev.index}]`, value: ev.value };
        else if (ev.type === 'value')
          throw new DatasetError('bad-json', 'expected a JSON list of data rows', { file: path });
      }
    }
    return;
  }
  for await (const l of streamLines(tree, path, limits))
    yield parsed(() => parseLine(l, path, limits), `line ${l.line}`);
}
