import { defineFormat, type OptionValues } from '@labelport/core';
import { roboflowMulticlassWriteOptions } from './options.js';
import { detectRoboflowMulticlass, readRoboflowMulticlass } from './read-roboflow-multiclass.js';
import { writeRoboflowMulticlass } from './write-roboflow-multiclass.js';

export type RoboflowMulticlassWriteOptions = OptionValues<typeof roboflowMulticlassWriteOptions>;

/**
 * Roboflow's multi-label classification CSV (Datumaro's `roboflow_multiclass`): one `_classes.csv`
 * per subset folder, `filename, <label>, <label>...` with a 1 or a 0 per label, the images beside it.
 */
export const roboflowMulticlass = defineFormat<object, RoboflowMulticlassWriteOptions>({
  id: 'roboflow_multiclass',
  title: 'Roboflow multi-label classification CSV',
  extensions: ['.csv'],
  options: { write: roboflowMulticlassWriteOptions },
  capabilities: {
    annotations: ['label'],
    media: ['image'],
    tracks: false,
    attributes: false,
    subsets: true,
    streaming: true,
  },
  detect: detectRoboflowMulticlass,
  read: readRoboflowMulticlass,
  write: writeRoboflowMulticlass,
});
