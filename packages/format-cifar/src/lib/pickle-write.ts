/**
 * Pickles as the original CIFAR batches are (Python 2's cPickle, protocol 2): dict keys and ASCII text
 * as byte strings, other text as unicode, numbers, None, lists and tuples, and NumPy arrays as NumPy
 * pickles them (`numpy.core.multiarray._reconstruct`, then the array's state: shape, dtype, raw bytes
 * or, for object arrays, the list of elements). No NumPy is needed to write them; Python 3 reads them
 * with `encoding='latin1'` (as Datumaro does) or `encoding='bytes'` (as the CIFAR page says).
 */

/** A Python value to pickle. */
export type PyValue =
  | null
  | boolean
  | number
  | string
  | Uint8Array
  | PyValue[]
  | { tuple: PyValue[] }
  | { dict: [string, PyValue][] }
  | { ndarray: { shape: number[]; dtype: 'u1' | 'O8'; data: Uint8Array | PyValue[] } };

const enc = new TextEncoder();

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

export class PickleWriter {
  private readonly parts: Uint8Array[] = [];
  private chunk: number[] = [];

  private op(...bytes: number[]): void {
    for (const b of bytes) this.chunk.push(b);
    if (this.chunk.length > 65536) this.flush();
  }

  private flush(): void {
    if (this.chunk.length > 0) this.parts.push(Uint8Array.from(this.chunk));
    this.chunk = [];
  }

  private raw(b: Uint8Array): void {
    this.flush();
    this.parts.push(b);
  }

  private u32(n: number): number[] {
    return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
  }

  /** Python 2's str: SHORT_BINSTRING / BINSTRING. */
  private byteString(b: Uint8Array): void {
    if (b.length < 256) this.op(0x55, b.length);
    else this.op(0x54, ...this.u32(b.length));
    this.raw(b);
  }

  private text(s: string): void {
    // ASCII as Python 2's str (the original's names), anything else as unicode
    if (isAscii(s)) this.byteString(enc.encode(s));
    else {
      const b = enc.encode(s);
      this.op(0x58, ...this.u32(b.length));
      this.raw(b);
    }
  }

  private int(n: number): void {
    if (Number.isInteger(n) && n >= 0 && n < 256) this.op(0x4b, n);
    else if (Number.isInteger(n) && n >= 0 && n < 65536) this.op(0x4d, n & 0xff, n >> 8);
    else if (Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31) this.op(0x4a, ...this.u32(n));
    else {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setFloat64(0, n, false);
      this.op(0x47, ...b);
    }
  }

  private items(values: PyValue[]): void {
    // as Python: APPENDS / SETITEMS in batches of 1000
    for (let i = 0; i < values.length; i += 1000) {
      this.op(0x28);
      for (const v of values.slice(i, i + 1000)) this.value(v);
      this.op(0x65);
    }
  }

  private ndarray({
    shape,
    dtype,
    data,
  }: {
    shape: number[];
    dtype: 'u1' | 'O8';
    data: Uint8Array | PyValue[];
  }): void {
    this.op(0x63, ...enc.encode('numpy.core.multiarray\n_reconstruct\n'));
    this.op(0x63, ...enc.encode('numpy\nndarray\n'));
    this.value({ tuple: [0] });
    this.byteString(enc.encode('b'));
    this.op(0x87, 0x52); // TUPLE3, REDUCE
    this.op(0x28); // the state: (1, shape, dtype, False, data)
    this.int(1);
    this.value({ tuple: shape });
    this.op(0x63, ...enc.encode('numpy\ndtype\n'));
    this.byteString(enc.encode(dtype));
    this.op(0x89, 0x88, 0x87, 0x52); // False, True, TUPLE3, REDUCE
    this.value({ tuple: [3, '|', null, null, null, -1, -1, dtype === 'u1' ? 0 : 63] });
    this.op(0x62, 0x89); // BUILD, False
    if (data instanceof Uint8Array) this.byteString(data);
    else {
      this.op(0x5d);
      this.items(data);
    }
    this.op(0x74, 0x62); // TUPLE, BUILD
  }

  value(v: PyValue): void {
    if (v === null) this.op(0x4e);
    else if (v === true) this.op(0x88);
    else if (v === false) this.op(0x89);
    else if (typeof v === 'number') this.int(v);
    else if (typeof v === 'string') this.text(v);
    else if (v instanceof Uint8Array) this.byteString(v);
    else if (Array.isArray(v)) {
      this.op(0x5d);
      this.items(v);
    } else if ('tuple' in v) {
      this.op(0x28);
      for (const x of v.tuple) this.value(x);
      this.op(0x74);
    } else if ('dict' in v) {
      this.op(0x7d, 0x28);
      for (const [k, x] of v.dict) {
        this.text(k);
        this.value(x);
      }
      this.op(0x75);
    } else this.ndarray(v.ndarray);
  }

  /** The pickle of `v`: PROTO 2, the value, STOP. */
  static dump(v: PyValue): Uint8Array {
    const w = new PickleWriter();
    w.op(0x80, 0x02);
    w.value(v);
    w.op(0x2e);
    w.flush();
    const total = w.parts.reduce((n, p) => n + p.length, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of w.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}
