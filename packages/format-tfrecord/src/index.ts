import { tfDetectionApi } from './tf-detection-api.js';

export { crc32c, maskCrc, maskedCrc32c, unmaskCrc } from './lib/crc32c.js';
export { formatLabelMap, type LabelMapItem, parseLabelMap } from './lib/label-map-pbtxt.js';
export { decodeExample, encodeExample, type Feature, type Features } from './lib/tf-example.js';
export { frameTfRecord, readTfRecords, type TfRecord } from './lib/tfrecord-framing.js';
export type { TfDetectionApiWriteOptions } from './write-tf-detection-api.js';
export { tfDetectionApi };
export const formats = [tfDetectionApi];
