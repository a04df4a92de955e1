// The writers' options, described as data: their types derive from these objects, the CLI checks
// --option against them, and `labelport formats <id>` prints them.
import type { OptionSpecs } from '@labelport/core';

/** Datumaro's image_zip exporter options (`--name`, `--compression`), under the same names. */
export const imageZipWriteOptions = {
  name: { type: 'string', default: 'default.zip', doc: 'the archive written, at the top of the output' },
  compression: {
    type: 'string',
    default: 'ZIP_STORED',
    doc: "ZIP_STORED (as Datumaro: images are compressed already) or ZIP_DEFLATED; Datumaro's ZIP_BZIP2 and ZIP_LZMA are not written",
  },
} as const satisfies OptionSpecs;
