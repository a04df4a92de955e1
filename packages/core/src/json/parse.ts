import { DatasetError } from '../errors.js';

const decoder = new TextDecoder('utf-8');

/** A short, one-line reason from a JSON.parse error. */
function parseReason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/\s+/g, ' ');
}

/** Parses the UTF-8 bytes of one JSON value; a syntax error names the file and the place. */
export function parseJsonBytes(bytes: Uint8Array, file: string, place: string): unknown {
  return parseJsonText(decoder.decode(bytes), file, place);
}

/** Parses one JSON text; a syntax error is DatasetError('bad-json') naming the file and the place. */
export function parseJsonText(text: string, file: string, place: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new DatasetError('bad-json', `invalid JSON: ${parseReason(e)}`, { file, place });
  }
}
