import { defineFormat, type OptionValues } from '@labelport/core';
import { motReadOptions, motWriteOptions } from './options.js';
import { detectMotSeq, readMotSeq } from './read-mot-seq.js';
import { writeMotSeq } from './write-mot-seq.js';

export { MOT_LABELS } from './lib/mot-labels.js';

export type MotReadOptions = OptionValues<typeof motReadOptions>;

export type MotWriteOptions = OptionValues<typeof motWriteOptions>;

export const motSeq = defineFormat<MotReadOptions, MotWriteOptions>({
  id: 'mot_seq',
  title: 'MOT Challenge sequence',
  aliases: ['mot_seq_gt'],
  extensions: ['.txt'],
  options: { read: motReadOptions, write: motWriteOptions },
  capabilities: {
    annotations: ['bbox'],
    media: ['image'],
    tracks: true,
    attributes: true,
    subsets: true,
    streaming: false,
  },
  detect: detectMotSeq,
  read: readMotSeq,
  write: writeMotSeq,
});
