/**
 * Whole files that may be gzipped (MNIST's `.gz` IDX files, Datumaro's `-meta.gz`), read within
 * `limits.maxTextBytes` whether compressed or not: a gzip bomb stops at the limit with a DatasetError,
 * never an out-of-memory. Inflating and deflating use the platform's `DecompressionStream` and
 * `CompressionStream` (native in Node 20 and in browsers), as core's zip reader does.
 * TODO(core): a bounded gunzip/gzip in '@labelport/core/files' (this is the smallest private one).
 */
import { DatasetError, type DatasetLimits, type FileTree } from '@labelport/core';
import { concatBytes } from '@labelport/core/files';

/** True when the bytes start with gzip's magic number (1f 8b). */
export const isGzip = (head: Uint8Array): boolean => head[0] === 0x1f && head[1] === 0x8b;

function tooLarge(path: string, limits: DatasetLimits): DatasetError {
  return new DatasetError(
    'too-large',
    `more than ${limits.maxTextBytes} bytes, the limit for a file read whole (limits.maxTextBytes)`,
    { file: path },
  );
}

/** Inflates gzip `data` in chunks, stopping with 'too-large' past `limits.maxTextBytes`. */
export async function gunzipBounded(
  data: Uint8Array,
  path: string,
  limits: DatasetLimits,
): Promise<Uint8Array> {
  const input = new Blob([data as Uint8Array<ArrayBuffer>]).stream();
  const reader = input.pipeThrough(new DecompressionStream('gzip')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      let r: { done: true; value?: undefined } | { done: false; value: Uint8Array };
      try {
        r = await reader.read();
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        throw new DatasetError('bad-zip', `corrupt or truncated gzip data (${why})`, {
          file: path,
          cause: e,
        });
      }
      if (r.done) break;
      total += r.value.length;
      if (total > limits.maxTextBytes) throw tooLarge(path, limits);
      chunks.push(r.value);
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  return concatBytes(chunks);
}

/** A whole file, un-gzipped when it is gzip, within `limits.maxTextBytes` either way. */
export async function readMaybeGzip(
  tree: FileTree,
  path: string,
  limits: DatasetLimits,
): Promise<Uint8Array> {
  const entry = await tree.stat(path);
  if (entry && entry.size > limits.maxTextBytes) throw tooLarge(path, limits);
  const bytes = await tree.read(path);
  return isGzip(bytes) ? gunzipBounded(bytes, path, limits) : bytes;
}

/** `data` gzipped (as Python's gzip module writes it: one member). */
export async function gzip(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The first inflated bytes of gzip data that may be cut short (a file's head), or undefined. */
export async function gunzipHead(head: Uint8Array): Promise<Uint8Array | undefined> {
  const reader = new Blob([head as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('gzip'))
    .getReader();
  try {
    const r = await reader.read();
    return r.done ? undefined : r.value;
  } catch {
    return undefined;
  } finally {
    reader.cancel().catch(() => {});
  }
}
