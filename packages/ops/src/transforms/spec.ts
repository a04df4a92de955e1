import type { DatasetSource } from '@labelport/core';
import type { FreeKeys, ParamSpec, ParsedParams } from '../params.js';
import type { OpReport } from '../report.js';

/** A transform described as data: its name (Datumaro's), what it does, and its parameters. */
export interface TransformSpec {
  name: string;
  doc: string;
  params: ParamSpec[];
  free?: FreeKeys;
  /**
   * True when the transform reads the items twice and holds a little per item (ids and labels, never
   * annotations' shapes); false when it streams in bounded memory.
   */
  twoPass?: boolean;
  apply(source: DatasetSource, params: ParsedParams, report: OpReport): DatasetSource;
}
