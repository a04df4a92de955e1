import { DatasetError, type FileTree } from '@labelport/core';

/** One line of a JSON Lines file, not parsed yet (the join needs only its key). */
export interface JsonLine {
  text: string;
  line: number;
}

/** The non-empty lines of a JSON Lines file, streamed. */
export async function* streamJsonLines(tree: FileTree, path: string): AsyncGenerator<JsonLine> {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  let line = 0;
  let first = true;
  for await (const chunk of tree.stream(path)) {
    let text = rest + decoder.decode(chunk, { stream: true });
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const parts = text.split('\n');
    rest = parts.pop() ?? '';
    for (const p of parts) {
      line++;
      const t = p.trim();
      if (t) yield { text: t, line };
    }
  }
  rest += decoder.decode();
  line++;
  if (rest.trim()) yield { text: rest.trim(), line };
}

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
