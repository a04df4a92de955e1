/**
 * One data row's content, from either shape, in one form (`RowRecord`): the data row's keys, the image
 * size, and its labels' objects and classifications with where each is. An export row holds all of
 * it; import lines are grouped by data row first (every line of the file, then, is held).
 */
import {
  asObject,
  badField,
  describeValue,
  isObject,
  type JsonObject,
  objectField,
  optionalList,
  optionalString,
} from '@labelport/core/json';

export interface Placed {
  raw: unknown;
  place: string;
}

export interface LabelRecord {
  id?: string;
  objects: Placed[];
  classifications: Placed[];
}

export interface RowRecord {
  id?: string;
  globalKey?: string;
  externalId?: string;
  rowData?: string;
  width?: number;
  height?: number;
  labels: LabelRecord[];
}

function labelsOf(projects: JsonObject, file: string, place: string): LabelRecord[] {
  const out: LabelRecord[] = [];
  for (const [pid, p] of Object.entries(projects)) {
    const at = `${place}, projects[${JSON.stringify(pid)}]`;
    optionalList(asObject(p, file, at), 'labels', file, at).forEach((l, i) => {
      const lat = `${at}.labels[${i}]`;
      const label = asObject(l, file, lat);
      const ann = label.annotations === undefined ? {} : objectField(label, 'annotations', file, lat);
      const list = (key: string) =>
        optionalList(ann, key, file, `${lat}.annotations`).map((raw, j) => ({
          raw,
          place: `${lat}.annotations.${key}[${j}]`,
        }));
      out.push({
        id: typeof label.id === 'string' ? label.id : undefined,
        objects: list('objects'),
        classifications: list('classifications'),
      });
    });
  }
  return out;
}

/** Why a row is not read as an image (a video, a document, tiled imagery), or undefined. */
export function notAnImage(raw: unknown): string | undefined {
  if (!isObject(raw) || !isObject(raw.data_row)) return undefined;
  const mime = isObject(raw.media_attributes) ? raw.media_attributes.mime_type : undefined;
  if (typeof mime === 'string' && mime !== '' && !mime.startsWith('image/')) return mime;
  const rowData = raw.data_row.row_data;
  if (rowData !== undefined && typeof rowData !== 'string') return 'row_data that is not a URL';
  return undefined;
}

/** An export v2 row as a record; anything ill-typed is a DatasetError at its place. */
export function exportRecord(raw: unknown, file: string, place: string): RowRecord {
  const o = asObject(raw, file, place);
  const dr = objectField(o, 'data_row', file, place);
  const media = o.media_attributes === undefined ? {} : objectField(o, 'media_attributes', file, place);
  const at = `${place}, media_attributes`;
  const num = (k: string) => {
    const v = media[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return Math.round(v);
    return badField(file, `${at}.${k}`, `expected a size in pixels, got ${describeValue(v)}`);
  };
  return {
    id: optionalString(dr, 'id', file, `${place}, data_row`),
    globalKey: optionalString(dr, 'global_key', file, `${place}, data_row`),
    externalId: optionalString(dr, 'external_id', file, `${place}, data_row`),
    rowData: optionalString(dr, 'row_data', file, `${place}, data_row`),
    width: num('width'),
    height: num('height'),
    labels: labelsOf(o.projects === undefined ? {} : objectField(o, 'projects', file, place), file, place),
  };
}

/** The key an import line's data row is known by (global key first). */
export function importKey(raw: unknown): string | undefined {
  if (!isObject(raw) || !isObject(raw.dataRow)) return undefined;
  const { globalKey, id } = raw.dataRow;
  return typeof globalKey === 'string' ? `g:${globalKey}` : typeof id === 'string' ? `i:${id}` : undefined;
}

const GEOMETRY_KEYS = ['bbox', 'bounding_box', 'polygon', 'line', 'point', 'mask'];

/** Whether an import line is an object (else a classification). */
export const isObjectLine = (v: unknown): boolean => isObject(v) && GEOMETRY_KEYS.some((k) => k in v);

/** The import lines of one data row as a record (one label). */
export function importRecord(
  lines: Placed[],
  spec: { globalKey?: string; rowData?: string; externalId?: string } | undefined,
): RowRecord {
  const first = lines[0]?.raw;
  const dr = isObject(first) && isObject(first.dataRow) ? first.dataRow : {};
  const label: LabelRecord = { objects: [], classifications: [] };
  for (const l of lines) (isObjectLine(l.raw) ? label.objects : label.classifications).push(l);
  return {
    id: typeof dr.id === 'string' ? dr.id : undefined,
    globalKey: typeof dr.globalKey === 'string' ? dr.globalKey : spec?.globalKey,
    externalId: spec?.externalId,
    rowData: spec?.rowData,
    labels: lines.length > 0 ? [label] : [],
  };
}

/** A data row to create (`data_rows.json`): its key, image and external id. */
export function dataRowSpec(raw: unknown, file: string, place: string) {
  const o = asObject(raw, file, place);
  return {
    globalKey: optionalString(o, 'global_key', file, place),
    externalId: optionalString(o, 'external_id', file, place),
    rowData: optionalString(o, 'row_data', file, place),
  };
}
