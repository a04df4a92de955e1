// The reader's and writer's options, described as data: their types derive from these objects, the
// CLI checks --option/--read-option against them, and `labelport formats <id>` prints them.
import type { OptionSpecs } from '@labelport/core';

export const cityscapesVpsReadOptions = {
  allFrames: {
    type: 'boolean',
    default: false,
    doc: 'also read the unlabelled frames (im_all_info_<split>_city_vps.json) as items without annotations',
  },
} as const satisfies OptionSpecs;

export const cityscapesVpsWriteOptions = {
  defaultSplit: {
    type: 'string',
    default: 'val',
    doc: "the split to write items of the 'default' subset to",
  },
} as const satisfies OptionSpecs;
