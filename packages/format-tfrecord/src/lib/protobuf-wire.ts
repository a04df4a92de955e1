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
    throw new DatasetError('bad-binary', `${what} at byte ${this.pos}`);
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

/** Bytes a value takes as a varint (int64: negatives take 10). */
export function varintSize(v: number): number {
  if (v < 0) return 10;
  if (v < 0x80) return 1;
  if (v < 0x4000) return 2;
  if (v < 0x200000) return 3;
  if (v < 0x10000000) return 4;
  let n = 4;
  let rest = Math.floor(v / 0x10000000);
  while (rest > 0) {
    n++;
    rest = Math.floor(rest / 128);
  }
  return n;
}

/**
 * Writes a message into a buffer of the size computed beforehand (one allocation per message:
 * the encoder measures every part first).
 */
export class ProtobufCursor {
  pos = 0;
  readonly buf: Uint8Array;
  private readonly view: DataView;
  constructor(size: number) {
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
  }

  varint(v: number): void {
    const buf = this.buf;
    if (v >= 0 && v < 2 ** 31) {
      while (v > 0x7f) {
        buf[this.pos++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      buf[this.pos++] = v;
      return;
    }
    if (!Number.isSafeInteger(v)) throw new RangeError(`cannot write ${v} as an int64 varint`);
    let b = BigInt.asUintN(64, BigInt(v));
    while (b > 0x7fn) {
      buf[this.pos++] = Number(b & 0x7fn) | 0x80;
      b >>= 7n;
    }
    buf[this.pos++] = Number(b);
  }

  /** A key (field number and wire type), then a length. */
  header(field: number, wire: number, length: number): void {
    this.varint(field * 8 + wire);
    this.varint(length);
  }

  bytes(b: Uint8Array): void {
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  float32(v: number): void {
    this.view.setFloat32(this.pos, v, true);
    this.pos += 4;
  }
}
