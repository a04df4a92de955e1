import { DatasetError, type ReadOptions, readContext } from '@labelport/core';
import { maskedCrc32c, unmaskCrc } from './crc32c.js';

/**
 * TFRecord framing, repeated to the end of the file:
 *   uint64 length (LE) | uint32 masked CRC-32C of the 8 length bytes | data | uint32 masked CRC-32C of data
 */
export interface TfRecord {
  /** 0-based position of the record in its file. */
  index: number;
  /** Byte offset of the record's header in the file. */
  offset: number;
  data: Uint8Array;
}

/** The read options: under the item policy (core's read context), a record whose data CRC is wrong is skipped. */
export type ReadRecordsOptions = ReadOptions;

const hex = (v: number) => `0x${v.toString(16).padStart(8, '0')}`;

/** Collects chunks of a stream and hands out exact byte counts. */
class ByteQueue {
  private chunks: Uint8Array[] = [];
  private length = 0;
  private head = 0; // bytes already taken from chunks[0]
  private done = false;
  constructor(private readonly source: AsyncIterator<Uint8Array> | Iterator<Uint8Array>) {}

  /** Whether `n` bytes can be had (false only at the end of the stream). */
  async fill(n: number): Promise<boolean> {
    while (this.length < n && !this.done) {
      const r = await this.source.next();
      if (r.done) this.done = true;
      else if (r.value.length > 0) {
        this.chunks.push(r.value);
        this.length += r.value.length;
      }
    }
    return this.length >= n;
  }

  get available(): number {
    return this.length;
  }

  take(n: number): Uint8Array {
    const first = this.chunks[0];
    if (first && first.length - this.head >= n) {
      const out = first.subarray(this.head, this.head + n);
      this.head += n;
      this.length -= n;
      if (this.head === first.length) {
        this.chunks.shift();
        this.head = 0;
      }
      return out;
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0]!;
      const k = Math.min(n - filled, c.length - this.head);
      out.set(c.subarray(this.head, this.head + k), filled);
      filled += k;
      this.head += k;
      if (this.head === c.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    this.length -= n;
    return out;
  }
}

const u32 = (b: Uint8Array, at: number) =>
  (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

/**
 * The records of a TFRecord stream, both CRCs checked. A wrong CRC is a DatasetError naming the record
 * (its 0-based index and byte offset); a file that ends inside a record is one too. When the read
 * context's item policy skips, a record whose data CRC is wrong is skipped with a warning (a wrong
 * length CRC still stops: what follows cannot be found).
 */
export async function* readTfRecords(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  file: string,
  options: ReadRecordsOptions = {},
): AsyncGenerator<TfRecord> {
  const q = new ByteQueue(
    Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator](),
  );
  let offset = 0;
  for (let index = 0; ; index++) {
    const place = `record ${index} (byte ${offset})`;
    if (!(await q.fill(12))) {
      if (q.available === 0) return;
      throw new DatasetError(
        'bad-binary',
        `the file ends inside the record header (${q.available} of 12 bytes)`,
        { file, place },
      );
    }
    const header = q.take(12);
    const lo = u32(header, 0);
    const hi = u32(header, 4);
    const lengthCrc = maskedCrc32c(header.subarray(0, 8));
    const storedLengthCrc = u32(header, 8);
    if (lengthCrc !== storedLengthCrc) {
      throw new DatasetError(
        'bad-binary',
        `the CRC of the record length is wrong (stored ${hex(unmaskCrc(storedLengthCrc))}, computed ${hex(unmaskCrc(lengthCrc))}): not a TFRecord file, or a damaged one`,
        { file, place },
      );
    }
    const length = hi * 2 ** 32 + lo;
    if (length > Number.MAX_SAFE_INTEGER || length > 2 ** 31) {
      throw new DatasetError('bad-field', `record length ${length} is too large`, { file, place });
    }
    if (!(await q.fill(length + 4))) {
      throw new DatasetError(
        'bad-binary',
        `the file ends inside the record (${length + 4} bytes expected, ${q.available} left)`,
        { file, place },
      );
    }
    const data = q.take(length);
    const storedCrc = u32(q.take(4), 0);
    const crc = maskedCrc32c(data);
    const at = offset;
    offset += 16 + length;
    if (crc !== storedCrc) {
      const err = new DatasetError(
        'bad-binary',
        `the CRC of the record data is wrong (stored ${hex(unmaskCrc(storedCrc))}, computed ${hex(unmaskCrc(crc))})`,
        { file, place },
      );
      readContext(options).skip(err, undefined, 'items');
      continue;
    }
    yield { index, offset: at, data };
  }
}

/** One record framed for a TFRecord file: header with length and its CRC, data, data CRC. */
export function frameTfRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(16 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length % 2 ** 32, true);
  view.setUint32(4, Math.floor(data.length / 2 ** 32), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

/** Whether the first 12 bytes of a file are a valid TFRecord header (the length's CRC matches). */
export function isTfRecordHeader(head: Uint8Array): boolean {
  if (head.length < 12) return false;
  return maskedCrc32c(head.subarray(0, 8)) === u32(head, 8);
}
