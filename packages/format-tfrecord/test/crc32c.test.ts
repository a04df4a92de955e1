import { describe, expect, it } from 'vitest';
import { crc32c, maskCrc, maskedCrc32c, unmaskCrc } from '../src/lib/crc32c.js';

const ascii = (s: string) => new TextEncoder().encode(s);

describe('CRC-32C', () => {
  it('gives the standard check value for "123456789"', () => {
    // The check value of CRC-32C (Castagnoli), as in the CRC catalogue and the TFRecord notes.
    expect(crc32c(ascii('123456789'))).toBe(0xe3069283);
  });

  it('matches the iSCSI test vectors (RFC 3720, B.4)', () => {
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i))).toBe(0x113fdb5c);
  });

  it('is 0 for no bytes and continues across pieces', () => {
    expect(crc32c(new Uint8Array(0))).toBe(0);
    const all = ascii('the quick brown fox jumps over the lazy dog, twice over');
    expect(crc32c(all.subarray(13), crc32c(all.subarray(0, 13)))).toBe(crc32c(all));
  });

  it('masks as TFRecord does, and unmasks back', () => {
    // 8 little-endian bytes of the length 14: the masked CRC is stored as C5 E5 69 3F (the TFRecord notes' worked example).
    const length = Uint8Array.from([14, 0, 0, 0, 0, 0, 0, 0]);
    expect(maskedCrc32c(length)).toBe(0x3f69e5c5);
    for (const v of [0, 1, 0xe3069283, 0xffffffff, 0x12345678]) expect(unmaskCrc(maskCrc(v))).toBe(v);
  });
});
