// The reader's and writer's options, described as data: their types derive from these objects, the CLI
// checks --option/--read-option against them, and `labelport formats supervisely` prints them.
import type { OptionSpecs, OptionValues } from '@labelport/core';

/** What the reader makes of a polygon with holes (labelport's polygons have none). */
export const HOLES_CHOICES = ['mask', 'exterior'] as const;

export const superviselyReadOptions = {
  holes: {
    type: 'string',
    default: 'mask',
    values: HOLES_CHOICES,
    doc: 'a polygon with holes: a mask of its area (mask), or its outline without the holes (exterior); both are counted',
  },
} as const satisfies OptionSpecs;

export const superviselyWriteOptions = {
  indent: {
    type: 'integer',
    default: 4,
    doc: "indent meta.json and the annotation files by this many spaces (the SDK's 4; 0: one line)",
  },
} as const satisfies OptionSpecs;

export type SuperviselyReadOptions = OptionValues<typeof superviselyReadOptions>;
export type SuperviselyWriteOptions = OptionValues<typeof superviselyWriteOptions>;
