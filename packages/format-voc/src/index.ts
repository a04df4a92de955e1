import { vocAction } from './action.js';
import { vocClassification } from './classification.js';
import { vocDetection } from './detection.js';
import { vocLayout } from './layout.js';
import { vocSegmentation } from './segmentation.js';
import { voc } from './voc.js';

export { defaultVocLabelMap, formatLabelMap, type LabelMapEntry, parseLabelMap } from './lib/labelmap.js';
export type { VocWriteOptions } from './lib/voc-writer.js';
export { voc, vocAction, vocClassification, vocDetection, vocLayout, vocSegmentation };
export const formats = [voc, vocClassification, vocDetection, vocSegmentation, vocLayout, vocAction];
