/**
 * JSON Lines (NDJSON), streamed: the file read a chunk at a time and cut at its line ends, one line
 * parsed at a time, so that a file of any number of records is read in the memory of one record.
 */
import { DatasetError } from '../errors.js';
import type { FileTree } from '../files/tree.js';
import { checkJsonDepth, type DatasetLimits, DEFAULT_LIMITS } from '../limits.js';
import { parseJsonText } from './parse.js';

/** One non-empty line, with its 1-based line number. */
export interface JsonLine {
  text: string;
  line: number;
}

/** The non-empty lines of a file, streamed (a leading BOM dropped, \r\n tolerated). */
export async function* streamJsonLines(
  tree: FileTree,
  path: string,
  limits: DatasetLimits = DEFAULT_LIMITS,
): AsyncGenerator<JsonLine> {
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
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      line++;
      const t = text.slice(start, end).trim();
      if (t) yield { text: t, line };
      start = end + 1;
    }
    rest = text.slice(start);
    if (rest.length > limits.maxTextBytes) {
      throw new DatasetError(
        'too-large',
        `a line of more than ${limits.maxTextBytes} characters (limits.maxTextBytes)`,
        { file: path, place: `line ${line + 1}` },
      );
    }
  }
  rest += decoder.decode();
  const t = rest.trim();
  if (t) yield { text: t, line: line + 1 };
}

/** A line parsed (within the depth limit); bad JSON is DatasetError 'bad-json' at `line N`. */
export function parseJsonLine(l: JsonLine, file: string, limits: DatasetLimits = DEFAULT_LIMITS): unknown {
  const where = { file, place: `line ${l.line}` };
  checkJsonDepth(l.text, where, limits);
  return parseJsonText(l.text, file, where.place);
}
