/**
 * Annotations as Label Studio results: each shape is a region (a `*labels` result, percent
 * coordinates, `original_width`/`original_height`), its attributes per-region results (text as
 * TextArea, numbers as Number, booleans as Choices), image labels `choices` and captions `textarea`.
 */
import {
  type Annotation,
  type AttributeValue,
  type DatasetLimits,
  type LabelCategory,
  loadMask,
  type ReportBuilder,
} from '@labelport/core';
import type { JsonObject } from '@labelport/core/json';
import { encodeBrushRle } from './brush-rle.js';
import type { WrittenControl } from './labeling-config.js';
import { ellipseValue, type Frame, keypointValues, polygonValue, rectangleValue } from './region-geometry.js';
import { DEFAULT_CONTROL } from './result-kinds.js';

/** Attributes the results themselves hold (the others become per-region results). */
const OWN_ATTRIBUTES = new Set([
  'score',
  'labels',
  'relations',
  'from_name',
  'to_name',
  'annotator',
  'model_version',
]);

/** The per-region control a group is written to (and read back from). */
const GROUP = 'group';

/** The keypoint size (percent of the width) Label Studio's converters give imported points. */
const POINT_WIDTH = 1;

export interface RegionEnv {
  report: ReportBuilder;
  labels: LabelCategory[];
  limits: DatasetLimits;
  toName: string;
  /** Result type -> the control name results use unless an annotation names another. */
  controls: Map<string, string>;
  /** The controls written, for the labeling config. */
  used: Map<string, WrittenControl>;
  where: string;
}

export function controlName(type: string, a: Annotation, env: RegionEnv): string {
  const given = a.attributes.from_name;
  const name =
    typeof given === 'string' && given !== '' ? given : (env.controls.get(type) ?? DEFAULT_CONTROL[type]!);
  if (!env.used.has(name)) env.used.set(name, { type, perRegion: false });
  return name;
}

function toNameOf(a: Annotation, env: RegionEnv): string {
  const given = a.attributes.to_name;
  return typeof given === 'string' && given !== '' ? given : env.toName;
}

/** The label names of a region: all of `attributes.labels` when it lists them, starting with the label. */
function labelNames(a: Annotation, env: RegionEnv): string[] {
  const name = a.label !== undefined ? env.labels[a.label]?.name : undefined;
  if (name === undefined) return [];
  const more = a.attributes.labels;
  if (typeof more === 'string') {
    try {
      const list: unknown = JSON.parse(more);
      if (Array.isArray(list) && list[0] === name && list.every((s) => typeof s === 'string')) return list;
    } catch {
      // not a list written by the reader: the label alone
    }
  }
  return [name];
}

interface Base {
  id: string;
  frame: Frame;
}

/** One result, keys in the order Label Studio exports them. */
function result(base: Base, a: Annotation, type: string, value: JsonObject, env: RegionEnv): JsonObject {
  const r: JsonObject = {};
  if (base.frame.width && base.frame.height) {
    r.original_width = base.frame.width;
    r.original_height = base.frame.height;
    r.image_rotation = 0;
  }
  r.value = value;
  r.id = base.id;
  r.from_name = controlName(type, a, env);
  r.to_name = toNameOf(a, env);
  r.type = type;
  if (typeof a.attributes.score === 'number') r.score = a.attributes.score;
  return r;
}

/** The per-region results of an annotation's other attributes. */
function attributeResults(base: Base, a: Annotation, skip: string[], env: RegionEnv): JsonObject[] {
  const out: JsonObject[] = [];
  const add = (name: string, v: AttributeValue) => {
    const { type, value } = attributeValueOf(v);
    if (!env.used.has(name)) env.used.set(name, { type, perRegion: true });
    out.push({ value, id: base.id, from_name: name, to_name: toNameOf(a, env), type });
  };
  for (const [name, v] of Object.entries(a.attributes)) {
    if (!OWN_ATTRIBUTES.has(name) && !skip.includes(name)) add(name, v);
  }
  // The shapes of one object: a per-region number `group` (Label Studio has no groups of its own).
  if (a.group !== undefined) add(GROUP, a.group);
  return out;
}

function attributeValueOf(v: AttributeValue): { type: string; value: JsonObject } {
  if (typeof v === 'number') return { type: 'number', value: { number: v } };
  if (typeof v === 'boolean') return { type: 'choices', value: { choices: [String(v)] } };
  return { type: 'textarea', value: { text: [v] } };
}

function noSize(a: Annotation, env: RegionEnv): undefined {
  env.report.drop(
    a.type,
    1,
    `${a.type} annotations on items without an image size are not written (Label Studio keeps percent of the image)`,
  );
  return undefined;
}

/** The shape's value and result type, or undefined (counted) when it cannot be written. */
async function shapeValue(a: Annotation, base: Base, labels: string[], env: RegionEnv) {
  const frame = base.frame;
  switch (a.type) {
    case 'bbox': {
      const r = rectangleValue(a, frame);
      if (!r) return noSize(a, env);
      if (r.lostRotation)
        env.report.drop(
          'rotation',
          1,
          'a rotated box in fractions of an image of unknown size is written unrotated',
        );
      return { type: 'rectanglelabels', value: { ...r.value, rectanglelabels: labels }, skip: ['rotation'] };
    }
    case 'polygon':
    case 'polyline': {
      const value = polygonValue(a, frame);
      return value
        ? { type: 'polygonlabels', value: { ...value, polygonlabels: labels }, skip: [] }
        : noSize(a, env);
    }
    case 'ellipse': {
      const value = ellipseValue(a, frame);
      return value
        ? { type: 'ellipselabels', value: { ...value, ellipselabels: labels }, skip: ['rotation'] }
        : noSize(a, env);
    }
    case 'mask': {
      const bitmap = await loadMask(a.mask, { limits: env.limits, where: env.where });
      base.frame = { width: bitmap.width, height: bitmap.height };
      const value = { format: 'rle', rle: encodeBrushRle(bitmap), brushlabels: labels };
      return { type: 'brushlabels', value, skip: [] };
    }
    default:
      return undefined;
  }
}

/** Keypoints: one region per point (`ids` gives each one's id). */
function keypointResults(
  a: Extract<Annotation, { type: 'points' }>,
  base: Base,
  labels: string[],
  env: RegionEnv,
  ids: () => string,
) {
  const kp = keypointValues(a, base.frame, POINT_WIDTH);
  if (!kp) return noSize(a, env);
  if (kp.absent > 0)
    env.report.drop('point', kp.absent, 'points not labelled (visibility 0) are not written');
  if (kp.values.length > 1) {
    env.report.convert(
      'points',
      'point shapes',
      1,
      'a points annotation of several points is written as one keypoint region per point',
    );
  }
  return kp.values.flatMap((value, i) => {
    const b = { ...base, id: i === 0 ? base.id : ids() };
    return [
      result(b, a, 'keypointlabels', { ...value, keypointlabels: labels }, env),
      ...attributeResults(b, a, [], env),
    ];
  });
}

/**
 * The results of a region annotation (a shape), or undefined when it cannot be written (counted).
 * `ids` makes more region ids (a points annotation of several points is several regions).
 */
export async function regionResults(
  a: Annotation,
  base: Base,
  env: RegionEnv,
  ids: () => string,
): Promise<JsonObject[] | undefined> {
  const labels = labelNames(a, env);
  if (a.type === 'points') return keypointResults(a, base, labels, env, ids);
  const shape = await shapeValue(a, base, labels, env);
  if (!shape) return undefined;
  return [result(base, a, shape.type, shape.value, env), ...attributeResults(base, a, shape.skip, env)];
}

/** An image label as a `choices` result, a caption as a `textarea` one; their other attributes are counted. */
export function imageResult(a: Annotation, base: Base, env: RegionEnv): JsonObject | undefined {
  const own = Object.keys(a.attributes).filter((k) => !OWN_ATTRIBUTES.has(k)).length;
  env.report.drop(
    'attribute',
    own,
    'attributes of image labels and captions are not kept (Label Studio has none)',
  );
  if (a.group !== undefined)
    env.report.drop('group', 1, 'image labels and captions are in no group (no region)');
  if (a.type === 'caption') return result(base, a, 'textarea', { text: [a.caption] }, env);
  const name = a.label !== undefined ? env.labels[a.label]?.name : undefined;
  if (name === undefined) {
    env.report.drop('label', 1, 'image labels without a label are not written');
    return undefined;
  }
  return result(base, a, 'choices', { choices: [name] }, env);
}
