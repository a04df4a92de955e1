import { readFileSync } from 'node:fs';
import {
  type AnyFormat,
  COMMON_READ_OPTIONS,
  checkOptions,
  DatasetError,
  type DatasetSource,
  type FileTree,
  type ReadOptions,
  readAccounted,
} from '@labelport/core';
import { openTree } from '@labelport/core/node';
import { registry } from './registry.js';

/**
 * Opens `path` (directory, zip or file) and reads it with the named or the detected format, with the
 * `--read-option key=value` pairs checked against the reader's described options.
 */
export async function openDataset(
  path: string,
  formatId: string | undefined,
  readPairs: string[],
  io: ReadOptions = {},
): Promise<{ format: AnyFormat; source: DatasetSource; tree: FileTree }> {
  const input = await openTree(path);
  const { format, tree, detection } = await registry().resolve(input, formatId);
  if (!format.read) {
    throw new DatasetError('unsupported', `the format '${format.id}' cannot be read`);
  }
  const own = checkOptions(
    { ...COMMON_READ_OPTIONS, ...format.options?.read },
    parseKeyValues(readPairs),
    `the ${format.id} reader`,
  );
  // Every file of the input is accounted for: the source says which the reader did not use.
  const source = await readAccounted(format, input, { ...own, ...io }, detection?.root ?? '');
  return { format, source, tree };
}

/**
 * `--option key=value` pairs as an object of strings (checkOptions gives them their types); `key`
 * alone means `key=true`, and `key=@file` takes the value from a file.
 */
export function parseKeyValues(pairs: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const i = pair.indexOf('=');
    const key = i < 0 ? pair : pair.slice(0, i);
    const raw = i < 0 ? 'true' : pair.slice(i + 1);
    if (raw.startsWith('@')) {
      // `key=@file`: the option's value is the text of a file (a label map, say).
      const file = raw.slice(1);
      try {
        out[key] = readFileSync(file, 'utf8');
      } catch {
        throw new DatasetError('not-found', `cannot read the file given to --option ${key}`, { file });
      }
      continue;
    }
    out[key] = raw;
  }
  return out;
}
