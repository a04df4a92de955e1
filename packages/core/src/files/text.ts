import { utf8Text } from '../env.js';
import { DatasetError } from '../errors.js';
import { checkJsonDepth, checkTextBytes, type DatasetLimits, DEFAULT_LIMITS } from '../limits.js';
import type { FileTree } from './tree.js';

/** UTF-8 text with a leading BOM removed (many tools write one). */
export function decodeText(bytes: Uint8Array): string {
  const s = utf8Text(bytes);
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** The file as text; one over `limits.maxTextBytes` is DatasetError 'too-large' (no string that long). */
export async function readText(
  tree: FileTree,
  path: string,
  limits: DatasetLimits = DEFAULT_LIMITS,
): Promise<string> {
  const stat = await tree.stat(path);
  if (stat) checkTextBytes(stat.size, path, limits);
  const bytes = await tree.read(path);
  checkTextBytes(bytes.length, path, limits);
  return decodeText(bytes);
}

/**
 * Parses a JSON file, reporting a syntax error (a truncated file, say) as a DatasetError that names
 * the file and the line and column.
 */
export async function readJson(
  tree: FileTree,
  path: string,
  limits: DatasetLimits = DEFAULT_LIMITS,
): Promise<unknown> {
  const stat = await tree.stat(path);
  if (stat) checkTextBytes(stat.size, path, limits);
  const bytes = await tree.read(path);
  checkTextBytes(bytes.length, path, limits);
  checkJsonDepth(bytes, path, limits);
  return parseJsonText(decodeText(bytes), path);
}

/**
 * Parses JSON text; nesting past `limits.maxDepth` is DatasetError 'too-large' (checked first, so
 * no recursive walk of the value can overflow the stack).
 */
export function parseJson(text: string, file: string, limits: DatasetLimits = DEFAULT_LIMITS): unknown {
  checkJsonDepth(text, file, limits);
  return parseJsonText(text, file);
}

function parseJsonText(text: string, file: string): unknown {
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
