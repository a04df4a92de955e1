// @labelport/ops: Datumaro's dataset operations over DatasetSource. Every operation returns a lazy
// source and a report it fills while the source is read. Browser-safe: nothing here touches the disk.

export { type DiffOptions, type DiffResult, diff } from './diff/diff.js';
export { compileExpression, type Expression } from './filter/expression.js';
export { ANNOTATION_FIELDS, ITEM_FIELDS } from './filter/fields.js';
export { FILTER_MODES, type FilterMode, type FilterOptions, filter } from './filter/filter.js';
export {
  CONFLICT_POLICIES,
  type ConflictPolicy,
  type MergeConflict,
  merge,
  mergeCategories,
} from './merge.js';
export { describeParams, type FreeKeys, splitKeyValues } from './params.js';
export { seededRandom } from './prng.js';
export { describeOpReport, type OpReport, type OpResult } from './report.js';
export { checkProportions, type SplitOptions, type SplitSummary, sequenceKey, split } from './split.js';
export { type DatasetStats, datasetStats, StatsCollector } from './stats/collector.js';
export type { Distribution } from './stats/distribution.js';
export { type StatsPage, statsHtml } from './stats/html.js';
export {
  applyTransforms,
  type ChainOptions,
  checkTransforms,
  getTransform,
  TRANSFORMS,
  type TransformStep,
  transform,
} from './transforms/index.js';
export type { TransformSpec } from './transforms/spec.js';
