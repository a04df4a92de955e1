// The writers' options, described as data: their types derive from these objects, the CLI checks
// --option against them, and `labelport formats vott_json` (or vott_csv) prints them.
import type { OptionSpecs, OptionValues } from '@labelport/core';

export const vottJsonWriteOptions = {
  indent: {
    type: 'integer',
    default: 4,
    doc: 'indent the JSON by this many spaces (VoTT writes 4; 0: one line)',
  },
} as const satisfies OptionSpecs;

export type VottJsonWriteOptions = OptionValues<typeof vottJsonWriteOptions>;

export const vottCsvWriteOptions = {
  emptyRows: {
    type: 'boolean',
    default: true,
    doc: 'a row `"image",,,,,` for an image without boxes, which Datumaro reads as an item without annotations (VoTT writes no row for it)',
  },
} as const satisfies OptionSpecs;

export type VottCsvWriteOptions = OptionValues<typeof vottCsvWriteOptions>;
