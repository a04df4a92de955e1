import { DatasetError, isDatasetError } from '../errors.js';
import type { FileTree } from '../files/tree.js';
import { parseJsonBytes } from './parse.js';
import { type JsonEvent, JsonScanner, type JsonScanOptions } from './scanner.js';

export interface JsonStreamOptions extends JsonScanOptions {
  /** Scan only bytes [start, end) of the file (one array found by an earlier scan, say). */
  range?: [number, number];
  /** Bytes read at a time from a range (default 4 MiB). */
  chunkSize?: number;
  /** Stops the scan between chunks. */
  signal?: AbortSignal;
}

/** The bytes [start, end) of a file, read a piece at a time. */
export async function* readRangeChunks(
  tree: FileTree,
  path: string,
  start: number,
  end: number,
  chunkSize = 4 << 20,
): AsyncGenerator<Uint8Array> {
  for (let at = start; at < end; ) {
    const chunk = await tree.readRange(path, at, Math.min(end, at + chunkSize));
    if (chunk.length === 0) return;
    at += chunk.length;
    yield chunk;
  }
}

/**
 * Scans a JSON file as a stream, yielding the events of each chunk together (one array per chunk
 * read): the fastest way through a large file. See `JsonScanner` for what the events are.
 */
export async function* scanJsonBatches(
  tree: FileTree,
  path: string,
  options: JsonStreamOptions = {},
): AsyncGenerator<JsonEvent[]> {
  const scanner = new JsonScanner(path, options);
  const [start, end] = options.range ?? [0, Number.POSITIVE_INFINITY];
  const chunks = options.range
    ? readRangeChunks(tree, path, start, end, options.chunkSize)
    : tree.stream(path);
  if (options.range) scanner.seek(start);
  let out: JsonEvent[] = [];
  try {
    for await (const chunk of chunks) {
      if (options.signal?.aborted) throw new DatasetError('aborted', 'reading was aborted', { file: path });
      scanner.push(chunk, out);
      if (out.length) {
        yield out;
        out = [];
      }
    }
    scanner.end(out);
  } catch (e) {
    throw await withLine(tree, path, e);
  }
  if (out.length) yield out;
}

/** A scanner's error at `byte N`, with the line and column of that byte added (counted again, on error only). */
async function withLine(tree: FileTree, path: string, e: unknown): Promise<unknown> {
  const m =
    isDatasetError(e) && e.file === path ? /^(.*?)(?:, )?\(?byte (\d+)\)?$/.exec(e.place ?? '') : null;
  if (!m) return e;
  const offset = Number(m[2]);
  let line = 1;
  let lineStart = 0;
  let at = 0;
  for await (const chunk of readRangeChunks(tree, path, 0, offset)) {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) {
      line++;
      lineStart = at + i + 1;
    }
    at += chunk.length;
  }
  const where = `line ${line}, column ${offset - lineStart + 1}`;
  const what = m[1]!.trim();
  const place = what ? `${what} (${where}, byte ${offset})` : `${where} (byte ${offset})`;
  const err = e as DatasetError;
  return new DatasetError(err.code, err.detail, { file: path, place, cause: err.cause });
}

/** Scans a JSON file as a stream, one event at a time (see `scanJsonBatches` for whole chunks). */
export async function* scanJson(
  tree: FileTree,
  path: string,
  options: JsonStreamOptions = {},
): AsyncGenerator<JsonEvent> {
  for await (const batch of scanJsonBatches(tree, path, options)) yield* batch;
}

/** The root values of a JSON object file, parsed, except those `skip` names (their arrays are not held). */
export async function readJsonTop(
  tree: FileTree,
  path: string,
  skip: (key: string) => boolean,
): Promise<{ values: Map<string, unknown>; ranges: Map<string, [number, number]> }> {
  const values = new Map<string, unknown>();
  const ranges = new Map<string, [number, number]>();
  for await (const batch of scanJsonBatches(tree, path, {
    plan: (key) => (key !== undefined && skip(key) ? 'skip' : 'whole'),
  })) {
    for (const ev of batch) {
      if (ev.type !== 'value') continue;
      if (ev.key === undefined)
        throw new DatasetError('bad-json', 'expected a JSON object at the top', { file: path });
      ranges.set(ev.key, [ev.start, ev.end]);
      if (!skip(ev.key)) values.set(ev.key, ev.value);
    }
  }
  return { values, ranges };
}

/** Parses bytes [start, end) of a file as one JSON value (an element found by a scan, read again). */
export async function readJsonRange(
  tree: FileTree,
  path: string,
  start: number,
  end: number,
  place = `byte ${start}`,
): Promise<unknown> {
  const bytes = await tree.readRange(path, start, end);
  try {
    return parseJsonBytes(bytes, path, place);
  } catch (e) {
    if (isDatasetError(e)) throw e;
    throw new DatasetError('bad-json', String(e), { file: path, place });
  }
}
