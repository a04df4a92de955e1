import type { FileWriter } from '../files/tree.js';

/** Text gathered into large writes: a FileWriter fed a few bytes at a time is slow. */
export class JsonTextWriter {
  private parts: string[] = [];
  private size = 0;

  constructor(
    private readonly writer: FileWriter,
    // Small pieces: V8 joins and encodes texts of tens of KB in the young generation, several times
    // cheaper per byte than one of a MB (which goes to the large-object space and an old-space GC).
    private readonly limit = 64 << 10,
  ) {}

  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= this.limit) await this.flush();
  }

  /**
   * Adds text without waiting (for a writer that emits many small pieces in a synchronous loop);
   * call `flush()` when `full` says so, and at the end `close()`.
   */
  add(text: string): void {
    this.parts.push(text);
    this.size += text.length;
  }

  /** Whether what was added is due to be written (past the piece size). */
  get full(): boolean {
    return this.size >= this.limit;
  }

  async flush(): Promise<void> {
    if (this.size === 0) return;
    const text = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.parts = [];
    this.size = 0;
    await this.writer.write(text);
  }

  /** Writes what is left and closes the file. */
  async close(): Promise<void> {
    await this.flush();
    await this.writer.close();
  }
}

const STREAMED = Symbol('streamedArray');

/** An array whose elements come one at a time, for `writeJson`. */
export interface StreamedArray {
  readonly [STREAMED]: Iterable<unknown> | AsyncIterable<unknown>;
}

/** Marks a (possibly async) iterable as an array to be written element by element. */
export function streamedArray(elements: Iterable<unknown> | AsyncIterable<unknown>): StreamedArray {
  return { [STREAMED]: elements };
}

const isStreamed = (v: unknown): v is StreamedArray =>
  typeof v === 'object' && v !== null && STREAMED in (v as object);
const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
const holdsStream = (v: unknown): boolean =>
  isStreamed(v) || (isPlain(v) && Object.values(v).some(holdsStream));

/** JSON.stringify(value, null, indent) as it reads `level` levels down. */
function stringifyAt(value: unknown, indent: number, level: number): string | undefined {
  const s = JSON.stringify(value, null, indent || undefined);
  if (s === undefined || !indent || level === 0 || !s.includes('\n')) return s;
  return s.replace(/\n/g, `\n${' '.repeat(indent * level)}`);
}

/**
 * Writes `value` exactly as `JSON.stringify(value, null, indent)` would, except that arrays made with
 * `streamedArray` (anywhere among plain objects) are written one element at a time, so a document of
 * any size is written without being held.
 */
export async function writeJson(
  out: JsonTextWriter,
  value: unknown,
  options: { indent?: number } = {},
): Promise<void> {
  await writeAt(out, value, options.indent ?? 0, 0);
}

async function writeAt(out: JsonTextWriter, value: unknown, indent: number, level: number): Promise<void> {
  const nl = indent ? `\n${' '.repeat(indent * (level + 1))}` : '';
  const close = indent ? `\n${' '.repeat(indent * level)}` : '';
  if (isStreamed(value)) {
    let n = 0;
    for await (const el of value[STREAMED]) {
      const s = stringifyAt(el, indent, level + 1) ?? 'null';
      await out.write(`${n++ ? ',' : '['}${nl}${s}`);
    }
    await out.write(n ? `${close}]` : '[]');
    return;
  }
  if (!holdsStream(value)) {
    await out.write(stringifyAt(value, indent, level) ?? 'null');
    return;
  }
  let n = 0;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const head = () => `${n++ ? ',' : '{'}${nl}${JSON.stringify(key)}${indent ? ': ' : ':'}`;
    if (holdsStream(v)) {
      await out.write(head());
      await writeAt(out, v, indent, level + 1);
      continue;
    }
    const s = stringifyAt(v, indent, level + 1);
    if (s !== undefined) await out.write(head() + s); // undefined and functions are left out
  }
  await out.write(n ? `${close}}` : '{}');
}
