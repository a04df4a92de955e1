// The reader's and writer's options, described as data: their types derive from these objects, the
// CLI checks --option/--read-option against them, and `labelport formats <id>` prints them.
import type { OptionSpecs } from '@labelport/core';

export const yoloWriteOptions = {
  addPathPrefix: {
    type: 'boolean',
    default: true,
    doc: 'prefix the paths in obj.data and the lists with data/, as darknet expects',
  },
} as const satisfies OptionSpecs;

export const ultralyticsWriteOptions = {
  obb: {
    type: 'boolean',
    doc: 'write an oriented-box dataset (task: obb; every box as `class x1 y1 ... x4 y4`); default: when a box is rotated',
  },
  keypoints: {
    type: 'number',
    doc: 'keypoints per object for a pose dataset (0: not a pose dataset; default from the skeletons)',
  },
} as const satisfies OptionSpecs;
