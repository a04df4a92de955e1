// Streaming JSON: core's scanner (packages/core/src/json, bundled from the sources) against one
// JSON.parse of the whole file and against a generic streaming parser (@streamparser/json), on the
// generated COCO file of N images (default 20,000), in this process, best of 3 interleaved runs.
// `pnpm bench json [N]`. Why the scanner: it finds element boundaries over bytes and JSON.parses
// each element, close to native speed; generic streaming parsers build values token by token in JS.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JSONParser } from '@streamparser/json';
import { generateCoco } from './coco-generate.mjs';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

export async function run({ dataDir }) {
  const out = `${dataDir}core-json.mjs`;
  execFileSync(`${repo}tooling/bench/node_modules/.bin/esbuild`, [
    `${repo}packages/core/src/json/index.ts`,
    '--bundle',
    '--platform=node',
    '--format=esm',
    `--outfile=${out}`,
    '--log-level=warning',
  ]);
  const { JsonScanner } = await import(out);
  const n =
    process.argv
      .slice(2)
      .map(Number)
      .find((x) => x > 0) ?? 20_000;
  const dir = `${dataDir}coco-${n}`;
  const file = `${dir}/annotations/instances_train.json`;
  if (!existsSync(file)) await generateCoco(n, dir);
  const buf = readFileSync(file);
  const chunk = 1 << 20;
  const runs = {
    'JSON.parse of the whole file (UTF-8 decode + parse)': () => JSON.parse(buf.toString('utf8')),
    'scanner, every element parsed': () => scan('elements'),
    'scanner, element offsets only': () => scan('offsets'),
    '@streamparser/json, every element of images and annotations': () => {
      const p = new JSONParser({
        paths: ['$.images.*', '$.annotations.*', '$.categories.*'],
        keepStack: false,
      });
      p.onValue = () => {};
      for (let i = 0; i < buf.length; i += chunk) p.write(buf.subarray(i, i + chunk));
    },
  };
  function scan(mode) {
    const s = new JsonScanner(file, { plan: (_k, isArray) => (isArray ? mode : 'whole') });
    for (let i = 0; i < buf.length; i += chunk) s.push(buf.subarray(i, i + chunk), []);
    s.end();
  }
  const best = {};
  for (let rep = 0; rep < 3; rep++) {
    for (const [name, fn] of Object.entries(runs)) {
      const t0 = performance.now();
      fn();
      best[name] = Math.min(best[name] ?? Number.POSITIVE_INFINITY, performance.now() - t0);
    }
  }
  const base = best[Object.keys(runs)[0]];
  console.log(`\n### ${(buf.length / 2 ** 20).toFixed(0)} MiB COCO file, ${n} images\n`);
  console.log('| run | ms (best of 3) | MiB/s | time / JSON.parse |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [name, ms] of Object.entries(best))
    console.log(
      `| ${name} | ${ms.toFixed(0)} | ${(buf.length / 2 ** 20 / (ms / 1000)).toFixed(0)} | ${(ms / base).toFixed(2)} |`,
    );
}
