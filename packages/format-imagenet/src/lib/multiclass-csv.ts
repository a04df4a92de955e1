/**
 * Roboflow's multi-label CSV: `_classes.csv` in each subset folder (or alone at the top), a header
 * `filename, <label>, ...` and one row per image with a 1 (has the label) or a 0 per label column.
 * Roboflow writes a space after each comma; Datumaro strips the names, and so do we.
 */
import { DatasetError } from '@labelport/core';
import { basename, dirname } from '@labelport/core/files';

export const CLASSES_FILE = '_classes.csv';
export const FILENAME_COLUMN = 'filename';

/** A `_classes.csv` and the subset its folder names (`default` at the top of the dataset). */
export interface ClassesFile {
  path: string;
  subset: string;
}

/** The CSVs of a dataset whose root is the top of the listing: at the top, or one folder down. */
export function classesFiles(paths: readonly string[], name = CLASSES_FILE): ClassesFile[] {
  return paths
    .filter((p) => basename(p) === name && p.split('/').length <= 2)
    .sort()
    .map((path) => ({ path, subset: dirname(path) === '' ? 'default' : dirname(path) }));
}

/** The label names of a header row: every column after the first (`filename`), stripped. */
export function headerLabels(fields: readonly string[], file: string): string[] {
  const names = fields.map((f) => f.trim());
  if (names[0] !== FILENAME_COLUMN)
    throw new DatasetError('bad-csv', `the first column is '${names[0] ?? ''}', not 'filename'`, {
      file,
      place: 'line 1',
    });
  const labels = names.slice(1);
  const empty = labels.indexOf('');
  if (empty >= 0)
    throw new DatasetError('bad-csv', `column ${empty + 2} has no label name`, { file, place: 'line 1' });
  return labels;
}

/** Whether a cell says the image has the label: 1 yes, 0 no (Datumaro reads the cell as an integer). */
export function cellValue(cell: string | undefined, label: string, file: string, line: number): boolean {
  const v = (cell ?? '').trim();
  if (/^[+-]?\d+$/.test(v)) return Number(v) === 1;
  throw new DatasetError('bad-value', `column '${label}': expected 1 or 0, found '${cell ?? ''}'`, {
    file,
    place: `line ${line}`,
  });
}
