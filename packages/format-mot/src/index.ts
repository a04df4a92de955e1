import { MOT_LABELS, type MotReadOptions, type MotWriteOptions, motSeq } from './mot-seq.js';

export { MOT_LABELS, type MotReadOptions, type MotWriteOptions, motSeq };
export const formats = [motSeq];
