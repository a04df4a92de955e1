// The reader's and writer's options, described as data: their types derive from these objects, the CLI
// checks --option/--read-option against them, and `labelport formats via` prints them.
import type { OptionSpecs, OptionValues } from '@labelport/core';

export const viaReadOptions = {
  labelAttribute: {
    type: 'string',
    default: '',
    doc: 'the region attribute that names the label (default: one named label, class or name, else the first that holds text)',
  },
} as const satisfies OptionSpecs;

export const viaWriteOptions = {
  layout: {
    type: 'string',
    default: 'project',
    values: ['project', 'annotations', 'csv'],
    doc: "project: a VIA project (Project > Load); annotations: the annotations alone and csv: VIA's CSV export (Annotation > Import)",
  },
  file: {
    type: 'string',
    default: '',
    doc: 'the file name (default via_project.json, via_export_json.json or via_export_csv.csv by layout)',
  },
  labelAttribute: {
    type: 'string',
    default: '',
    doc: 'the region attribute that holds the label (default: the one the dataset was read with, else label)',
  },
} as const satisfies OptionSpecs;

export type ViaReadOptions = OptionValues<typeof viaReadOptions>;
export type ViaWriteOptions = OptionValues<typeof viaWriteOptions>;
