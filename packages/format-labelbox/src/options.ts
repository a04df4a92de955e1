// The reader's and writer's options, described as data: their types derive from these objects, the CLI
// checks --option/--read-option against them, and `labelport formats labelbox` prints them.
import type { OptionSpecs, OptionValues } from '@labelport/core';

export const labelboxReadOptions = {
  keepParsedBytes: {
    type: 'integer',
    default: 64 * 2 ** 20,
    doc: 'exports up to this many bytes in all are parsed once and kept between the two passes; larger ones are streamed twice',
  },
} as const satisfies OptionSpecs;

export const labelboxWriteOptions = {
  shape: {
    type: 'string',
    default: 'import',
    values: ['import', 'export'],
    doc: "import: annotation NDJSON for Labelbox's importer (MAL / label import) and the data rows to create; export: Labelbox's export v2 rows",
  },
  file: {
    type: 'string',
    default: '',
    doc: 'the NDJSON file (default annotations.ndjson for import, export.ndjson for export)',
  },
  dataRows: {
    type: 'string',
    default: 'data_rows.json',
    doc: 'import: the JSON list of data rows to create (dataset.create_data_rows) beside the annotations',
  },
  imageRoot: {
    type: 'string',
    default: '',
    doc: 'a URL prefix for the row_data of images with a relative path (where Labelbox can fetch them)',
  },
  classification: {
    type: 'string',
    default: 'class',
    doc: 'the image-level question of label annotations that name none (attributes.classification)',
  },
} as const satisfies OptionSpecs;

export type LabelboxReadOptions = OptionValues<typeof labelboxReadOptions>;
export type LabelboxWriteOptions = OptionValues<typeof labelboxWriteOptions>;
