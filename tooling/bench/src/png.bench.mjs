// Mask PNG throughput: core's PNG codec (packages/core/src/png, bundled from the sources; native zlib
// through process.getBuiltinModule, as in a CLI run) against pngjs, on masks of the sizes and kinds
// the formats write: Cityscapes labelIds (2048x1024 8-bit gray) and instanceIds (16-bit gray), VOC
// class masks (500x375 palette; pngjs cannot write a palette, so it writes the same pixels as RGB),
// BDD100K bitmasks (1280x720 RGBA). In this process, best of 5 interleaved runs. `pnpm bench png`.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const { PNG } = createRequire(`${repo}packages/core/package.json`)('pngjs');

/** A mask of `regions` random rectangles of values from `value(i)`: what label masks look like. */
function mask(width, height, channels, regions, value, Samples = Uint8Array) {
  const data = new Samples(width * height * channels);
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  for (let i = 0; i < regions; i++) {
    const w = Math.floor(rand() * width * 0.4) + 8;
    const h = Math.floor(rand() * height * 0.4) + 8;
    const x0 = Math.floor(rand() * (width - w));
    const y0 = Math.floor(rand() * (height - h));
    const v = value(i);
    for (let y = y0; y < y0 + h; y++)
      for (let x = x0; x < x0 + w; x++)
        for (let c = 0; c < channels; c++) data[(y * width + x) * channels + c] = v[c];
  }
  return data;
}

/** The same pixels as pngjs wants them: RGBA bytes (16-bit: big-endian pairs, with 16-bit output). */
function rgbaOf(img) {
  const n = img.width * img.height;
  const ch = img.channels;
  const wide = img.bitDepth === 16;
  const out = Buffer.alloc(n * 4 * (wide ? 2 : 1));
  for (let i = 0; i < n; i++) {
    const px = img.colorType === 'palette' ? img.palette[img.data[i]] : null;
    for (let c = 0; c < 4; c++) {
      const v = px
        ? c < 3
          ? px[c]
          : 255
        : ch === 1
          ? c < 3
            ? img.data[i]
            : wide
              ? 65535
              : 255
          : img.data[i * ch + c];
      if (wide) out.writeUInt16BE(v, (i * 4 + c) * 2);
      else out[i * 4 + c] = v;
    }
  }
  return out;
}

export async function run({ dataDir }) {
  const out = `${dataDir}core-png.mjs`;
  execFileSync(`${repo}tooling/bench/node_modules/.bin/esbuild`, [
    `${repo}packages/core/src/png/index.ts`,
    '--bundle',
    '--platform=node',
    '--format=esm',
    `--outfile=${out}`,
    '--log-level=warning',
  ]);
  const { encodePng, decodePng } = await import(out);
  const palette = Array.from({ length: 256 }, (_, i) => [(i * 37) & 255, (i * 91) & 255, (i * 53) & 255]);
  const cases = [
    {
      name: 'Cityscapes labelIds 2048x1024 gray 8',
      width: 2048,
      height: 1024,
      colorType: 'gray',
      channels: 1,
      bitDepth: 8,
      value: (i) => [i % 34],
    },
    {
      name: 'Cityscapes instanceIds 2048x1024 gray 16',
      width: 2048,
      height: 1024,
      colorType: 'gray',
      channels: 1,
      bitDepth: 16,
      value: (i) => [26000 + i],
      wide: true,
    },
    {
      name: 'VOC class mask 500x375 palette',
      width: 500,
      height: 375,
      colorType: 'palette',
      channels: 1,
      bitDepth: 8,
      value: (i) => [1 + (i % 20)],
      palette,
    },
    {
      name: 'BDD100K bitmask 1280x720 RGBA',
      width: 1280,
      height: 720,
      colorType: 'rgba',
      channels: 4,
      bitDepth: 8,
      value: (i) => [i % 40, 0, i >> 8, i & 255],
    },
  ];
  console.log(
    '\n| mask | core encode MP/s | pngjs encode MP/s | core decode MP/s | pngjs decode MP/s | core PNG KiB | pngjs PNG KiB |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const c of cases) {
    const img = {
      ...c,
      data: mask(c.width, c.height, c.channels, 30, c.value, c.wide ? Uint16Array : Uint8Array),
    };
    const rgba = rgbaOf(img);
    const pngjsOptions = {
      colorType: c.colorType === 'rgba' ? 6 : c.colorType === 'palette' ? 2 : 0,
      bitDepth: c.bitDepth,
      inputColorType: 6,
      inputHasAlpha: true,
    };
    const mine = encodePng(img);
    const theirs = PNG.sync.write(
      Object.assign(new PNG({ width: c.width, height: c.height }), { data: rgba }),
      pngjsOptions,
    );
    const best = { ce: Infinity, pe: Infinity, cd: Infinity, pd: Infinity };
    const time = (k, fn) => {
      const t0 = performance.now();
      fn();
      best[k] = Math.min(best[k], performance.now() - t0);
    };
    for (let rep = 0; rep < 5; rep++) {
      time('ce', () => encodePng(img));
      time('pe', () =>
        PNG.sync.write(
          Object.assign(new PNG({ width: c.width, height: c.height }), { data: rgba }),
          pngjsOptions,
        ),
      );
      time('cd', () => decodePng(mine));
      time('pd', () => PNG.sync.read(theirs));
    }
    const mp = (c.width * c.height) / 1e6;
    const rate = (ms) => (mp / (ms / 1000)).toFixed(0);
    console.log(
      `| ${c.name} | ${rate(best.ce)} | ${rate(best.pe)} | ${rate(best.cd)} | ${rate(best.pd)} | ${(mine.length / 1024).toFixed(0)} | ${(theirs.length / 1024).toFixed(0)} |`,
    );
  }
}
