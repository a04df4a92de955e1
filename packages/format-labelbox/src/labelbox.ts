/**
 * Labelbox (`labelbox`): Labelbox's NDJSON export v2 (one data row per line, its projects' labels with
 * objects and classifications), read streamed; written as Labelbox imports annotations (the SDK's
 * NDJsonConverter shape, with the data rows to create) or in the export's shape. The work is in
 * read-labelbox.ts and write-labelbox.ts; the options are described in options.ts.
 */
import { defineFormat } from '@labelport/core';
import {
  type LabelboxReadOptions,
  type LabelboxWriteOptions,
  labelboxReadOptions,
  labelboxWriteOptions,
} from './options.js';
import { detectLabelbox, readLabelbox } from './read-labelbox.js';
import { writeLabelbox } from './write-labelbox.js';

export const labelbox = defineFormat<LabelboxReadOptions, LabelboxWriteOptions>({
  id: 'labelbox',
  title: 'Labelbox NDJSON (export v2, and annotation import)',
  aliases: ['labelbox_ndjson'],
  extensions: ['.ndjson', '.jsonl', '.json'],
  options: { read: labelboxReadOptions, write: labelboxWriteOptions },
  capabilities: {
    annotations: ['bbox', 'polygon', 'polyline', 'points', 'mask', 'label'],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: false,
    streaming: true,
  },
  detect: detectLabelbox,
  read: readLabelbox,
  write: writeLabelbox,
});
