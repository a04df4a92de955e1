import { DatasetError } from '../errors.js';
import type { FileTree } from './tree.js';

const decoder = new TextDecoder('utf-8');

/** UTF-8 text with a leading BOM removed (many tools write one). */
// Node's Buffer decodes large UTF-8 faster than TextDecoder; the browser has only the latter.
const NodeBuffer = (globalThis as { Buffer?: typeof import('node:buffer').Buffer }).Buffer;

export function decodeText(bytes: Uint8Array): string {
  const s = NodeBuffer
    ? NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')
    : decoder.decode(bytes);
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

export async function readText(tree: FileTree, path: string): Promise<string> {
  return decodeText(await tree.read(path));
}

/**
 * Parses a JSON file, reporting a syntax error (a truncated file, say) as a DatasetError that names
 * the file and the line and column.
 */
export async function readJson(tree: FileTree, path: string): Promise<unknown> {
  return parseJson(await readText(tree, path), path);
}

export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const m = /position (\d+)/.exec(msg);
    // V8 gives a position for most errors; where it stopped at the very end, the file was cut short.
    const pos = m ? Number(m[1]) : undefined;
    const truncated =
      /end of (JSON )?input/i.test(msg) || (pos !== undefined && pos >= text.trimEnd().length);
    let place: string | undefined;
    if (pos !== undefined) {
      const before = text.slice(0, pos);
      place = `line ${before.split('\n').length}, column ${pos - before.lastIndexOf('\n')}`;
    }
    // One line: V8 quotes the text around the error, newlines and all.
    const reason = msg
      .replace(/ in JSON at position \d+.*$/s, '')
      .replace(/, ".*" is not valid JSON$/s, '')
      .replace(/\s+/g, ' ');
    const what = truncated ? 'the JSON ends too early (truncated file?)' : `invalid JSON: ${reason}`;
    throw new DatasetError('bad-json', what, { file, place });
  }
}

/** Splits text into lines, tolerating \r\n and a trailing newline. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
