/**
 * What the pickle reader makes of Python's values: None as null, bool, int and float as numbers, str
 * as a string, bytes (and Python 2's byte strings) as Uint8Array, lists and tuples as arrays, dicts as
 * Maps, and of NumPy only what CIFAR's batches hold: dtypes and arrays, rebuilt as plain records (the
 * array's bytes stay a view into the file). Nothing is ever called: a global outside the short list
 * below is refused.
 */
import { DatasetError } from '@labelport/core';

/** `numpy.dtype`: its type code ('u1', 'O8', '<i8', ...) and its byte order once built. */
export class PyDType {
  byteorder = '|';
  constructor(readonly code: string) {}

  /** The element kind and size: 'u1' -> ['u', 1]; 'O8' / 'O' -> ['O', 8]. */
  get kind(): [string, number] {
    const m = /^[<>|=]?([a-zA-Z])(\d*)$/.exec(this.code);
    if (!m) return ['?', 0];
    return [m[1]!, m[2] ? Number(m[2]) : m[1] === 'O' ? 8 : 1];
  }

  /** Little-endian unless the code or the built byte order says big-endian. */
  get littleEndian(): boolean {
    return !(this.code.startsWith('>') || this.byteorder === '>');
  }
}

/** `numpy.ndarray`, as `_reconstruct` then `__setstate__` leave it. */
export class PyNdArray {
  shape: number[] = [];
  dtype?: PyDType;
  fortran = false;
  /** The raw bytes of a numeric array. */
  raw?: Uint8Array;
  /** The elements of an object array (dtype O). */
  objects?: unknown[];
}

/** A global the reader allows, not yet called. */
export class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
  get qualified(): string {
    return `${this.module}.${this.name}`;
  }
}

/** The globals a CIFAR batch may name (NumPy 1 and 2 spell the module two ways). */
const ALLOWED = new Set([
  'numpy.core.multiarray._reconstruct',
  'numpy._core.multiarray._reconstruct',
  'numpy.core.multiarray.scalar',
  'numpy._core.multiarray.scalar',
  'numpy.ndarray',
  'numpy.dtype',
  '_codecs.encode',
]);

export const isAllowedGlobal = (module: string, name: string): boolean => ALLOWED.has(`${module}.${name}`);

/** Text from a pickled str or (Python 2 / latin-1) byte string, as Datumaro's loader decodes it. */
export function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) {
    let s = '';
    for (let i = 0; i < v.length; i += 8192) s += String.fromCharCode(...v.subarray(i, i + 8192));
    return s;
  }
  return undefined;
}

/** A latin-1 string as bytes (what NumPy and `_codecs.encode` make of Python 2 strings). */
export function latin1Bytes(s: string): Uint8Array | undefined {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) return undefined;
    out[i] = c;
  }
  return out;
}

const bad = (what: string) => new DatasetError('bad-binary', what);

/** `REDUCE`: the allowed callables applied to their arguments. */
export function callGlobal(g: PyGlobal, args: unknown): unknown {
  if (!Array.isArray(args)) throw bad(`${g.qualified}: the arguments are not a tuple`);
  switch (g.name) {
    case '_reconstruct':
      return new PyNdArray();
    case 'dtype': {
      const code = textOf(args[0]);
      if (code === undefined) throw bad('numpy.dtype: the type code is not a string');
      return new PyDType(code);
    }
    case 'scalar':
      return scalarOf(args[0], args[1]);
    case 'encode': {
      const [text, encoding] = [args[0], textOf(args[1]) ?? 'utf-8'];
      const bytes = typeof text === 'string' && /^latin-?1$/i.test(encoding) ? latin1Bytes(text) : undefined;
      if (!bytes)
        throw bad(`_codecs.encode: only latin-1 text is read (Python's own bytes), got ${encoding}`);
      return bytes;
    }
    default:
      throw bad(`${g.qualified} cannot be called`);
  }
}

/** A NumPy scalar (`scalar(dtype, bytes)`) as a number. */
function scalarOf(dtype: unknown, data: unknown): number {
  const raw = data instanceof Uint8Array ? data : typeof data === 'string' ? latin1Bytes(data) : undefined;
  if (!(dtype instanceof PyDType) || !raw) throw bad('numpy scalar: expected a dtype and its bytes');
  const values = numbersOf(dtype, raw, 1);
  if (!values) throw bad(`numpy scalar of type ${dtype.code} is not read`);
  return values[0]!;
}

/** The numbers of a numeric buffer of `count` elements of `dtype`, or undefined for a type not read. */
export function numbersOf(dtype: PyDType, raw: Uint8Array, count: number): number[] | undefined {
  const [kind, size] = dtype.kind;
  if (raw.length !== count * size) return undefined;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const le = dtype.littleEndian;
  const readers: Record<string, (at: number) => number> = {
    u1: (at: number) => view.getUint8(at),
    i1: (at: number) => view.getInt8(at),
    u2: (at: number) => view.getUint16(at, le),
    i2: (at: number) => view.getInt16(at, le),
    u4: (at: number) => view.getUint32(at, le),
    i4: (at: number) => view.getInt32(at, le),
    i8: (at: number) => Number(view.getBigInt64(at, le)),
    u8: (at: number) => Number(view.getBigUint64(at, le)),
    f4: (at: number) => view.getFloat32(at, le),
    f8: (at: number) => view.getFloat64(at, le),
  };
  const read = readers[`${kind}${size}`];
  if (!read) return undefined;
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(read(i * size));
  return out;
}

/** The product of an array's dimensions (Infinity when it overflows safe integers). */
export function elementCount(shape: number[]): number {
  let n = 1;
  for (const d of shape) {
    n *= d;
    if (!Number.isSafeInteger(n)) return Number.POSITIVE_INFINITY;
  }
  return n;
}

/** `BUILD`: an array's or a dtype's state set, checked against what it claims to hold. */
export function buildState(obj: unknown, state: unknown): void {
  if (obj instanceof PyDType) {
    if (Array.isArray(state) && typeof state[1] === 'string') obj.byteorder = state[1];
    return;
  }
  if (!(obj instanceof PyNdArray)) throw bad('BUILD of something that is not a NumPy array or dtype');
  if (!Array.isArray(state) || (state.length !== 5 && state.length !== 4))
    throw bad('numpy array: unexpected state');
  const [shape, dtype, fortran, data] = state.length === 5 ? state.slice(1) : state;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw bad('numpy array: the shape is not a tuple of sizes');
  }
  if (!(dtype instanceof PyDType)) throw bad('numpy array: no dtype');
  obj.shape = shape as number[];
  obj.dtype = dtype;
  obj.fortran = fortran === true;
  const count = elementCount(obj.shape);
  if (dtype.kind[0] === 'O') {
    if (!Array.isArray(data) || data.length !== count)
      throw bad(`numpy object array of ${count} elements: its list does not match`);
    obj.objects = data;
    return;
  }
  const raw = data instanceof Uint8Array ? data : typeof data === 'string' ? latin1Bytes(data) : undefined;
  if (!raw) throw bad('numpy array: its data is not bytes');
  if (raw.length !== count * dtype.kind[1]) {
    throw bad(
      `numpy array of shape (${obj.shape.join(', ')}) and type ${dtype.code}: ${raw.length} bytes of data`,
    );
  }
  obj.raw = raw;
}
