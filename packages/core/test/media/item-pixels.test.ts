import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, ReportBuilder } from '../../src/index.js';
import { itemPixels } from '../../src/media/index.js';
import { encodePng } from '../../src/png/index.js';

const item = (bytes?: Uint8Array) => ({
  id: 'a',
  media: { kind: 'image' as const, path: 'a.png', ...(bytes ? { bytes: async () => bytes } : {}) },
});

describe('itemPixels: an image for a writer of pixels', () => {
  it('decodes a PNG, and says when 8-bit opaque samples lose something', async () => {
    const report = new ReportBuilder();
    const rgb = encodePng({ width: 1, height: 1, colorType: 'rgb', data: Uint8Array.from([1, 2, 3]) });
    const rgba = encodePng({ width: 1, height: 1, colorType: 'rgba', data: Uint8Array.from([1, 2, 3, 9]) });
    expect((await itemPixels(item(rgb), DEFAULT_LIMITS, report, 'x'))?.lossy).toBe(false);
    expect((await itemPixels(item(rgba), DEFAULT_LIMITS, report, 'x'))?.lossy).toBe(true);
    expect(report.build().dropped).toEqual({});
  });

  it('counts the image it cannot have as a lost media, with the reason', async () => {
    const report = new ReportBuilder();
    expect(await itemPixels({ id: 'n' }, DEFAULT_LIMITS, report, 'the X files')).toBeUndefined();
    expect(await itemPixels(item(), DEFAULT_LIMITS, report, 'the X files')).toBeUndefined();
    expect(
      await itemPixels(item(Uint8Array.from([0xff, 0xd8, 0xff])), DEFAULT_LIMITS, report, 'the X files'),
    ).toBeUndefined();
    const broken = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    expect(await itemPixels(item(broken), DEFAULT_LIMITS, report, 'the X files')).toBeUndefined();
    const r = report.build();
    expect(r.dropped).toEqual({ media: 3 });
    expect(r.warnings.join('\n')).toMatch(/without their bytes cannot be written into the X files/);
    expect(r.warnings.join('\n')).toMatch(/only PNG images can be written into the X files/);
    expect(r.warnings.join('\n')).toMatch(/a: the image cannot be decoded/);
  });
});
