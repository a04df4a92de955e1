/**
 * A data row's record as a labelport item. Objects become annotations (lib/objects.ts); image-level
 * classifications become, per kind: radio and checklist answers one `label` annotation each (the label
 * is the answer, `attributes.classification` the question), text answers item attributes named by the
 * question. Several labels on one row (several projects, or benchmark and consensus labels) are all
 * read, each annotation then carrying its label's id (`label_id`). The data row's Labelbox id is the
 * item attribute `data_row_id`, its external id `external_id`; its global key the item attribute
 * `global_key` where the id and the image's extension do not give it back.
 */
import {
  type Annotation,
  type Attributes,
  type DatasetItem,
  type FileTree,
  isDatasetError,
  type ReadContext,
} from '@labelport/core';
import { dirname } from '@labelport/core/files';
import { type Classification, flatten, parseClassification } from './classifications.js';
import { defaultGlobalKey, findInTree, idOfKey, imageCandidates } from './data-rows.js';
import { CLASSIFICATION, FEATURE_ID, LABEL_ID, type ObjectEnv, objectAnnotation, SCORE } from './objects.js';
import type { RowRecord } from './rows.js';

export const DATA_ROW_ID = 'data_row_id';
export const GLOBAL_KEY = 'global_key';
export const EXTERNAL_ID = 'external_id';

export interface ItemEnv extends ObjectEnv {
  tree: FileTree;
  ctx: ReadContext;
  files: ReadonlySet<string>;
  /** Ids given in this pass. */
  ids: Set<string>;
}

/** Label annotations of an image-level radio or checklist; a text answer goes to `itemAttributes`. */
function imageClassification(
  c: Classification,
  file: string,
  env: ItemEnv,
  extra: Attributes,
  itemAttributes: Attributes,
): Annotation[] {
  env.kinds.note(c.name, c.kind);
  if (c.kind === 'text') {
    itemAttributes[c.name] = c.text!;
    return [];
  }
  return c.answers.map((a) => {
    const attributes: Attributes = { [CLASSIFICATION]: c.name, ...extra };
    if (c.featureId !== undefined) attributes[FEATURE_ID] = c.featureId;
    if (c.confidence !== undefined) attributes[SCORE] = c.confidence;
    flatten(a.classifications, file, `${a.place}.classifications`, attributes, env, [c.name, a.name]);
    return { type: 'label', label: env.labels.get(a.name), attributes };
  });
}

/** The annotations and item attributes of a record's labels; a bad one is skipped under the policy. */
function contentOf(rec: RowRecord, file: string, env: ItemEnv) {
  const annotations: Annotation[] = [];
  const attributes: Attributes = {};
  const several = rec.labels.length > 1;
  for (const label of rec.labels) {
    const extra: Attributes = several && label.id !== undefined ? { [LABEL_ID]: label.id } : {};
    for (const o of label.objects) {
      const a = env.ctx.attempt(() => objectAnnotation(o.raw, file, o.place, env, extra), {
        file,
        place: o.place,
      });
      if (a) annotations.push(a);
    }
    for (const c of label.classifications) {
      const made = env.ctx.attempt(
        () => {
          const parsed = parseClassification(c.raw, file, c.place);
          if (parsed) return imageClassification(parsed, file, env, extra, attributes);
          env.unread++;
          return [];
        },
        { file, place: c.place },
      );
      if (made) annotations.push(...made);
    }
  }
  return { annotations, attributes };
}

function uniqueId(ids: Set<string>, id: string): string {
  let out = id;
  for (let n = 2; ids.has(out); n++) out = `${id}_${n}`;
  ids.add(out);
  return out;
}

/** The item of one data row (`file`: where its annotations are, for messages and the image's folder). */
export async function itemOfRecord(rec: RowRecord, file: string, env: ItemEnv): Promise<DatasetItem> {
  const key = rec.globalKey ?? rec.externalId ?? rec.id ?? 'image';
  const id = uniqueId(env.ids, idOfKey(key));
  const found =
    rec.rowData === undefined
      ? undefined
      : findInTree(imageCandidates(rec.rowData, dirname(file)), env.files);
  const { annotations, attributes } = contentOf(rec, file, env);
  const mediaPath = rec.rowData === undefined ? found : (found ?? rec.rowData);
  if (rec.id !== undefined) attributes[DATA_ROW_ID] = rec.id;
  if (rec.globalKey !== undefined && rec.globalKey !== defaultGlobalKey(id, rec.rowData))
    attributes[GLOBAL_KEY] = rec.globalKey;
  if (rec.externalId !== undefined) attributes[EXTERNAL_ID] = rec.externalId;
  return {
    id,
    subset: 'default',
    media: {
      kind: 'image',
      path: mediaPath,
      width: rec.width,
      height: rec.height,
      bytes: found ? () => env.tree.read(found) : undefined,
    },
    annotations,
    attributes,
  };
}

/** The first pass over a record: label names and question kinds, nothing reported (the second pass does). */
export function surveyRecord(rec: RowRecord, file: string, env: ItemEnv): void {
  const quietly = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      if (!isDatasetError(e)) throw e;
    }
  };
  for (const label of rec.labels) {
    for (const o of label.objects) quietly(() => objectAnnotation(o.raw, file, o.place, env));
    for (const c of label.classifications) {
      quietly(() => {
        const parsed = parseClassification(c.raw, file, c.place);
        if (parsed) imageClassification(parsed, file, env, {}, {});
      });
    }
  }
}
