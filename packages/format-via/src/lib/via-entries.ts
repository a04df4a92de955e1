/**
 * The images of a VIA file, one entry each, from the three shapes VIA writes:
 *   - a project (`Save Project`): `{ _via_settings, _via_img_metadata: { "<filename><size>": entry },
 *     _via_attributes, _via_data_format_version, _via_image_id_list }`;
 *   - the annotations alone (`Export Annotations (as json)`): `{ "<filename><size>": entry }`, where an
 *     entry is `{ filename, size, regions: [{ shape_attributes, region_attributes }], file_attributes }`
 *     (VIA 1.x kept `regions` as an object keyed "0", "1", ...: read too);
 *   - the CSV export: `filename,file_size,file_attributes,region_count,region_id,
 *     region_shape_attributes,region_attributes`, one row per region (an image without regions: one
 *     row with region_count 0 and `{}`), the attributes as JSON in the cells.
 * An entry is parsed when its item is made, so that a bad one is skipped under the item policy.
 */
import { DatasetError } from '@labelport/core';
import type { CsvHeader, CsvRecord } from '@labelport/core/files';
import {
  asObject,
  badField,
  describeValue,
  isObject,
  type JsonObject,
  objectField,
  optionalNumber,
  stringField,
} from '@labelport/core/json';

export interface ViaEntry {
  file: string;
  subset: string;
  /** Where the entry is: `_via_img_metadata["a.jpg123"]`, `["a.jpg123"]` or `line 2`. */
  place: string;
  /** A JSON entry as parsed. */
  json?: unknown;
  /** A CSV entry: its rows. */
  rows?: CsvRecord[];
}

export interface ViaRegion {
  shape: JsonObject;
  attributes: JsonObject;
  /** Where the region is (for messages). */
  place: string;
}

export interface ViaRecord {
  filename: string;
  /** The file size in bytes; VIA writes -1 for files added by URL. */
  size?: number;
  fileAttributes: JsonObject;
  regions: ViaRegion[];
}

/** A JSON entry's regions: a list (VIA 2) or an object keyed by index (VIA 1). */
export function regionList(regions: unknown): unknown[] | undefined {
  if (Array.isArray(regions)) return regions;
  if (isObject(regions)) return Object.values(regions);
  return undefined;
}

/** The entries of a parsed VIA JSON document (a project or the annotations alone). */
export function jsonEntries(doc: JsonObject, file: string, subset: string): ViaEntry[] {
  const project = isObject(doc._via_img_metadata);
  const metadata = project ? (doc._via_img_metadata as JsonObject) : doc;
  const order = Array.isArray(doc._via_image_id_list)
    ? doc._via_image_id_list.filter((k): k is string => typeof k === 'string' && k in metadata)
    : [];
  const keys = order.length === Object.keys(metadata).length ? order : Object.keys(metadata);
  const prefix = project ? '_via_img_metadata' : '';
  return keys.map((key) => ({
    file,
    subset,
    place: `${prefix}[${JSON.stringify(key)}]`,
    json: metadata[key],
  }));
}

function parseJsonRecord(raw: unknown, file: string, place: string): ViaRecord {
  const o = asObject(raw, file, place);
  const regions = regionList(o.regions);
  if (regions === undefined)
    badField(file, `${place}.regions`, `expected a list, got ${describeValue(o.regions)}`);
  const fileAttributes = o.file_attributes === undefined ? {} : o.file_attributes;
  return {
    filename: stringField(o, 'filename', file, place),
    size:
      typeof o.size === 'string' && o.size.trim() !== ''
        ? Number(o.size)
        : optionalNumber(o, 'size', file, place),
    // VIA writes [] for no file attributes in some versions
    fileAttributes:
      Array.isArray(fileAttributes) && fileAttributes.length === 0
        ? {}
        : asObject(fileAttributes, file, `${place}.file_attributes`),
    regions: regions.map((r, j) => {
      const at = `${place}.regions[${j}]`;
      const region = asObject(r, file, at);
      return {
        shape: objectField(region, 'shape_attributes', file, at),
        attributes:
          region.region_attributes === undefined ? {} : objectField(region, 'region_attributes', file, at),
        place: `${at}.shape_attributes`,
      };
    }),
  };
}

/** The CSV header's columns, by VIA's names (VIA 1.0 wrote `#filename`). */
export interface CsvColumns {
  filename: number;
  size: number;
  fileAttributes: number;
  shape: number;
  region: number;
}

export function csvColumns(header: CsvHeader): CsvColumns {
  return {
    filename: header.require('filename', '#filename'),
    size: header.require('file_size'),
    fileAttributes: header.require('file_attributes'),
    shape: header.require('region_shape_attributes'),
    region: header.require('region_attributes'),
  };
}

/** The rows of a CSV export, grouped by image (filename and size), in the order of their first row. */
export function csvEntries(
  records: CsvRecord[],
  columns: CsvColumns,
  file: string,
  subset: string,
): ViaEntry[] {
  const byImage = new Map<string, CsvRecord[]>();
  for (const r of records) {
    const key = `${r.fields[columns.filename] ?? ''}\u0000${r.fields[columns.size] ?? ''}`;
    const rows = byImage.get(key);
    if (rows) rows.push(r);
    else byImage.set(key, [r]);
  }
  return [...byImage.values()].map((rows) => ({ file, subset, place: `line ${rows[0]!.line}`, rows }));
}

/** A JSON cell of a CSV row (`{}` when empty). */
export function jsonCell(r: CsvRecord, column: number, name: string, file: string): JsonObject {
  const text = (r.fields[column] ?? '').trim();
  if (text === '') return {};
  const place = `line ${r.line}, ${name}`;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/\s+/g, ' ') : String(e);
    throw new DatasetError('bad-json', `invalid JSON in the cell: ${why}`, { file, place });
  }
  return asObject(v, file, place);
}

function parseCsvRecord(rows: CsvRecord[], columns: CsvColumns, file: string): ViaRecord {
  const first = rows[0]!;
  const sizeText = (first.fields[columns.size] ?? '').trim();
  const size = sizeText === '' ? undefined : Number(sizeText);
  if (size !== undefined && !Number.isFinite(size)) {
    badField(file, `line ${first.line}, file_size`, `expected a number, got "${sizeText}"`);
  }
  const regions: ViaRegion[] = [];
  for (const r of rows) {
    const shape = jsonCell(r, columns.shape, 'region_shape_attributes', file);
    const attributes = jsonCell(r, columns.region, 'region_attributes', file);
    // an image without regions has one row of empty objects
    if (Object.keys(shape).length === 0 && Object.keys(attributes).length === 0) continue;
    regions.push({ shape, attributes, place: `line ${r.line}, region_shape_attributes` });
  }
  return {
    filename: first.fields[columns.filename] ?? '',
    size,
    fileAttributes: jsonCell(first, columns.fileAttributes, 'file_attributes', file),
    regions,
  };
}

/** An entry parsed: a DatasetError names the file and the place of anything bad. */
export function parseEntry(e: ViaEntry, columns: CsvColumns | undefined): ViaRecord {
  if (e.rows) return parseCsvRecord(e.rows, columns!, e.file);
  return parseJsonRecord(e.json, e.file, e.place);
}

/** The raw region attribute objects of an entry, for the first pass (nothing bad is reported here). */
export function surveyRegions(e: ViaEntry, columns: CsvColumns | undefined): unknown[] {
  if (e.rows) {
    return e.rows.map((r) => {
      try {
        return JSON.parse(r.fields[columns!.region] ?? '');
      } catch {
        return undefined;
      }
    });
  }
  const regions = isObject(e.json) ? regionList(e.json.regions) : undefined;
  return (regions ?? []).map((r) => (isObject(r) ? r.region_attributes : undefined));
}
