import { memoryTree } from '@labelport/core';
import { describe, expect, it } from 'vitest';
import { motSeq } from '../src/mot-seq.js';

// Found by the fuzzer: a seqinfo.ini declaring 2^53 frames made the reader list frames forever.
describe('mot_seq on hostile input', () => {
  it('a seqLength past any real sequence is a too-large error naming the line, at once', async () => {
    const tree = memoryTree({
      'seqinfo.ini': '[Sequence]\nname=x\nseqLength=9007199254740993\n',
      'gt/gt.txt': '1,1,1,1,2,2,1,1,1\n',
    });
    const t0 = performance.now();
    await expect(
      (async () => {
        const source = await motSeq.read!(tree);
        for await (const _ of source.items());
      })(),
    ).rejects.toMatchObject({
      code: 'too-large',
      message: expect.stringMatching(/seqinfo\.ini: line 3: seqLength/),
    });
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});
