// wholeEntryRanges: ranged reads of a zipped file give the same bytes as the zip reader, from one
// inflation of the file for a walk through it, and heads (detection) are not inflated whole.
import { bytesAccess, zipTree } from '@labelport/core';
import { buildZip } from '@labelport/core/files';
import { describe, expect, it, vi } from 'vitest';
import { wholeEntryRanges } from '../src/open.js';

const text = Array.from({ length: 150_000 }, (_, i) => `line ${i}\n`).join('');

async function trees() {
  const zip = buildZip({ 'a/big.json': text, 'a/small.txt': 'hello' }, { compress: true });
  const inner = await zipTree(bytesAccess(zip), 'test.zip');
  const read = vi.spyOn(inner, 'read');
  return { inner, read, outer: wholeEntryRanges(inner) };
}

describe('wholeEntryRanges', () => {
  it('reads the same bytes as the zip reader', async () => {
    const { inner, outer } = await trees();
    const size = text.length;
    for (const [s, e] of [
      [0, 10],
      [5, 2_000_000],
      [size - 7, size + 100],
      [123_456, 234_567],
      [size, size + 1],
    ] as const) {
      expect(await outer.readRange('a/big.json', s, e)).toEqual(await inner.readRange('a/big.json', s, e));
    }
    expect(new TextDecoder().decode(await outer.read('a/small.txt'))).toBe('hello');
    expect(new TextDecoder().decode(await outer.sub('a').readRange('small.txt', 1, 3))).toBe('el');
  });

  it('inflates a file once for a walk through it, and not at all for a look at its head', async () => {
    const { read, outer } = await trees();
    await outer.readRange('a/big.json', 0, 4096);
    expect(read).not.toHaveBeenCalled();
    let joined = '';
    for (let at = 0; at < text.length; at += 200_000) {
      joined += new TextDecoder().decode(await outer.readRange('a/big.json', at, at + 200_000));
    }
    expect(joined).toBe(text);
    expect(read).toHaveBeenCalledTimes(1);
  });
});
