import {
  voc,
  vocAction,
  vocClassification,
  vocDetection,
  vocInstanceSegmentation,
  vocLayout,
  vocSegmentation,
} from './voc.js';

export { defaultVocLabelMap, formatLabelMap, type LabelMapEntry, parseLabelMap } from './lib/labelmap.js';
export type { VocWriteOptions } from './write-voc.js';
export {
  voc,
  vocAction,
  vocClassification,
  vocDetection,
  vocInstanceSegmentation,
  vocLayout,
  vocSegmentation,
};
export const formats = [
  voc,
  vocClassification,
  vocDetection,
  vocSegmentation,
  vocInstanceSegmentation,
  vocLayout,
  vocAction,
];
