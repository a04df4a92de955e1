import { describe, expect, it } from 'vitest';
import { DatasetError } from '../src/errors.js';
import { memoryTree } from '../src/files/memory.js';
import { parseJson, readJson, readText } from '../src/files/text.js';
import { crc32 } from '../src/files/zip-crc.js';
import { allocatePixels, checkJsonDepth, DEFAULT_LIMITS, limitsOf } from '../src/limits.js';
import { valueMask } from '../src/masks/index-image.js';
import { decodePng, encodePng } from '../src/png/index.js';
import { readContext } from '../src/read-context.js';

/** A real 2x2 gray PNG whose IHDR is then made to declare `w`x`h` (CRC fixed, data left as it is). */
function pngDeclaring(w: number, h: number): Uint8Array {
  const png = encodePng({ width: 2, height: 2, colorType: 'gray', data: [0, 1, 2, 3] });
  const v = new DataView(png.buffer, png.byteOffset);
  v.setUint32(16, w);
  v.setUint32(20, h);
  v.setUint32(29, crc32(png.subarray(12, 29)));
  return png;
}

describe('allocatePixels', () => {
  it('allocates what fits and names the place of what does not', () => {
    expect(allocatePixels(4, 3).length).toBe(12);
    expect(allocatePixels(4, 3, 'a.png', { channels: 3 }).length).toBe(36);
    expect(allocatePixels(0, 5).length).toBe(0);
    const e = (() => {
      try {
        allocatePixels(65535, 65535, { file: 'm.png', place: 'item 3' });
      } catch (err) {
        return err as DatasetError;
      }
    })();
    expect(e).toBeInstanceOf(DatasetError);
    expect(e?.code).toBe('too-large');
    expect(e?.message).toMatch(/^m\.png: item 3: an image of 65535x65535 \(4294836225 pixels\)/);
  });

  it('refuses sizes that are not whole numbers of pixels, as bad-value, not a RangeError', () => {
    for (const [w, h] of [
      [-1, 5],
      [Number.NaN, 2],
      [Number.POSITIVE_INFINITY, 1],
      [2.5, 2],
      [-Infinity, -Infinity],
    ]) {
      expect(() => allocatePixels(w, h, 'x.json')).toThrow(expect.objectContaining({ code: 'bad-value' }));
    }
  });

  it('takes a raised limit', () => {
    const limits = limitsOf({ limits: { maxPixels: 2 ** 30 } });
    expect(limits.maxPixels).toBe(2 ** 30);
    expect(limits.maxDepth).toBe(DEFAULT_LIMITS.maxDepth);
    expect(() => allocatePixels(17000, 17000)).toThrow(/limits\.maxPixels/);
    expect(() => limitsOf({ limits: { maxPixels: -1 } })).toThrow(
      expect.objectContaining({ code: 'bad-option' }),
    );
  });
});

describe('PNG headers declaring huge images', () => {
  it('are refused before inflating or allocating (65535x65535, 100000x100000, 1x2^31-1)', () => {
    for (const [w, h] of [
      [65535, 65535],
      [100000, 100000],
      [1, 0x7fffffff],
    ]) {
      expect(() => decodePng(pngDeclaring(w, h))).toThrow(expect.objectContaining({ code: 'too-large' }));
    }
  });

  it('a lazy mask of an index image too large to hold is an error when loaded', async () => {
    const m = valueMask({ width: 70000, height: 70000, values: new Uint32Array(0) } as never, 1);
    if (m.kind !== 'lazy') throw new Error('expected a lazy mask');
    await expect(m.load()).rejects.toMatchObject({ code: 'too-large' });
  });
});

describe('JSON depth', () => {
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
  it('refuses JSON nested 200,000 deep before parsing, naming the file', async () => {
    expect(() => parseJson(deep(200_000), 'a.json')).toThrow(/^a\.json: JSON nested more than 512 deep/);
    const tree = memoryTree({ 'b.json': `{"a":${deep(100_000)}}` });
    await expect(readJson(tree, 'b.json')).rejects.toMatchObject({ code: 'too-large', file: 'b.json' });
  });

  it('counts brackets only outside strings, escapes included', () => {
    expect(() => checkJsonDepth(deep(512))).not.toThrow();
    expect(() => checkJsonDepth(`"${'['.repeat(600)}"`)).not.toThrow();
    expect(() => checkJsonDepth(`"\\\\"${'['.repeat(600)}`)).toThrow();
    expect(() => checkJsonDepth(`"\\"${'['.repeat(600)}"`)).not.toThrow();
    // a string running over the slice boundary of the string scan (64 Ki characters)
    expect(() => checkJsonDepth(`${' '.repeat(65530)}"[[[[[[[[[[[[[${'['.repeat(600)}"`)).not.toThrow();
    expect(parseJson('{"a":[1,{"b":"]]]"}]}', 'c.json')).toEqual({ a: [1, { b: ']]]' }] });
  });
});

describe('text bytes', () => {
  it('a file over limits.maxTextBytes is too-large before it is decoded (no string past V8 limit)', async () => {
    const tree = memoryTree({ 'big.json': '{"a":"' + 'x'.repeat(5000) + '"}' });
    const small = { ...DEFAULT_LIMITS, maxTextBytes: 1000 };
    await expect(readText(tree, 'big.json', small)).rejects.toMatchObject({
      code: 'too-large',
      file: 'big.json',
    });
    await expect(readJson(tree, 'big.json', small)).rejects.toMatchObject({ code: 'too-large' });
    expect((await readText(tree, 'big.json')).length).toBe(5008);
  });
});

describe('readContext', () => {
  it('is strict by default: skip throws what it is given', () => {
    const ctx = readContext();
    const e = new DatasetError('bad-field', 'no bbox');
    expect(() => ctx.skip(e, 'a.json')).toThrow(e);
  });

  it('lenient: warns about a DatasetError (placed) and goes on, re-throws anything else', () => {
    const warnings: string[] = [];
    const ctx = readContext({ lenient: true, onWarning: (m) => warnings.push(m) });
    ctx.skip(new DatasetError('bad-field', 'no bbox'), 'a.json');
    expect(warnings).toEqual(['a.json: no bbox']);
    expect(() => ctx.attempt(() => JSON.parse('{'), 'b.json')).toThrow(SyntaxError);
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
    expect(() => ctx.skip(bug, 'a.json')).toThrow(bug);
    expect(() =>
      ctx.attempt(() => {
        throw bug;
      }),
    ).toThrow(TypeError);
    expect(
      ctx.attempt(() => {
        throw new DatasetError('bad-value', 'x < 0', { file: 'c.txt', place: 'line 2' });
      }, 'ignored'),
    ).toBeUndefined();
    expect(warnings[1]).toBe('c.txt: line 2: x < 0');
  });

  it('check() turns an abort into DatasetError aborted', () => {
    const ac = new AbortController();
    const ctx = readContext({ signal: ac.signal });
    ctx.check();
    ac.abort();
    expect(() => ctx.check()).toThrow(expect.objectContaining({ code: 'aborted' }));
  });
});

describe('loadMask', () => {
  it('refuses a bitmap whose data does not match its size, as bad-value', async () => {
    const { bitmapMask, loadMask, lazyMask } = await import('../src/mask.js');
    await expect(
      loadMask(bitmapMask({ width: 3, height: 2, data: new Uint8Array(7) })),
    ).rejects.toMatchObject({
      code: 'bad-value',
      message: 'a 3x2 mask has 7 bytes of data, not 6',
    });
    await expect(
      loadMask(lazyMask(async () => ({ width: -1, height: 6, data: new Uint8Array(0) }))),
    ).rejects.toMatchObject({
      code: 'bad-value',
    });
    expect((await loadMask(bitmapMask({ width: 3, height: 2, data: new Uint8Array(6) }))).width).toBe(3);
  });
});

describe('rasterizePolygon', () => {
  it('refuses an image over the pixel limit before any mask is decoded at its size', async () => {
    const { rasterizePolygon } = await import('../src/geometry/polygon.js');
    expect(() => rasterizePolygon([1, 1, 5, 1, 5, 4], 65535, 65535)).toThrow(
      expect.objectContaining({ code: 'too-large' }),
    );
    expect(rasterizePolygon([1, 1, 5, 1, 5, 4], 6, 8).size).toEqual([6, 8]);
  });
});

it('a polygon point at y = 1e300 is bad-value at once (the rasteriser looped forever)', async () => {
  const { rasterizePolygon } = await import('../src/geometry/polygon.js');
  expect(() => rasterizePolygon([1, 1, 5, 1e300, 5, 4], 6, 8)).toThrow(
    expect.objectContaining({ code: 'bad-value' }),
  );
  expect(rasterizePolygon([1, 1, 5, 2 ** 39, 5, 4], 6, 8).size).toEqual([6, 8]);
});
