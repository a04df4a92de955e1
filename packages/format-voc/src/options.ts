// The reader's and writer's options, described as data: their types derive from these objects, the
// CLI checks --option/--read-option against them, and `labelport formats <id>` prints them.
import type { OptionSpecs } from '@labelport/core';

export const vocWriteOptions = {
  labelMap: {
    type: 'string',
    default: 'source',
    doc: "'source' (the dataset's labels), 'voc' (the standard 20 classes), or the text of a labelmap.txt (label-map=@file)",
  },
  allowAttributes: {
    type: 'boolean',
    default: true,
    doc: "write attributes other than VOC's own in <attributes>",
  },
  applyColormap: {
    type: 'boolean',
    default: true,
    doc: "masks as palette PNGs with the label map's colours; false: gray PNGs of indices",
  },
} as const satisfies OptionSpecs;
