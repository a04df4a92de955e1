/**
 * Supervisely (`supervisely`): a project as the platform exports it and imports it — `meta.json`
 * (classes with their shapes and colours, tags with their value types) and one folder per dataset
 * with `ann/<image>.json` and `img/<image>`. The work is in read-supervisely.ts and
 * write-supervisely.ts; the options are described in options.ts.
 */
import { defineFormat } from '@labelport/core';
import { detectSupervisely } from './detect-supervisely.js';
import {
  type SuperviselyReadOptions,
  type SuperviselyWriteOptions,
  superviselyReadOptions,
  superviselyWriteOptions,
} from './options.js';
import { readSupervisely } from './read-supervisely.js';
import { writeSupervisely } from './write-supervisely.js';

export const supervisely = defineFormat<SuperviselyReadOptions, SuperviselyWriteOptions>({
  id: 'supervisely',
  title: 'Supervisely project (meta.json, <dataset>/ann/<image>.json)',
  aliases: ['sly'],
  extensions: ['.json'],
  options: { read: superviselyReadOptions, write: superviselyWriteOptions },
  capabilities: {
    annotations: ['label', 'bbox', 'polygon', 'polyline', 'points', 'mask', 'skeleton', 'caption'],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: true,
    rotation: true,
  },
  detect: detectSupervisely,
  read: readSupervisely,
  write: writeSupervisely,
});
