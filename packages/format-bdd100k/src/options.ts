// The reader's and writer's options, described as data: their types derive from these objects, the
// CLI checks --option/--read-option against them, and `labelport formats <id>` prints them.
import type { OptionSpecs } from '@labelport/core';

export const scalabelReadOptions = {
  bezierTolerance: {
    type: 'number',
    default: 0.5,
    doc: 'how far (pixels) a flattened Bezier curve may stray from the curve',
  },
  keepParsedBytes: {
    type: 'number',
    default: 67108864,
    doc: 'label files up to this many bytes in all are parsed once and kept',
  },
} as const satisfies OptionSpecs;

export const maskWriteOptions = {
  colormaps: {
    type: 'boolean',
    default: false,
    doc: 'also write the palettized colour PNGs BDD100K ships in colormaps/',
  },
} as const satisfies OptionSpecs;
