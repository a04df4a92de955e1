// The writers' options, described as data: their types derive from these objects, the CLI checks
// --option against them, and `labelport formats mnist` prints them.
import type { OptionSpecs, OptionValues } from '@labelport/core';

export const mnistWriteOptions = {
  gzip: {
    type: 'boolean',
    default: true,
    doc: "gzip the IDX files (.gz, as the original is distributed and as Datumaro's importer needs them)",
  },
} as const satisfies OptionSpecs;

export type MnistWriteOptions = OptionValues<typeof mnistWriteOptions>;
