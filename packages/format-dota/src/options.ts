// The reader's options, described as data: their types derive from these objects, the CLI checks
// --read-option against them, and `labelport formats dota` prints them.
import type { OptionSpecs, OptionValues } from '@labelport/core';

export const dotaReadOptions = {
  rectangleTolerance: {
    type: 'number',
    default: 1,
    doc: 'four corners within this many pixels of a rectangle are a rotated box, others a polygon (0: exact rectangles only)',
  },
} as const satisfies OptionSpecs;

export type DotaReadOptions = OptionValues<typeof dotaReadOptions>;
