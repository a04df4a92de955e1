import { isDatasetError } from '@labelport/core';
import { describe, expect, it } from 'vitest';
import { crc32c, unmaskCrc } from '../src/lib/crc32c.js';
import { encodeExample, int64Feature } from '../src/lib/tf-example.js';
import { frameTfRecord, isTfRecordHeader, readTfRecords } from '../src/lib/tfrecord-framing.js';

const hex = (s: string) =>
  Uint8Array.from(
    s
      .trim()
      .split(/\s+/)
      .map((b) => Number.parseInt(b, 16)),
  );

// Example{features{feature{"a": Int64List[1]}}}, written down from the protobuf encoding rules.
const EXAMPLE = hex('0A 0C 0A 0A 0A 01 61 12 05 1A 03 0A 01 01');
// The same, framed: length 14, masked CRC of the length, data, masked CRC of the data.
const FRAMED = hex(
  '0E 00 00 00 00 00 00 00 C5 E5 69 3F 0A 0C 0A 0A 0A 01 61 12 05 1A 03 0A 01 01 39 E8 78 50',
);

async function* chunksOf(bytes: Uint8Array, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function collect(bytes: Uint8Array, chunk = 1 << 16, options = {}) {
  const out = [];
  for await (const r of readTfRecords(chunksOf(bytes, chunk), 'x.tfrecord', options)) out.push(r);
  return out;
}

async function failure(bytes: Uint8Array) {
  try {
    await collect(bytes);
  } catch (e) {
    return e as Error & { code: string };
  }
  throw new Error('expected a failure');
}

describe('TFRecord framing', () => {
  it('frames a record to the known bytes', () => {
    expect(encodeExample(new Map([['a', int64Feature([1])]]))).toEqual(EXAMPLE);
    expect(frameTfRecord(EXAMPLE)).toEqual(FRAMED);
    expect(isTfRecordHeader(FRAMED.subarray(0, 12))).toBe(true);
  });

  it('reads records back, whatever the chunking', async () => {
    const two = new Uint8Array([...FRAMED, ...frameTfRecord(new Uint8Array([1, 2, 3]))]);
    for (const size of [1, 5, 12, 13, 1000]) {
      const records = await collect(two, size);
      expect(records.map((r) => [r.index, r.offset, [...r.data]])).toEqual([
        [0, 0, [...EXAMPLE]],
        [1, 30, [1, 2, 3]],
      ]);
    }
  });

  it('reads an empty file as no records', async () => {
    expect(await collect(new Uint8Array(0))).toEqual([]);
  });

  it('names the record whose data CRC is wrong', async () => {
    const bad = new Uint8Array([...FRAMED, ...FRAMED]);
    bad[30 + 20] ^= 0x01; // a data byte of record 1
    const e = await failure(bad);
    expect(isDatasetError(e)).toBe(true);
    expect(e.code).toBe('bad-binary');
    // Stored: the unmasked 39 E8 78 50; computed: the CRC-32C of the damaged data.
    const stored = unmaskCrc(0x5078e839).toString(16).padStart(8, '0');
    const computed = crc32c(bad.subarray(42, 56)).toString(16).padStart(8, '0');
    expect(e.message).toBe(
      `x.tfrecord: record 1 (byte 30): the CRC of the record data is wrong (stored 0x${stored}, computed 0x${computed})`,
    );
    expect(stored).toBe(crc32c(EXAMPLE).toString(16).padStart(8, '0'));
  });

  it('names the record whose length CRC is wrong', async () => {
    const bad = FRAMED.slice();
    bad[9] ^= 0xff;
    const e = await failure(bad);
    expect(e.code).toBe('bad-binary');
    expect(e.message).toMatch(/^x\.tfrecord: record 0 \(byte 0\): the CRC of the record length is wrong/);
  });

  it('says where a file ends too early', async () => {
    expect((await failure(FRAMED.subarray(0, 20))).message).toBe(
      'x.tfrecord: record 0 (byte 0): the file ends inside the record (18 bytes expected, 8 left)',
    );
    expect((await failure(new Uint8Array([...FRAMED, 1, 2, 3]))).message).toMatch(
      /record 1 \(byte 30\): the file ends inside the record header/,
    );
  });

  it('skips a record with a bad data CRC when lenient, saying so', async () => {
    const bad = new Uint8Array([...FRAMED, ...FRAMED, ...FRAMED]);
    bad[30 + 14] ^= 0x01;
    const warnings: string[] = [];
    const records = await collect(bad, 7, { lenient: true, onWarning: (w: string) => warnings.push(w) });
    expect(records.map((r) => r.index)).toEqual([0, 2]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/record 1 .*the CRC of the record data is wrong/);
  });
});
