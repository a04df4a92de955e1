/**
 * JSON-MIN, Label Studio's flat export (label-studio-converter's `convert_to_json_min`): one record per
 * annotation, holding the task's data keys, `id` (the task's), one key per control tag (`from_name`)
 * with its values (a single choice or text as a string, several as a list, regions as a list of their
 * values with `original_width`/`original_height`), and `annotator`, `annotation_id`, `created_at`,
 * `updated_at`, `lead_time`. Which keys are data is not told by their order (a JSON object has none):
 * the labeling config beside the export says which keys are controls; without one, strings that are
 * not image references are taken for single choices. The records of one task are turned back into one task with
 * one annotation per record, which the task reader reads as any other. Region ids are not exported:
 * per-region results cannot be tied to their regions, and each value is its own region.
 */
import { isObject, type JsonObject } from '@labelport/core/json';
import type { LabelingConfig } from './labeling-config.js';

const META_KEYS = new Set([
  'id',
  'annotator',
  'annotation_id',
  'created_at',
  'updated_at',
  'lead_time',
  'agreement',
  'history',
  'was_cancelled',
]);

/** Whether a record is JSON-MIN's: an annotation's id and times beside the data. */
export function isJsonMinRecord(v: unknown): v is JsonObject {
  return isObject(v) && 'annotation_id' in v && ('annotator' in v || 'lead_time' in v || 'created_at' in v);
}

const looksLikeImage = (s: string) =>
  /\.(jpe?g|png|gif|bmp|tiff?|webp)([?#].*)?$/i.test(s) ||
  /^[a-z][a-z0-9+.-]*:\/\/|\/data\/(local-files|upload)\b/i.test(s);

/**
 * The keys of a record that are the task's data: with a config, its images' keys and whatever is not
 * a control; without one, image references, numbers and booleans (a string that is no image is a
 * single choice, as the converter writes one; a list holds a control's values).
 */
function dataKeys(record: JsonObject, config: LabelingConfig | undefined): Set<string> {
  const out = new Set<string>();
  if (config) for (const key of config.images.values()) out.add(key);
  for (const [k, v] of Object.entries(record)) {
    if (META_KEYS.has(k) || Array.isArray(v) || isObject(v)) continue;
    if (config) {
      if (!config.controls.has(k)) out.add(k);
    } else if (typeof v !== 'string' || looksLikeImage(v)) out.add(k);
  }
  return out;
}

function resultsOf(key: string, value: unknown, config: LabelingConfig | undefined): JsonObject[] {
  const control = config?.controls.get(key);
  const base = { from_name: key, ...(control ? { to_name: control.toName } : {}) };
  if (typeof value === 'string') {
    const type = control?.type === 'textarea' ? 'textarea' : 'choices';
    return [{ ...base, type, value: type === 'textarea' ? { text: [value] } : { choices: [value] } }];
  }
  if (!Array.isArray(value)) return [];
  const texts = value.filter((v): v is string => typeof v === 'string');
  const out: JsonObject[] = [];
  if (texts.length > 0) {
    const type = control?.type === 'textarea' ? 'textarea' : 'choices';
    out.push({ ...base, type, value: type === 'textarea' ? { text: texts } : { choices: texts } });
  }
  for (const v of value) {
    if (!isObject(v)) continue;
    const { original_width, original_height, ...rest } = v;
    const type = control?.type;
    out.push({ ...base, ...(type ? { type } : {}), value: rest, original_width, original_height });
  }
  return out;
}

/** The records of one task (same `id`) as a Label Studio task with one annotation per record. */
export function taskOfRecords(records: JsonObject[], config: LabelingConfig | undefined): JsonObject {
  const first = records[0]!;
  const keys = dataKeys(first, config);
  const data: JsonObject = {};
  for (const k of keys) if (k in first) data[k] = first[k];
  const annotations = records.map((record) => {
    const result: JsonObject[] = [];
    // Controls in name order: a record's key order is no order (labels are numbered as first met).
    for (const k of Object.keys(record).sort()) {
      if (!keys.has(k) && !META_KEYS.has(k)) result.push(...resultsOf(k, record[k], config));
    }
    const out: JsonObject = { result };
    if (record.annotator !== undefined) out.completed_by = record.annotator;
    if (record.created_at !== undefined) out.created_at = record.created_at;
    return out;
  });
  return { id: first.id, data, annotations };
}
