// The reader's and writer's options, described as data: their types derive from these objects, the CLI
// checks --option/--read-option against them, and `labelport formats createml` prints them.
import type { OptionSpecs, OptionValues } from '@labelport/core';

export const createmlWriteOptions = {
  fileName: {
    type: 'string',
    default: '_annotations.createml.json',
    doc: "the annotation file of each subset folder (Roboflow's name; Create ML takes any .json)",
  },
} as const satisfies OptionSpecs;

export type CreatemlWriteOptions = OptionValues<typeof createmlWriteOptions>;
