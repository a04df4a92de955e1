/**
 * One item's annotations as Labelbox objects and classifications, in the importer's or the export's
 * shape. Objects: boxes, polygons, polylines, points (one object per point), masks (inline PNG) and
 * masks by URL (label annotations with `mask_url`); their attributes are nested classifications.
 * Label annotations are the answers of image-level questions (`attributes.classification`, else the
 * write option `classification`): one answer a radio, several a checklist (or the kind the dataset was
 * read with). Item attributes are image-level text answers. Everything else is counted.
 */
import type {
  Annotation,
  Attributes,
  DatasetItem,
  DatasetLimits,
  LabelCategory,
  ReportBuilder,
} from '@labelport/core';
import type { JsonObject } from '@labelport/core/json';
import { oneShapePerObject } from '@labelport/core/meta';
import { attributesJson, type KindInfo, type Shape, valueOfName } from './classifications.js';
import { DATA_ROW_ID, EXTERNAL_ID, GLOBAL_KEY } from './items.js';
import { CLASSIFICATION, FEATURE_ID, LABEL_ID, MASK_COLOR, MASK_URL, SCORE } from './objects.js';
import { type Geometry, geometryOf, objectJson, pointGeometry, urlMaskGeometry } from './write-objects.js';

export interface WriteEnv {
  shape: Shape;
  labels: readonly LabelCategory[];
  kinds: ReadonlyMap<string, KindInfo>;
  report: ReportBuilder;
  limits: DatasetLimits;
  /** The question of label annotations that name none. */
  question: string;
}

/** One label's content (the export keeps several labels apart by `label_id`). */
export interface LabelContent {
  objects: JsonObject[];
  classifications: JsonObject[];
}

const SKIP: ReadonlySet<string> = new Set([
  FEATURE_ID,
  LABEL_ID,
  MASK_URL,
  MASK_COLOR,
  SCORE,
  CLASSIFICATION,
]);
const ITEM_SKIP: ReadonlySet<string> = new Set([DATA_ROW_ID, GLOBAL_KEY, EXTERNAL_ID]);

const NO_OBJECT: Partial<Record<Annotation['type'], string>> = {
  ellipse: 'Labelbox has no ellipses: they are not written',
  caption: 'Labelbox has no captions (a caption is no answer to a question of the ontology): not written',
  cuboid2d: 'Labelbox has no image cuboids: they are not written',
  cuboid3d: 'Labelbox has no 3D cuboids in images: they are not written',
  skeleton: 'Labelbox has no skeletons: they are not written',
};

function countLosses(a: Annotation, env: WriteEnv): void {
  const { report } = env;
  if (a.objectId !== undefined) report.drop('objectId');
  if (env.shape === 'import') {
    if (FEATURE_ID in a.attributes) {
      report.drop('attribute', 1, "feature ids are Labelbox's own: an import gets new ones");
    }
    if (LABEL_ID in a.attributes)
      report.drop('attribute', 1, 'an import makes one label per data row: label ids are not written');
  }
}

/** The ids and name an object or classification starts with, by shape. */
function head(name: string, a: Annotation, env: WriteEnv): JsonObject {
  if (env.shape === 'import') return { name };
  const featureId = a.attributes[FEATURE_ID];
  return typeof featureId === 'string'
    ? { feature_id: featureId, name, value: valueOfName(name) }
    : { name, value: valueOfName(name) };
}

const confidenceOf = (a: Annotation) =>
  typeof a.attributes[SCORE] === 'number' ? (a.attributes[SCORE] as number) : undefined;

/** The objects of one annotation (several for a points annotation), or none (counted). */
async function objectsOf(a: Annotation, env: WriteEnv): Promise<JsonObject[]> {
  const name = a.label === undefined ? undefined : env.labels[a.label]?.name;
  const geometries: Geometry[] = [];
  if (a.type === 'points') {
    let hidden = 0;
    for (let i = 0; i + 1 < a.points.length; i += 2) {
      if (a.visibility[i / 2] === 0) hidden++;
      else geometries.push(pointGeometry(a.points[i]!, a.points[i + 1]!, env.shape));
    }
    env.report.drop(
      'point',
      hidden,
      'points of visibility 0 are not written (a Labelbox point is always shown)',
    );
    if (geometries.length > 1) {
      env.report.convert(
        'points',
        'point shapes',
        1,
        'points annotations of several points are written as one Labelbox point per point',
      );
    }
  } else {
    const g = a.type === 'label' ? urlMaskGeometry(a, env.shape) : await geometryOf(a, env.shape, env.limits);
    if (!g) {
      env.report.drop(a.type, 1, NO_OBJECT[a.type]);
      return [];
    }
    geometries.push(g);
  }
  if (geometries.length === 0) return [];
  if (name === undefined) {
    env.report.drop(
      a.type,
      1,
      'Labelbox objects need a name (a tool of the ontology): objects without a label are not written',
    );
    return [];
  }
  countLosses(a, env);
  const nested = attributesJson(a.attributes, env.kinds, env.shape, SKIP);
  return geometries.map((g) => objectJson(head(name, a, env), g, nested, confidenceOf(a)));
}

/** One image-level question from its answers (label annotations): a radio, or a checklist. */
function questionJson(question: string, answers: Annotation[], env: WriteEnv): JsonObject {
  const checklist = answers.length > 1 || env.kinds.get(question)?.kind === 'checklist';
  const list = answers.map((a) => {
    const name = env.labels[a.label!]!.name;
    const nested = attributesJson(a.attributes, env.kinds, env.shape, SKIP);
    if (env.shape === 'export') return { name, value: valueOfName(name), classifications: nested };
    return nested.length > 0 ? { name, classifications: nested } : { name };
  });
  const first = answers[0]!;
  const out = head(question, first, env);
  if (env.shape === 'import') out.answer = checklist ? list : list[0];
  else if (checklist) out.checklist_answers = list;
  else out.radio_answer = list[0];
  const confidence = confidenceOf(first);
  if (confidence !== undefined) out.confidence = confidence;
  return out;
}

/** Item attributes as image-level text answers. */
function textAnswers(attributes: Attributes, shape: Shape): JsonObject[] {
  const out: JsonObject[] = [];
  for (const [name, v] of Object.entries(attributes)) {
    if (ITEM_SKIP.has(name)) continue;
    const text = String(v);
    out.push(
      shape === 'import'
        ? { name, answer: text }
        : { name, value: valueOfName(name), text_answer: { content: text } },
    );
  }
  return out;
}

/** The item's content by label id ('' for annotations of no label id, and always in the import shape). */
export async function itemContent(item: DatasetItem, env: WriteEnv): Promise<Map<string, LabelContent>> {
  const out = new Map<string, LabelContent>();
  const labelOf = (a: Annotation) => {
    const id =
      env.shape === 'export' && typeof a.attributes[LABEL_ID] === 'string'
        ? (a.attributes[LABEL_ID] as string)
        : '';
    const c = out.get(id) ?? { objects: [], classifications: [] };
    out.set(id, c);
    return c;
  };
  const questions = new Map<string, { content: LabelContent; question: string; answers: Annotation[] }>();
  for (const a of oneShapePerObject(item.annotations, env.report, 'Labelbox')) {
    if (a.type !== 'label' || typeof a.attributes[MASK_URL] === 'string') {
      labelOf(a).objects.push(...(await objectsOf(a, env)));
      continue;
    }
    if (a.label === undefined || !env.labels[a.label]) {
      env.report.drop('label', 1, 'a label annotation without a label is no answer: not written');
      continue;
    }
    countLosses(a, env);
    const question =
      typeof a.attributes[CLASSIFICATION] === 'string'
        ? (a.attributes[CLASSIFICATION] as string)
        : env.question;
    const content = labelOf(a);
    const key = `${[...out.values()].indexOf(content)}\u0000${question}`;
    const q = questions.get(key) ?? { content, question, answers: [] };
    questions.set(key, q);
    q.answers.push(a);
  }
  for (const q of questions.values())
    q.content.classifications.push(questionJson(q.question, q.answers, env));
  const texts = textAnswers(item.attributes, env.shape);
  if (texts.length > 0) {
    const first = out.get('') ?? out.values().next().value ?? { objects: [], classifications: [] };
    if (out.size === 0) out.set('', first);
    first.classifications.push(...texts);
  }
  return out;
}
