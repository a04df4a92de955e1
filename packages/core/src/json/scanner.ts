import { latin1Text } from '../env.js';
import { DatasetError } from '../errors.js';
import { concatBytes } from '../files/memory.js';
import { DEFAULT_LIMITS } from '../limits.js';
import { parseJsonBytes, parseJsonText } from './parse.js';

/**
 * A push scanner over the bytes of one JSON text. It understands only the top of the document: the
 * keys of a root object and the elements of a root array or of an array that is the value of a root
 * key. Everything below is found by counting brackets (strings and escapes skipped, with a depth
 * limit) and handed to JSON.parse one slice at a time, so a file of any size is read with memory
 * that holds one element, at close to JSON.parse's speed.
 */

/** What the scanner does with the value of a root key (`undefined` for a root array or value). */
export type JsonPlan = 'elements' | 'offsets' | 'whole' | 'skip';

export type JsonEvent =
  /** A root value that is not streamed: parsed whole, or `value` undefined when skipped. */
  | { type: 'value'; key: string | undefined; value: unknown; start: number; end: number }
  /** One element of a streamed array: parsed, or `value` undefined for the plan 'offsets'. */
  | { type: 'element'; key: string | undefined; index: number; value: unknown; start: number; end: number }
  /** The end of a streamed array: its byte range (brackets included) and how many elements it held. */
  | { type: 'array-end'; key: string | undefined; count: number; start: number; end: number };

export interface JsonScanOptions {
  /**
   * What to do with each root value, given its key and whether it is an array: 'elements' yields the
   * elements of an array one at a time, parsed; 'offsets' yields their byte ranges only; 'whole'
   * parses the value at once; 'skip' reports its range only. Default: 'elements' for arrays, 'whole'
   * for anything else. 'elements' and 'offsets' on a value that is not an array mean 'whole'.
   */
  plan?: (key: string | undefined, isArray: boolean) => JsonPlan;
  /** Nesting deeper than this is an error (default 1000). */
  maxDepth?: number;
  /** The name of a root array in events and messages (for a scan of one array's byte range). */
  rootKey?: string;
}

enum S {
  Begin,
  KeyOrEnd,
  Key,
  KeyString,
  Colon,
  ValueStart,
  AfterValue,
  ElemOrEnd,
  Elem,
  AfterElem,
  Value,
  End,
}

const isWs = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;
/** Bytes that matter inside a container, outside strings: 1 a quote, 2 an opening, 3 a closing bracket. */
const CLASS = new Uint8Array(256);
CLASS[34] = 1;
CLASS[91] = CLASS[123] = 2;
CLASS[93] = CLASS[125] = 3;

/** A chunk as one character per byte: exact for the ASCII values sliced from it. */
const byteString = latin1Text;

export class JsonScanner {
  private state = S.Begin;
  private pos = 0; // absolute offset of the current chunk's first byte
  private readonly maxDepth: number;
  private readonly plan: NonNullable<JsonScanOptions['plan']>;
  private key: string | undefined;
  private mode: JsonPlan = 'whole';
  /** The root is an array or a bare value, not an object. */
  private rootBare = false;
  private arrayStart = 0;
  private index = 0;
  // The value being scanned.
  private vStart = 0;
  private vDepth = 0;
  /** The opening brackets of the value being scanned, outermost first. */
  private readonly stack: Uint8Array;
  private vString = false;
  private vEscape = false;
  private vPrimitive = false;
  private vCollect = false;
  private parts: Uint8Array[] = [];
  private partsLength = 0;
  private valueIsElement = false;
  private startOffset = 0;
  /** The value has bytes over 127 (in its strings): it must be decoded as UTF-8. */
  private nonAscii = false;
  /** The current chunk as a byte string, made when first needed. */
  private chunkText: string | undefined;

  constructor(
    private readonly file: string,
    options: JsonScanOptions = {},
  ) {
    this.maxDepth = options.maxDepth ?? DEFAULT_LIMITS.maxDepth;
    this.stack = new Uint8Array(this.maxDepth + 1);
    this.plan = options.plan ?? ((_k, isArray) => (isArray ? 'elements' : 'whole'));
    this.key = options.rootKey;
  }

  /** Starts the scan at this offset of the file (for a scan of a byte range); before any push. */
  seek(offset: number): void {
    this.pos = offset;
  }

  /** Bytes seen so far. */
  get offset(): number {
    return this.pos;
  }

  /** Whether the root value is complete (trailing white space may follow). */
  get done(): boolean {
    return this.state === S.End;
  }

  /** Scans the next chunk of the file, appending what it completes to `out`. */
  push(chunk: Uint8Array, out: JsonEvent[]): void {
    const n = chunk.length;
    let p = 0;
    this.chunkText = undefined;
    if (
      this.state === S.Begin &&
      this.pos === 0 &&
      chunk[0] === 0xef &&
      chunk[1] === 0xbb &&
      chunk[2] === 0xbf
    )
      p = 3;
    while (p < n) {
      if (this.state === S.Value) {
        p = this.scanValue(chunk, p, out);
        continue;
      }
      if (this.state === S.KeyString) {
        p = this.scanKey(chunk, p);
        continue;
      }
      const c = chunk[p]!;
      if (isWs(c)) {
        p++;
        continue;
      }
      p = this.structural(chunk, p, c, out);
    }
    if (this.state === S.Value && this.vCollect && this.vStart < n) {
      const piece = chunk.subarray(this.vStart);
      this.parts.push(piece);
      this.partsLength += piece.length;
    }
    if (this.state === S.KeyString && this.vStart < n) {
      const piece = chunk.subarray(this.vStart);
      this.parts.push(piece);
      this.partsLength += piece.length;
    }
    this.vStart = 0;
    this.pos += n;
  }

  /** Checks that the text is complete. */
  end(out: JsonEvent[] = []): void {
    if (this.state === S.Value && this.vPrimitive && this.rootBare && !this.valueIsElement) {
      // A root value that is a bare number or literal ends with the file.
      this.finishValue(this.pos, out);
      return;
    }
    if (this.state !== S.End)
      throw new DatasetError('bad-json', 'the JSON ends too early (truncated file?)', {
        file: this.file,
        place: `byte ${this.pos}`,
      });
  }

  private fail(at: number, what: string): never {
    throw new DatasetError('bad-json', `invalid JSON: ${what}`, { file: this.file, place: `byte ${at}` });
  }

  private unexpected(p: number, c: number, expected: string): never {
    this.fail(this.pos + p, `unexpected ${JSON.stringify(String.fromCharCode(c))}, expected ${expected}`);
  }

  /** Handles one non-blank byte outside a value; returns the next position. */
  private structural(chunk: Uint8Array, p: number, c: number, out: JsonEvent[]): number {
    switch (this.state) {
      case S.Begin:
        if (c === 123) {
          this.state = S.KeyOrEnd;
          return p + 1;
        }
        this.rootBare = true;
        return this.startValue(chunk, p, c, out);
      case S.KeyOrEnd:
      case S.Key:
        if (c === 125 && this.state === S.KeyOrEnd) {
          this.state = S.End;
          return p + 1;
        }
        if (c !== 34) this.unexpected(p, c, 'a key');
        this.state = S.KeyString;
        this.vStart = p;
        this.vEscape = false;
        return this.scanKey(chunk, p + 1);
      case S.Colon:
        if (c !== 58) this.unexpected(p, c, "':'");
        this.state = S.ValueStart;
        return p + 1;
      case S.ValueStart:
        return this.startValue(chunk, p, c, out);
      case S.AfterValue:
        if (c === 44) this.state = S.Key;
        else if (c === 125) this.state = S.End;
        else this.unexpected(p, c, "',' or '}'");
        return p + 1;
      case S.ElemOrEnd:
      case S.Elem:
        if (c === 93 && this.state === S.ElemOrEnd) {
          this.endArray(this.pos + p + 1, out);
          return p + 1;
        }
        return this.startElement(chunk, p, c, out);
      case S.AfterElem:
        if (c === 44) this.state = S.Elem;
        else if (c === 93) this.endArray(this.pos + p + 1, out);
        else this.unexpected(p, c, "',' or ']'");
        return p + 1;
      default:
        return this.unexpected(p, c, 'the end of the file');
    }
  }

  private scanKey(chunk: Uint8Array, p: number): number {
    const n = chunk.length;
    for (; p < n; p++) {
      const c = chunk[p]!;
      if (this.vEscape) this.vEscape = false;
      else if (c === 92) this.vEscape = true;
      else if (c === 34) {
        const tail = chunk.subarray(this.vStart, p + 1);
        const bytes = this.parts.length ? concatBytes([...this.parts, tail]) : tail;
        this.parts = [];
        this.partsLength = 0;
        this.key = parseJsonBytes(bytes, this.file, `byte ${this.pos + p}`) as string;
        this.state = S.Colon;
        return p + 1;
      }
    }
    return p;
  }

  /** A root value (of a key, or the root itself) begins at p. */
  private startValue(chunk: Uint8Array, p: number, c: number, out: JsonEvent[]): number {
    const isArray = c === 91;
    this.valueIsElement = false;
    let mode = this.plan(this.key, isArray);
    if (!isArray && (mode === 'elements' || mode === 'offsets')) mode = 'whole';
    this.mode = mode;
    if (isArray && (mode === 'elements' || mode === 'offsets')) {
      this.arrayStart = this.pos + p;
      this.index = 0;
      this.state = S.ElemOrEnd;
      if (this.depthOf(1) > this.maxDepth) this.fail(this.pos + p, 'nested too deeply');
      return p + 1;
    }
    return this.beginScan(chunk, p, c, mode === 'whole', out);
  }

  private startElement(chunk: Uint8Array, p: number, c: number, out: JsonEvent[]): number {
    this.valueIsElement = true;
    return this.beginScan(chunk, p, c, this.mode === 'elements', out);
  }

  /** Depth of the root containers above a value plus `extra`. */
  private depthOf(extra: number): number {
    return (this.rootBare ? 0 : 1) + (this.valueIsElement ? 1 : 0) + extra;
  }

  private beginScan(chunk: Uint8Array, p: number, c: number, collect: boolean, out: JsonEvent[]): number {
    this.state = S.Value;
    this.vStart = p;
    this.vCollect = collect;
    this.vEscape = false;
    this.vString = c === 34;
    this.vPrimitive = !this.vString && c !== 123 && c !== 91;
    this.vDepth = this.vString || this.vPrimitive ? 0 : 1;
    if (c === 125 || c === 93 || c === 44 || c === 58) this.unexpected(p, c, 'a value');
    if (this.vDepth && this.depthOf(1) > this.maxDepth) this.fail(this.pos + p, 'nested too deeply');
    this.stack[0] = c;
    this.parts = [];
    this.partsLength = 0;
    this.nonAscii = false;
    this.startOffset = this.pos + p;
    return this.vPrimitive ? this.scanValue(chunk, p, out) : this.scanValue(chunk, p + 1, out);
  }

  /** Scans the current value from p; returns where it stopped (the chunk's end, or past the value). */
  private scanValue(chunk: Uint8Array, p: number, out: JsonEvent[]): number {
    const n = chunk.length;
    if (this.vPrimitive) {
      for (; p < n; p++) {
        const c = chunk[p]!;
        if (c === 44 || c === 93 || c === 125 || isWs(c))
          return this.finishValue(this.pos + p, out, chunk, p);
      }
      return p;
    }
    let depth = this.vDepth;
    let inString = this.vString;
    if (this.vEscape) {
      this.vEscape = false;
      p++;
    }
    const limit = this.maxDepth - this.depthOf(0);
    const stack = this.stack;
    for (; p < n; p++) {
      const c = chunk[p]!;
      if (inString) {
        if (c < 93) {
          if (c === 34) {
            inString = false;
            if (depth === 0) return this.finishValue(this.pos + p + 1, out, chunk, p + 1);
          } else if (c === 92 && ++p === n) this.vEscape = true;
        } else if (c > 127) this.nonAscii = true;
        continue;
      }
      const k = CLASS[c]!;
      if (k === 0) continue;
      if (k === 1) inString = true;
      else if (k === 2) {
        if (depth >= limit) this.fail(this.pos + p, 'nested too deeply');
        stack[depth++] = c;
      } else {
        // A closing bracket is its opening one + 2: ']' 93 for '[' 91, '}' 125 for '{' 123.
        if (stack[--depth] !== c - 2) this.unexpected(p, c, stack[depth] === 91 ? "']'" : "'}'");
        if (depth === 0) return this.finishValue(this.pos + p + 1, out, chunk, p + 1);
      }
    }
    this.vDepth = depth;
    this.vString = inString;
    return n;
  }

  private place(): string {
    const name = this.key ?? '';
    return this.valueIsElement ? `${name}[${this.index}]` : name || 'the root';
  }

  /** Ends the current value at `p` of the chunk (absolute offset `end`); returns `p`. */
  private finishValue(end: number, out: JsonEvent[], chunk?: Uint8Array, p = 0): number {
    const start = this.startOffset;
    let value: unknown;
    if (this.vCollect) {
      const place = () => `${this.place()} (byte ${start})`;
      if (chunk && this.parts.length === 0 && !this.nonAscii) {
        this.chunkText ??= byteString(chunk);
        value = parseJsonText(this.chunkText.slice(this.vStart, p), this.file, place());
      } else {
        const tail = chunk ? chunk.subarray(this.vStart, p) : new Uint8Array(0);
        const bytes = this.parts.length ? concatBytes([...this.parts, tail]) : tail;
        this.parts = [];
        this.partsLength = 0;
        value = parseJsonBytes(bytes, this.file, place());
      }
    }
    if (this.valueIsElement) {
      out.push({ type: 'element', key: this.key, index: this.index++, value, start, end });
      this.state = S.AfterElem;
    } else {
      out.push({ type: 'value', key: this.key, value, start, end });
      this.state = this.rootBare ? S.End : S.AfterValue;
    }
    return p;
  }

  private endArray(end: number, out: JsonEvent[]): void {
    out.push({ type: 'array-end', key: this.key, count: this.index, start: this.arrayStart, end });
    this.state = this.rootBare ? S.End : S.AfterValue;
  }
}
