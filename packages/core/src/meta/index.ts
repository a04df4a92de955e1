// @labelport/core/meta: the label lists and colour maps formats share (dataset_meta.json,
// label_colors.txt). A toolbox, not the contract.

export * from './background.js';
export * from './dataset-meta.js';
export * from './images-meta.js';
export * from './label-colors.js';
export { LabelTable } from './label-table.js';
