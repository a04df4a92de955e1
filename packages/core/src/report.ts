import type { UnusedFile } from './account.js';
import { ANNOTATION_TYPES, type AnnotationType } from './model.js';

/**
 * The closed list of things a conversion can lose, one key per loss (as ERROR_CODES is for errors):
 * every annotation type, and the parts of an item or an annotation a target may not hold. Why it was
 * lost (no label, no image size, painted over) goes in a warning, not in the key. A converted entry is
 * `from->to`, both from this list (`polygon->bbox`, `mask->polygon`).
 */
export const LOSS_KINDS = [
  ...ANNOTATION_TYPES,
  /** An annotation's attribute (name and value). */
  'attribute',
  /** An item's attribute. */
  'item attribute',
  /** A track id (objectId). */
  'objectId',
  /** A group id that ties shapes of one object. */
  'group',
  /** A whole item (it could not be written at all). */
  'item',
  /** An image (or other media) that was referenced but whose bytes could not be saved. */
  'media',
  /** A label's parent (hierarchy). */
  'label parent',
  /** One point of a points or skeleton annotation. */
  'point',
  /** The visibility flag of a point. */
  'point visibility',
  /** A box's rotation. */
  'rotation',
  /** An LFW-style pair. */
  'pair',
  /** Several masks of one object merged into one. */
  'merged mask',
  /** A dataset info (source infos the target has no place for). */
  'info',
  /** The label of an annotation that is written without it (a format without labels for shapes). */
  'annotation label',
] as const satisfies readonly string[];

/** One of LOSS_KINDS. */
export type LossKind = (typeof LOSS_KINDS)[number];

/**
 * What a converted thing may become besides a loss kind: shapes merged into one outline, a points
 * annotation written as one point shape per point or as a box with its points, a shape cut to the image.
 */
export const CONVERSION_RESULTS = [
  'merged polygon',
  'point shapes',
  'bbox+points',
  ...ANNOTATION_TYPES.map((t) => `${t} cut to the image` as const),
] as const;

const LOSS_KIND_SET: ReadonlySet<string> = new Set(LOSS_KINDS);
const RESULT_SET: ReadonlySet<string> = new Set([...LOSS_KINDS, ...CONVERSION_RESULTS]);

/** True when `key` is a loss kind, or (`converted`) `from->to` with `from` a loss kind. */
export function isLossKey(key: string, converted = false): boolean {
  if (!converted) return LOSS_KIND_SET.has(key);
  const i = key.indexOf('->');
  return i > 0 && LOSS_KIND_SET.has(key.slice(0, i)) && RESULT_SET.has(key.slice(i + 2));
}

/** An annotation type as a loss kind (every annotation type is one). */
export function lossOf(type: AnnotationType): LossKind {
  return type;
}

/**
 * What a writer could not keep. A silent loss is a bug: every annotation a writer drops or turns into
 * something else is counted here, and the CLI prints it (`--strict` makes any loss an error).
 */
export interface WriteReport {
  /** Items written. */
  items: number;
  /** Dropped things by kind: annotation types, 'attribute', 'objectId', 'media', ... */
  dropped: Record<string, number>;
  /** Conversions by 'from->to'. */
  converted: Record<string, number>;
  warnings: string[];
  /** Files of the input the reader did not use, with the reason (set by `convert` for an accounted source). */
  unusedFiles?: UnusedFile[];
}

/** Builds a WriteReport: items written, what was dropped or converted, warnings said once. */
export class ReportBuilder {
  items = 0;
  readonly dropped: Record<string, number> = {};
  readonly converted: Record<string, number> = {};
  readonly warnings: string[] = [];
  private readonly seenWarnings = new Set<string>();

  /**
   * `count` of `kind` were not kept (a LOSS_KINDS key; the conformance kit checks it). With `why`, a
   * warning says why, once however often it happens.
   */
  drop(kind: LossKind | (string & {}), count = 1, why?: string): void {
    if (count <= 0) return;
    this.dropped[kind] = (this.dropped[kind] ?? 0) + count;
    if (why !== undefined) this.warn(why);
  }

  /** `count` of `from` were written as `to` (both LOSS_KINDS keys). With `why`, a warning says why. */
  convert(from: LossKind | (string & {}), to: LossKind | (string & {}), count = 1, why?: string): void {
    if (count <= 0) return;
    this.converted[`${from}->${to}`] = (this.converted[`${from}->${to}`] ?? 0) + count;
    if (why !== undefined) this.warn(why);
  }

  /** A warning, said once however often it happens. */
  warn(message: string): void {
    if (this.seenWarnings.has(message)) return;
    this.seenWarnings.add(message);
    this.warnings.push(message);
  }

  merge(other: WriteReport): void {
    for (const [k, v] of Object.entries(other.dropped)) this.drop(k, v);
    for (const [k, v] of Object.entries(other.converted)) this.converted[k] = (this.converted[k] ?? 0) + v;
    for (const w of other.warnings) this.warn(w);
  }

  build(): WriteReport {
    return {
      items: this.items,
      dropped: { ...this.dropped },
      converted: { ...this.converted },
      warnings: [...this.warnings],
    };
  }
}

/** True when the report lost nothing (no drop, no conversion). */
export function isLossless(report: WriteReport): boolean {
  return Object.keys(report.dropped).length === 0 && Object.keys(report.converted).length === 0;
}
