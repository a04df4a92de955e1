// tf.train.Example against bytes written down by hand from the protobuf encoding rules
// (field key = field number << 3 | wire type; lengths as varints; floats as little-endian float32).
import { isDatasetError } from '@labelport/core';
import { describe, expect, it } from 'vitest';
import {
  bytesFeature,
  decodeExample,
  encodeExample,
  floatFeature,
  int64Feature,
} from '../src/lib/tf-example.js';

const hex = (s: string) =>
  Uint8Array.from(
    s
      .trim()
      .split(/\s+/)
      .map((b) => Number.parseInt(b, 16)),
  );
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('tf.train.Example decoding', () => {
  it('reads unpacked int64 values', () => {
    // Example{ Features{ "n": Int64List{ 08 01, 08 96 01 } } }: two unpacked varints, 1 and 150.
    const f = decodeExample(hex('0A 0E 0A 0C 0A 01 6E 12 07 1A 05 08 01 08 96 01'));
    expect(f.get('n')).toEqual({ kind: 'int64', values: [1, 150] });
  });

  it('reads unpacked and packed floats mixed in one list', () => {
    // FloatList: 0D 1.0f, 0D -2.0f (unpacked), then 0A 04 0.5f (packed).
    const f = decodeExample(
      hex('0A 19 0A 17 0A 01 66 12 12 12 10 0D 00 00 80 3F 0D 00 00 00 C0 0A 04 00 00 00 3F'),
    );
    expect(f.get('f')).toEqual({ kind: 'float', values: [1, -2, 0.5] });
  });

  it('reads negative and large int64 values', () => {
    // Packed: -1 as ten bytes of two's complement, then 2^40 = 80 80 80 80 80 20.
    const f = decodeExample(
      hex('0A 1B 0A 19 0A 01 69 12 14 1A 12 0A 10 FF FF FF FF FF FF FF FF FF 01 80 80 80 80 80 20'),
    );
    expect(f.get('i')).toEqual({ kind: 'int64', values: [-1, 2 ** 40] });
  });

  it('skips unknown fields, keeps empty lists, and lets a repeated key win', () => {
    const bytes = hex(`
      10 05
      0A 32
        0A 0F 0A 01 73 12 0A 0A 06 0A 02 68 69 0A 00 22 00
        0A 07 0A 01 65 12 02 12 00
        0A 0A 0A 01 64 12 05 1A 03 0A 01 07
        0A 0A 0A 01 64 12 05 1A 03 0A 01 08`);
    const f = decodeExample(bytes);
    expect([...f.keys()].sort()).toEqual(['d', 'e', 's']);
    const s = f.get('s')!;
    expect(s.kind).toBe('bytes');
    expect((s.values as Uint8Array[]).map(text)).toEqual(['hi', '']);
    expect(f.get('e')).toEqual({ kind: 'float', values: [] });
    expect(f.get('d')).toEqual({ kind: 'int64', values: [8] });
  });

  it('fails with a DatasetError on a cut message', () => {
    let error: unknown;
    try {
      decodeExample(hex('0A 0E 0A 0C 0A 01 6E 12 07 1A 05 08 01 08'));
    } catch (e) {
      error = e;
    }
    expect(isDatasetError(error)).toBe(true);
    expect((error as Error).message).toMatch(/runs past the end|truncated/);
  });
});

describe('tf.train.Example encoding', () => {
  it('writes keys in order and packs numbers', () => {
    const bytes = encodeExample(
      new Map([
        ['b', bytesFeature('x')],
        ['a', floatFeature([1])],
      ]),
    );
    expect(bytes).toEqual(
      hex('0A 1B 0A 0D 0A 01 61 12 08 12 06 0A 04 00 00 80 3F 0A 0A 0A 01 62 12 05 0A 03 0A 01 78'),
    );
  });

  it('writes an empty list as present', () => {
    expect(encodeExample(new Map([['e', floatFeature([])]]))).toEqual(
      hex('0A 09 0A 07 0A 01 65 12 02 12 00'),
    );
  });

  it('writes negative and large int64 values as protobuf does', () => {
    expect(encodeExample(new Map([['i', int64Feature([-1, 2 ** 40])]]))).toEqual(
      hex('0A 1B 0A 19 0A 01 69 12 14 1A 12 0A 10 FF FF FF FF FF FF FF FF FF 01 80 80 80 80 80 20'),
    );
  });
});
