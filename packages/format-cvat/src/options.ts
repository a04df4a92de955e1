// The reader's and writer's options, described as data: their types derive from these objects, the
// CLI checks --option/--read-option against them, and `labelport formats <id>` prints them.
import type { OptionSpecs } from '@labelport/core';

export const cvatReadOptions = {
  interpolate: {
    type: 'boolean',
    default: false,
    doc: "fill the frames between a track's keyframes with shapes moved linearly, as CVAT shows them",
  },
} as const satisfies OptionSpecs;
