/**
 * CIFAR's meta files: `batches.meta` (CIFAR-10: `label_names`, `num_cases_per_batch`, `num_vis`) and
 * `meta` (CIFAR-100: `fine_label_names`, `coarse_label_names`).
 */
import { fieldOf } from './cifar-batch.js';
import { textOf } from './pickle-values.js';

export const META_FILES = ['batches.meta', 'meta'];

/** CIFAR-10's classes, Datumaro's labels when a folder has no label names. */
export const CIFAR10_LABELS = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
];

const namesOf = (v: unknown): string[] | undefined => {
  if (!Array.isArray(v)) return undefined;
  const names = v.map(textOf);
  return names.every((n) => n !== undefined) ? (names as string[]) : undefined;
};

/** The label names of a meta dict (fine and coarse), or undefined when it is not one. */
export function metaLabels(meta: unknown): { fine: string[]; coarse: string[] } | undefined {
  const ten = namesOf(fieldOf(meta, 'label_names'));
  if (ten) return { fine: ten, coarse: [] };
  const fine = namesOf(fieldOf(meta, 'fine_label_names'));
  if (!fine) return undefined;
  return { fine, coarse: namesOf(fieldOf(meta, 'coarse_label_names')) ?? [] };
}
