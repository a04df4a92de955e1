/**
 * Is this file VIA's? Told by content, never by a byte window: a JSON file is scanned (core's streaming
 * scanner) until its first root key decides it, a CSV file is parsed until its header row.
 *   - a project: the first root key is one of VIA's own (`_via_settings`, `_via_img_metadata`, ...),
 *     decided at the key, before its value is read;
 *   - the annotations alone: the first root value is an image entry `{ filename, regions, ... }`;
 *   - the CSV export: the header is VIA's seven columns.
 */
import { type FileTree, isDatasetError } from '@labelport/core';
import { extname, streamCsv } from '@labelport/core/files';
import { isObject, scanJsonBatches } from '@labelport/core/json';
import { regionList } from './via-entries.js';

export type ViaKind = 'project' | 'annotations' | 'csv';

const PROJECT_KEYS = new Set([
  '_via_settings',
  '_via_img_metadata',
  '_via_attributes',
  '_via_data_format_version',
  '_via_image_id_list',
]);

export const CSV_HEADER = [
  'filename',
  'file_size',
  'file_attributes',
  'region_count',
  'region_id',
  'region_shape_attributes',
  'region_attributes',
];

/** Thrown from the scanner's plan to stop at the first key (not an error anyone sees). */
class Decided {
  constructor(readonly kind: ViaKind | undefined) {}
}

/** Whether a value is a VIA image entry: a file name and its regions. */
export function isViaEntry(v: unknown): boolean {
  return isObject(v) && typeof v.filename === 'string' && regionList(v.regions) !== undefined;
}

async function sniffJson(tree: FileTree, path: string): Promise<ViaKind | undefined> {
  const plan = (key: string | undefined, isArray: boolean) => {
    if (key === undefined || isArray) throw new Decided(undefined);
    if (key.startsWith('_via_')) throw new Decided(PROJECT_KEYS.has(key) ? 'project' : undefined);
    return 'whole' as const;
  };
  try {
    for await (const batch of scanJsonBatches(tree, path, { plan })) {
      for (const ev of batch) return ev.type === 'value' && isViaEntry(ev.value) ? 'annotations' : undefined;
    }
  } catch (e) {
    if (e instanceof Decided) return e.kind;
    if (isDatasetError(e)) return undefined;
    throw e;
  }
  return undefined;
}

/** Whether a CSV header row is VIA's (VIA 1.0 wrote `#filename`). */
export function isViaHeader(fields: string[]): boolean {
  const names = fields.map((f) => f.trim());
  if (names[0] === '#filename') names[0] = 'filename';
  return names.length === CSV_HEADER.length && names.every((n, i) => n === CSV_HEADER[i]);
}

async function sniffCsv(tree: FileTree, path: string): Promise<ViaKind | undefined> {
  try {
    for await (const record of streamCsv(tree, path)) return isViaHeader(record.fields) ? 'csv' : undefined;
  } catch (e) {
    if (isDatasetError(e)) return undefined;
    throw e;
  }
  return undefined;
}

/** The files that may be VIA's: JSON and CSV files anywhere in the tree. */
export const candidates = (paths: Iterable<string>): string[] =>
  [...paths].filter((p) => extname(p) === '.json' || extname(p) === '.csv').sort();

/** What VIA file `path` is, or undefined when it is none. */
export function sniffVia(tree: FileTree, path: string): Promise<ViaKind | undefined> {
  return extname(path) === '.csv' ? sniffCsv(tree, path) : sniffJson(tree, path);
}
