import { readFileSync } from 'node:fs';
import {
  type AnyFormat,
  DatasetError,
  type DatasetSource,
  type FileTree,
  type IoOptions,
} from '@labelport/core';
import { openTree } from '@labelport/core/node';
import { registry } from 'labelport';

/** Opens `path` (directory, zip or file) and reads it with the named or the detected format. */
export async function openDataset(
  path: string,
  formatId: string | undefined,
  options: IoOptions & Record<string, unknown>,
): Promise<{ format: AnyFormat; source: DatasetSource; tree: FileTree }> {
  const input = await openTree(path);
  const { format, tree } = await registry.resolve(input, formatId);
  if (!format.read) {
    throw new DatasetError('unsupported', `the format '${format.id}' cannot be read`);
  }
  return { format, source: await format.read(tree, options), tree };
}

/** `--option key=value` pairs as an object, with numbers and booleans parsed. */
export function parseKeyValues(pairs: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const i = pair.indexOf('=');
    const key = (i < 0 ? pair : pair.slice(0, i)).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
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
    out[key] =
      raw === 'true'
        ? true
        : raw === 'false'
          ? false
          : raw !== '' && Number.isFinite(Number(raw))
            ? Number(raw)
            : raw;
  }
  return out;
}
