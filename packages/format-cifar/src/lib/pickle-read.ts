/**
 * A pickle reader for exactly what CIFAR's Python batches hold (protocols 0 to 5): dicts, lists,
 * tuples, strings, byte strings, numbers, None, booleans, and NumPy arrays rebuilt from their state.
 * It calls nothing (see pickle-values.ts for the few globals it knows) and works in time and memory in
 * proportion to the file: every opcode reads at least one byte, a length is checked against the bytes
 * left before anything is sliced, a view is taken where Python would copy, and there is no recursion.
 * A bad or hostile file is a DatasetError naming the file and the byte.
 */
import { DatasetError } from '@labelport/core';
import { buildState, callGlobal, isAllowedGlobal, PyGlobal, textOf } from './pickle-values.js';

const MARK = Symbol('mark');
const decoder = new TextDecoder('utf-8', { fatal: true });

class Unpickler {
  pos = 0;
  readonly stack: unknown[] = [];
  readonly memo = new Map<number, unknown>();
  /** The opcode's own position, for messages. */
  at = 0;

  constructor(readonly b: Uint8Array) {}

  fail(what: string): never {
    throw new DatasetError('bad-binary', what, { place: `byte ${this.at}` });
  }

  take(n: number): Uint8Array {
    if (!(n >= 0) || this.pos + n > this.b.length)
      this.fail(`truncated: ${n} bytes wanted, ${this.b.length - this.pos} left`);
    const out = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  u8(): number {
    return this.take(1)[0]!;
  }

  uint(n: 2 | 4 | 8): number {
    const s = this.take(n);
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + s[i]!;
    if (!Number.isSafeInteger(v)) this.fail('a length past 2^53');
    return v;
  }

  int32(): number {
    const s = this.take(4);
    return s[0]! | (s[1]! << 8) | (s[2]! << 16) | (s[3]! << 24);
  }

  /** A text line up to \n (protocol 0), without the \n. */
  line(): string {
    const end = this.b.indexOf(0x0a, this.pos);
    if (end < 0) this.fail('truncated: a line without its end');
    const s = textOf(this.b.subarray(this.pos, end))!;
    this.pos = end + 1;
    return s;
  }

  utf8(n: number): string {
    try {
      return decoder.decode(this.take(n));
    } catch (e) {
      if (e instanceof DatasetError) throw e;
      return this.fail('a str that is not UTF-8');
    }
  }

  push(v: unknown): void {
    this.stack.push(v);
  }

  pop(): unknown {
    if (this.stack.length === 0) this.fail('the stack is empty');
    const v = this.stack.pop();
    if (v === MARK) this.fail('a mark where a value was expected');
    return v;
  }

  top(): unknown {
    const v = this.stack[this.stack.length - 1];
    if (this.stack.length === 0 || v === MARK) this.fail('no value on the stack');
    return v;
  }

  /** The values above the last mark, the mark removed. */
  popMark(): unknown[] {
    const i = this.stack.lastIndexOf(MARK);
    if (i < 0) this.fail('no mark on the stack');
    const items = this.stack.splice(i);
    items.shift();
    return items;
  }

  get(key: number): void {
    if (!this.memo.has(key)) this.fail(`memo ${key} was never stored`);
    this.push(this.memo.get(key));
  }

  put(key: number): void {
    this.memo.set(key, this.top());
  }
}

const key = (k: unknown): unknown => (k instanceof Uint8Array ? textOf(k) : k);

function setItems(u: Unpickler, dict: unknown, items: unknown[]): void {
  if (!(dict instanceof Map)) u.fail('SETITEMS on something that is not a dict');
  if (items.length % 2 !== 0) u.fail('a dict item without its value');
  for (let i = 0; i < items.length; i += 2) dict.set(key(items[i]), items[i + 1]);
}

function appendItems(u: Unpickler, list: unknown, items: unknown[]): void {
  if (!Array.isArray(list)) u.fail('APPENDS on something that is not a list');
  for (const v of items) list.push(v);
}

/** Protocol 0's text literals: INT, LONG, FLOAT, STRING ('...' with escapes), UNICODE (raw-unicode-escape). */
function textInt(u: Unpickler, s: string): number | boolean {
  if (s === '00') return false;
  if (s === '01') return true;
  const v = Number(s.replace(/L$/, ''));
  if (!Number.isSafeInteger(v)) u.fail(`'${s}' is not an integer a batch can hold`);
  return v;
}

function textString(u: Unpickler, s: string): Uint8Array {
  const q = s[0];
  if ((q !== "'" && q !== '"') || s[s.length - 1] !== q || s.length < 2) u.fail('STRING is not quoted');
  const body = s.slice(1, -1);
  const escapes: Record<string, string> = {
    n: '\n',
    t: '\t',
    r: '\r',
    '\\': '\\',
    "'": "'",
    '"': '"',
    a: '\x07',
    b: '\b',
    f: '\f',
    v: '\v',
    '0': '\0',
  };
  const out = body.replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_, e: string) =>
    e.length === 3 ? String.fromCharCode(Number.parseInt(e.slice(1), 16)) : (escapes[e] ?? `\\${e}`),
  );
  return Uint8Array.from(out, (c) => c.charCodeAt(0) & 0xff);
}

const textUnicode = (s: string): string =>
  s.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_, a?: string, b?: string) =>
    String.fromCodePoint(Number.parseInt((a ?? b)!, 16)),
  );

/** A little-endian two's complement integer of `n` bytes (LONG1, LONG4). */
function longOf(u: Unpickler, n: number): number {
  if (n > 8) u.fail(`an integer of ${n} bytes`);
  const s = u.take(n);
  let v = 0n;
  for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(s[i]!);
  if (n > 0 && s[n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
  const out = Number(v);
  if (!Number.isSafeInteger(out)) u.fail('an integer past 2^53');
  return out;
}

function globalOf(u: Unpickler, module: string, name: string): PyGlobal {
  if (!isAllowedGlobal(module, name)) {
    u.fail(
      `the global ${module}.${name} is not allowed (a CIFAR batch holds lists, strings and NumPy arrays)`,
    );
  }
  return new PyGlobal(module, name);
}

function reduce(u: Unpickler): void {
  const args = u.pop();
  const fn = u.pop();
  if (!(fn instanceof PyGlobal)) u.fail('REDUCE of something that is not an allowed global');
  u.push(callGlobal(fn, args));
}

function build(u: Unpickler): void {
  const state = u.pop();
  buildState(u.top(), state);
}

type Op = (u: Unpickler) => void;

const tuple =
  (n: number): Op =>
  (u) => {
    const items: unknown[] = [];
    for (let i = 0; i < n; i++) items.unshift(u.pop());
    u.push(items);
  };

/** The opcodes: byte, name (as in pickletools), what it does. */
const OP_LIST: [number, string, Op][] = [
  [
    0x80,
    'PROTO',
    (u) => {
      if (u.u8() > 5) u.fail('a pickle protocol past 5');
    },
  ],
  // a hint only
  [0x95, 'FRAME', (u) => void u.uint(8)],
  [0x28, 'MARK', (u) => u.push(MARK)],
  [0x30, 'POP', (u) => void u.pop()],
  [0x31, 'POP_MARK', (u) => void u.popMark()],
  [0x32, 'DUP', (u) => u.push(u.top())],
  [0x4e, 'NONE', (u) => u.push(null)],
  [0x88, 'NEWTRUE', (u) => u.push(true)],
  [0x89, 'NEWFALSE', (u) => u.push(false)],
  [0x4a, 'BININT', (u) => u.push(u.int32())],
  [0x4b, 'BININT1', (u) => u.push(u.u8())],
  [0x4d, 'BININT2', (u) => u.push(u.uint(2))],
  [0x8a, 'LONG1', (u) => u.push(longOf(u, u.u8()))],
  [0x8b, 'LONG4', (u) => u.push(longOf(u, u.uint(4)))],
  [0x49, 'INT', (u) => u.push(textInt(u, u.line()))],
  [0x4c, 'LONG', (u) => u.push(textInt(u, u.line()))],
  [0x46, 'FLOAT', (u) => u.push(Number(u.line()))],
  [0x47, 'BINFLOAT', (u) => u.push(new DataView(u.take(8).slice().buffer).getFloat64(0, false))],
  [0x53, 'STRING', (u) => u.push(textString(u, u.line()))],
  [0x56, 'UNICODE', (u) => u.push(textUnicode(u.line()))],
  [0x54, 'BINSTRING', (u) => u.push(u.take(u.uint(4)))],
  [0x55, 'SHORT_BINSTRING', (u) => u.push(u.take(u.u8()))],
  [0x42, 'BINBYTES', (u) => u.push(u.take(u.uint(4)))],
  [0x43, 'SHORT_BINBYTES', (u) => u.push(u.take(u.u8()))],
  [0x8e, 'BINBYTES8', (u) => u.push(u.take(u.uint(8)))],
  [0x96, 'BYTEARRAY8', (u) => u.push(u.take(u.uint(8)))],
  [0x58, 'BINUNICODE', (u) => u.push(u.utf8(u.uint(4)))],
  [0x8c, 'SHORT_BINUNICODE', (u) => u.push(u.utf8(u.u8()))],
  [0x8d, 'BINUNICODE8', (u) => u.push(u.utf8(u.uint(8)))],
  [0x5d, 'EMPTY_LIST', (u) => u.push([])],
  [0x29, 'EMPTY_TUPLE', (u) => u.push([])],
  [0x7d, 'EMPTY_DICT', (u) => u.push(new Map())],
  [0x8f, 'EMPTY_SET', (u) => u.push([])],
  [0x6c, 'LIST', (u) => u.push(u.popMark())],
  [0x74, 'TUPLE', (u) => u.push(u.popMark())],
  [0x91, 'FROZENSET', (u) => u.push(u.popMark())],
  [0x85, 'TUPLE1', tuple(1)],
  [0x86, 'TUPLE2', tuple(2)],
  [0x87, 'TUPLE3', tuple(3)],
  [
    0x64,
    'DICT',
    (u) => {
      const dict = new Map();
      setItems(u, dict, u.popMark());
      u.push(dict);
    },
  ],
  [
    0x61,
    'APPEND',
    (u) => {
      const v = u.pop();
      appendItems(u, u.top(), [v]);
    },
  ],
  [
    0x65,
    'APPENDS',
    (u) => {
      const items = u.popMark();
      appendItems(u, u.top(), items);
    },
  ],
  [
    0x90,
    'ADDITEMS',
    (u) => {
      const items = u.popMark();
      appendItems(u, u.top(), items);
    },
  ],
  [
    0x73,
    'SETITEM',
    (u) => {
      const v = u.pop();
      const k = u.pop();
      setItems(u, u.top(), [k, v]);
    },
  ],
  [
    0x75,
    'SETITEMS',
    (u) => {
      const items = u.popMark();
      setItems(u, u.top(), items);
    },
  ],
  [0x67, 'GET', (u) => u.get(Number(u.line()))],
  [0x68, 'BINGET', (u) => u.get(u.u8())],
  [0x6a, 'LONG_BINGET', (u) => u.get(u.uint(4))],
  [0x70, 'PUT', (u) => u.put(Number(u.line()))],
  [0x71, 'BINPUT', (u) => u.put(u.u8())],
  [0x72, 'LONG_BINPUT', (u) => u.put(u.uint(4))],
  [0x94, 'MEMOIZE', (u) => u.put(u.memo.size)],
  [
    0x63,
    'GLOBAL',
    (u) => {
      const module = u.line();
      u.push(globalOf(u, module, u.line()));
    },
  ],
  [
    0x93,
    'STACK_GLOBAL',
    (u: Unpickler) => {
      const name = textOf(u.pop());
      const module = textOf(u.pop());
      if (name === undefined || module === undefined) u.fail('STACK_GLOBAL of something that is not a name');
      u.push(globalOf(u, module, name));
    },
  ],
  [0x52, 'REDUCE', reduce],
  [0x62, 'BUILD', build],
];

const OPS = new Map(OP_LIST.map(([code, , op]) => [code, op]));

/** The value a pickle holds. `file` names it in errors. */
export function readPickle(bytes: Uint8Array, file: string): unknown {
  const u: Unpickler = new Unpickler(bytes);
  try {
    while (u.pos < bytes.length) {
      u.at = u.pos;
      const code = u.u8();
      if (code === 0x2e) {
        if (u.stack.length !== 1) u.fail(`STOP with ${u.stack.length} values on the stack`);
        return u.stack[0] === MARK ? u.fail('STOP with a mark on the stack') : u.stack[0];
      }
      const op = OPS.get(code);
      if (!op) u.fail(`opcode 0x${code.toString(16).padStart(2, '0')} is not read (not in a CIFAR batch)`);
      op(u);
    }
    u.at = u.pos;
    return u.fail('truncated: no STOP');
  } catch (e) {
    if (!(e instanceof DatasetError)) throw e;
    throw e.file === undefined
      ? new DatasetError(e.code, e.detail, { file, place: e.place ?? `byte ${u.at}` })
      : e;
  }
}
