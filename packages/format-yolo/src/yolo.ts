import { defineFormat, type OptionValues } from '@labelport/core';
import { yoloWriteOptions } from './options.js';
import { detectYolo, readYolo } from './read-yolo.js';
import { writeYolo } from './write-yolo.js';

export type YoloWriteOptions = OptionValues<typeof yoloWriteOptions>;

/** YOLO (darknet): boxes as `class cx cy w h` normalised lines; obj.data/obj.names, and the loose layouts. */
export const yolo = defineFormat<object, YoloWriteOptions>({
  id: 'yolo',
  title: 'YOLO (darknet)',
  extensions: ['.txt', '.data', '.names'],
  options: { write: yoloWriteOptions },
  capabilities: {
    annotations: ['bbox'],
    media: ['image'],
    tracks: false,
    attributes: false,
    subsets: true,
    streaming: true,
    normalized: true,
  },
  detect: detectYolo,
  read: readYolo,
  write: writeYolo,
});
