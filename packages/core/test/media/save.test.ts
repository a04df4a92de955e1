import { describe, expect, it } from 'vitest';
import { memorySink } from '../../src/index.js';
import { mediaExtension, saveMedia } from '../../src/media/index.js';
import { ReportBuilder } from '../../src/report.js';

describe('saveMedia', () => {
  it('writes the bytes of an item with media', async () => {
    const sink = memorySink();
    const report = new ReportBuilder();
    const bytes = new Uint8Array([1, 2, 3]);
    const item = { media: { kind: 'image' as const, path: 'a.png', bytes: async () => bytes } };
    expect(await saveMedia(item, sink, 'images/a.png', report)).toBe(true);
    await sink.commit();
    expect(sink.files.get('images/a.png')).toEqual(bytes);
    expect(report.build().dropped).toEqual({});
  });
  it('counts one loss for media referenced without bytes, none for an item without media', async () => {
    const sink = memorySink();
    const report = new ReportBuilder();
    expect(await saveMedia({ media: { kind: 'image', path: 'gone.jpg' } }, sink, 'x.jpg', report)).toBe(false);
    expect(await saveMedia({}, sink, 'y.jpg', report)).toBe(false);
    expect(report.build().dropped).toEqual({ media: 1 });
    expect(sink.files.size).toBe(0);
  });
  it('keeps the extension of the media path, else the fallback', () => {
    expect(mediaExtension({ media: { kind: 'image', path: 'dir/x.PNG' } })).toBe('.PNG');
    expect(mediaExtension({ media: { kind: 'image' } }, '.png')).toBe('.png');
    expect(mediaExtension({})).toBe('.jpg');
  });
});
