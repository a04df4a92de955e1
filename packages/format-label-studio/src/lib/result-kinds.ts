/**
 * The kinds of Label Studio results this format reads, from a result's `type` (or, in JSON-MIN, which
 * has none, from the keys of its value), and the names the writer gives their control tags.
 */
import type { JsonObject } from '@labelport/core/json';

export type ShapeKind = 'rectangle' | 'polygon' | 'keypoint' | 'ellipse' | 'brush';
export type ResultKind = ShapeKind | 'labels' | 'choices' | 'textarea' | 'number' | 'rating' | 'relation';

export const SHAPE_KINDS: readonly ResultKind[] = ['rectangle', 'polygon', 'keypoint', 'ellipse', 'brush'];
export const isShapeKind = (k: ResultKind): k is ShapeKind => SHAPE_KINDS.includes(k);

const KIND_OF_TYPE: Record<string, ResultKind> = {
  rectanglelabels: 'rectangle',
  rectangle: 'rectangle',
  polygonlabels: 'polygon',
  polygon: 'polygon',
  keypointlabels: 'keypoint',
  keypoint: 'keypoint',
  ellipselabels: 'ellipse',
  ellipse: 'ellipse',
  brushlabels: 'brush',
  brush: 'brush',
  labels: 'labels',
  choices: 'choices',
  textarea: 'textarea',
  number: 'number',
  rating: 'rating',
  relation: 'relation',
};

/** The labelled result type of each shape kind, which is also the key of its labels in the value. */
export const LABELS_TYPE: Record<ShapeKind, string> = {
  rectangle: 'rectanglelabels',
  polygon: 'polygonlabels',
  keypoint: 'keypointlabels',
  ellipse: 'ellipselabels',
  brush: 'brushlabels',
};

/** The control names the writer uses when the source names none (Label Studio's templates' names). */
export const DEFAULT_CONTROL: Record<string, string> = {
  rectanglelabels: 'label',
  polygonlabels: 'polygon',
  keypointlabels: 'keypoint',
  ellipselabels: 'ellipse',
  brushlabels: 'brush',
  choices: 'choice',
  textarea: 'caption',
};

/** A result's kind from its type, else from its value's keys; undefined for a kind not read. */
export function kindOf(type: unknown, value: JsonObject): ResultKind | undefined {
  if (typeof type === 'string') return KIND_OF_TYPE[type.toLowerCase()];
  for (const t of Object.values(LABELS_TYPE)) if (t in value) return KIND_OF_TYPE[t];
  if ('choices' in value) return 'choices';
  if ('text' in value) return 'textarea';
  if ('rle' in value) return 'brush';
  if ('points' in value) return 'polygon';
  if ('radiusX' in value) return 'ellipse';
  if ('x' in value && 'y' in value) return 'height' in value ? 'rectangle' : 'keypoint';
  if ('labels' in value) return 'labels';
  if ('number' in value) return 'number';
  if ('rating' in value) return 'rating';
  return undefined;
}

/** The result type a kind is named by in messages and the written config. */
export function typeOfKind(kind: ResultKind): string {
  return isShapeKind(kind) ? LABELS_TYPE[kind] : kind;
}
