// Does a worker pool pay for per-item CPU work on this machine? PNG mask decoding (Cityscapes-size
// 2048x1024 8-bit index masks, core's codec bundled from the sources) of a batch of files on the main
// thread against the same batch spread over a pool of worker threads (the bytes transferred, the
// decoded samples transferred back), best of 3. `pnpm bench workers [files]`. The answer decides
// whether readers get a pool: on 2 cores the main thread also parses and writes, so the pool must win
// clearly here to win in a conversion.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

const WORKER = `
import { parentPort, workerData } from 'node:worker_threads';
const { decodePng } = await import(workerData.png);
parentPort.on('message', ({ id, bytes }) => {
  const d = decodePng(bytes);
  parentPort.postMessage({ id, data: d.data }, [d.data.buffer]);
});
`;

function pool(size, png) {
  const workers = Array.from(
    { length: size },
    () =>
      new Worker(new URL(`data:text/javascript,${encodeURIComponent(WORKER)}`), {
        workerData: { png: pathToFileURL(png).href },
      }),
  );
  const waiting = new Map();
  let next = 0;
  for (const w of workers) w.on('message', ({ id, data }) => waiting.get(id)(data));
  return {
    decode(bytes) {
      const id = next++;
      const copy = bytes.slice();
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        workers[id % size].postMessage({ id, bytes: copy }, [copy.buffer]);
      });
    },
    close: () => Promise.all(workers.map((w) => w.terminate())),
  };
}

export async function run({ dataDir }) {
  const png = `${dataDir}core-png.mjs`;
  execFileSync(`${repo}tooling/bench/node_modules/.bin/esbuild`, [
    `${repo}packages/core/src/png/index.ts`,
    '--bundle',
    '--platform=node',
    '--format=esm',
    `--outfile=${png}`,
    '--log-level=warning',
  ]);
  const { encodePng, decodePng } = await import(png);
  const count =
    process.argv
      .slice(2)
      .map(Number)
      .find((x) => x > 0) ?? 40;
  const width = 2048;
  const height = 1024;
  const files = [];
  for (let f = 0; f < count; f++) {
    const data = new Uint8Array(width * height);
    for (let y = 0; y < height; y++)
      data.fill((y * 7 + f) % 34, y * width, y * width + ((y * 13 + f * 101) % width));
    files.push(encodePng({ width, height, colorType: 'gray', data }));
  }
  const best = {};
  const time = async (k, fn) => {
    const t0 = performance.now();
    await fn();
    best[k] = Math.min(best[k] ?? Number.POSITIVE_INFINITY, performance.now() - t0);
  };
  const sizes = [1, 2, 4].filter((n) => n <= Math.max(2, availableParallelism()));
  const pools = sizes.map((n) => [n, pool(n, png)]);
  for (let rep = 0; rep < 3; rep++) {
    await time('main thread', () => {
      for (const b of files) decodePng(b);
    });
    for (const [n, p] of pools) await time(`pool of ${n}`, () => Promise.all(files.map((b) => p.decode(b))));
  }
  for (const [, p] of pools) await p.close();
  const base = best['main thread'];
  console.log(`\n${count} PNG masks of ${width}x${height}, ${availableParallelism()} CPUs\n`);
  console.log('| decode | ms (best of 3) | speed-up |');
  console.log('| --- | ---: | ---: |');
  for (const [k, ms] of Object.entries(best))
    console.log(`| ${k} | ${ms.toFixed(0)} | ${(base / ms).toFixed(2)} |`);
}
