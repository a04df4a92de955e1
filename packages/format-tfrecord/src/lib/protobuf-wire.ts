import { DatasetError } from '@labelport/core';

/**
 * The protobuf wire format, as much as tf.train.Example needs: varints (int64 in two's complement),
 * length-delimited fields, fixed 32 and 64-bit fields, and skipping of unknown fields.
 */
export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

export class ProtobufReader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  private fail(what: string): never {
    throw new DatasetError('bad-protobuf', `${what} at byte ${this.pos}`);
  }

  /** A varint as a number: exact up to 2^53; int64 negatives (10 bytes, two's complement) come out negative. */
  varint(): number {
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (let i = 0; ; i++) {
      if (this.pos >= this.end) this.fail('truncated varint');
      if (i === 10) this.fail('varint longer than 10 bytes');
      const b = this.buf[this.pos++]!;
      if (shift < 28) lo |= (b & 0x7f) << shift;
      else if (shift === 28) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >>> 4;
      } else hi |= (b & 0x7f) << (shift - 32);
      if ((b & 0x80) === 0) break;
      shift += 7;
    }
    lo >>>= 0;
    // hi is read as a signed 32-bit value: a set top bit means a negative int64.
    return (hi | 0) * 2 ** 32 + lo;
  }

  /** A field key: field number and wire type. */
  tag(): { field: number; wire: number } {
    const key = this.varint();
    if (key < 0 || key > 2 ** 32) this.fail(`bad field key ${key}`);
    const field = Math.floor(key / 8);
    if (field === 0) this.fail('field number 0');
    return { field, wire: key & 7 };
  }

  /** The bounds of a length-delimited payload, moving past it. */
  lengthDelimited(): { start: number; end: number } {
    const n = this.varint();
    if (n < 0 || this.pos + n > this.end) this.fail(`length ${n} runs past the end of the message`);
    const start = this.pos;
    this.pos += n;
    return { start, end: this.pos };
  }

  bytes(): Uint8Array {
    const { start, end } = this.lengthDelimited();
    return this.buf.subarray(start, end);
  }

  float32(): number {
    if (this.pos + 4 > this.end) this.fail('truncated fixed32');
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 4).getFloat32(0, true);
    this.pos += 4;
    return v;
  }

  skip(wire: number): void {
    switch (wire) {
      case WIRE_VARINT:
        this.varint();
        return;
      case WIRE_FIXED64:
        if (this.pos + 8 > this.end) this.fail('truncated fixed64');
        this.pos += 8;
        return;
      case WIRE_LEN:
        this.lengthDelimited();
        return;
      case WIRE_FIXED32:
        if (this.pos + 4 > this.end) this.fail('truncated fixed32');
        this.pos += 4;
        return;
      default:
        this.fail(`unsupported wire type ${wire}`);
    }
  }
}

/** Builds a protobuf message. */
export class ProtobufWriter {
  private parts: Uint8Array[] = [];
  private current: number[] = [];
  private size = 0;

  private flush() {
    if (this.current.length > 0) {
      this.parts.push(Uint8Array.from(this.current));
      this.size += this.current.length;
      this.current = [];
    }
  }

  get length(): number {
    return this.size + this.current.length;
  }

  varint(v: number): this {
    if (Number.isInteger(v) && v >= 0 && v < 2 ** 31) {
      while (v > 0x7f) {
        this.current.push((v & 0x7f) | 0x80);
        v >>>= 7;
      }
      this.current.push(v);
      return this;
    }
    if (!Number.isSafeInteger(v)) throw new RangeError(`cannot write ${v} as an int64 varint`);
    let b = BigInt.asUintN(64, BigInt(v));
    while (b > 0x7fn) {
      this.current.push(Number(b & 0x7fn) | 0x80);
      b >>= 7n;
    }
    this.current.push(Number(b));
    return this;
  }

  tag(field: number, wire: number): this {
    return this.varint(field * 8 + wire);
  }

  raw(bytes: Uint8Array): this {
    this.flush();
    this.parts.push(bytes);
    this.size += bytes.length;
    return this;
  }

  float32(v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    for (const x of b) this.current.push(x);
    return this;
  }

  /** A length-delimited field: key, length, payload. */
  lengthDelimited(field: number, payload: Uint8Array): this {
    this.tag(field, WIRE_LEN).varint(payload.length);
    return this.raw(payload);
  }

  finish(): Uint8Array {
    this.flush();
    const out = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}
