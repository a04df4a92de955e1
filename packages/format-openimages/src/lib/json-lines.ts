import { DatasetError, type FileTree } from '@labelport/core';
import { type JsonLine, streamJsonLines } from '@labelport/core/json';

export type { JsonLine } from '@labelport/core/json';

const IMAGE_ID = /"image_id"\s*:\s*"((?:[^"\\]|\\.)*)"/;

/** The image id of a narrative line, found without parsing the line. */
export function imageIdOfLine(l: JsonLine, file: string): string {
  const m = IMAGE_ID.exec(l.text);
  if (!m)
    throw new DatasetError('bad-field', 'a localized narrative needs an "image_id" string', {
      file,
      place: `line ${l.line}`,
    });
  return m[1]!;
}

export function parseJsonLine(l: JsonLine, file: string): Record<string, unknown> {
  try {
    const v = JSON.parse(l.text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch (e) {
    throw new DatasetError('bad-json', `invalid JSON (${e instanceof Error ? e.message : String(e)})`, {
      file,
      place: `line ${l.line}`,
    });
  }
  throw new DatasetError('bad-field', 'a localized narrative must be a JSON object', {
    file,
    place: `line ${l.line}`,
  });
}

/** Whether the lines are sorted by image id (one pass, keys only). */
export async function isJsonLinesSorted(tree: FileTree, path: string): Promise<boolean> {
  let prev: string | undefined;
  for await (const l of streamJsonLines(tree, path)) {
    const k = imageIdOfLine(l, path);
    if (prev !== undefined && k < prev) return false;
    prev = k;
  }
  return true;
}
