import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodePng, encodePng, pngToRgbInts } from '../../src/png/index.js';
import { fixturesDir } from '../../src/testing/expect.js';

// Every PNG in the corpus (LABELPORT_FIXTURES), decoded by us and by pngjs; skipped when absent.
const corpus = fixturesDir();

function listPngs(dir: string): string[] {
  return execFileSync('find', [dir, '-name', '*.png', '-type', 'f'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
}

describe.skipIf(!corpus)('PNG files in the corpus', () => {
  const files = corpus ? listPngs(corpus) : [];

  it('finds PNGs of several kinds', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('decodes every one the same as pngjs', () => {
    const seen = new Set<string>();
    for (const file of files) {
      const bytes = readFileSync(file);
      if (bytes.subarray(1, 4).toString('latin1') !== 'PNG') continue; // a few are JPEGs named .png
      const ours = decodePng(new Uint8Array(bytes));
      seen.add(`${ours.colorType}/${ours.bitDepth}`);
      if (ours.bitDepth === 16) {
        const theirs = PNG.sync.read(bytes, { skipRescale: true } as object).data as unknown as Uint16Array;
        const gray = Array.from(theirs).filter((_, i) => i % 4 === 0);
        expect(Array.from(ours.data), file).toEqual(gray);
        continue;
      }
      const theirs = PNG.sync.read(bytes).data;
      const n = ours.width * ours.height;
      if (ours.colorType === 'rgba') {
        expect(Buffer.compare(Buffer.from(ours.data as Uint8Array), theirs), file).toBe(0);
      } else {
        // compare colours: ours as r<<16|g<<8|b against pngjs's RGBA
        const ints = pngToRgbInts(ours);
        const theirInts = new Uint32Array(n);
        for (let i = 0; i < n; i++)
          theirInts[i] = (theirs[4 * i] << 16) | (theirs[4 * i + 1] << 8) | theirs[4 * i + 2];
        expect(Buffer.compare(Buffer.from(ints.buffer), Buffer.from(theirInts.buffer)), file).toBe(0);
      }
    }
    // the corpus has 8-bit gray/rgb/rgba, 16-bit gray, a 1-bit gray and a 4-bit palette file
    expect([...seen].sort()).toEqual(
      expect.arrayContaining(['gray/1', 'gray/16', 'gray/8', 'palette/4', 'rgb/8', 'rgba/8']),
    );
  });

  it('re-encodes every one losslessly', () => {
    for (const file of files.slice(0, 60)) {
      const bytes = readFileSync(file);
      if (bytes.subarray(1, 4).toString('latin1') !== 'PNG') continue;
      const d = decodePng(new Uint8Array(bytes));
      if (d.bitDepth < 8) continue; // the encoder writes 8 and 16-bit only
      const again = decodePng(encodePng({ ...d, bitDepth: d.bitDepth as 8 | 16 }));
      expect(again.data, file).toEqual(d.data);
      expect(again.palette, file).toEqual(d.palette);
    }
  });
});
