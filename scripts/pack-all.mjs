#!/usr/bin/env node
// Packs every publishable package (packages/*, after `pnpm build`) and the example plugin into one
// folder, as npm would publish them (pnpm pack: workspace ranges become versions, publishConfig applies).
//   node scripts/pack-all.mjs <folder>   prints one tarball path per line
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { publishablePackages } from './package-metadata.mjs';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('..', import.meta.url));

async function pool(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

/** Packs the packages into `dest`; returns { name, dir, tarball } for each. */
export async function packAll(dest) {
  mkdirSync(dest, { recursive: true });
  const dirs = [...publishablePackages().map((d) => join(repo, 'packages', d)), join(repo, 'examples/plugin-format')];
  return pool(dirs, 3, async (dir) => {
    const { stdout } = await run('pnpm', ['pack', '--pack-destination', dest], { cwd: dir });
    return { dir, tarball: resolve(dest, stdout.trim().split('\n').pop()) };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const p of await packAll(resolve(process.argv[2] ?? 'packed'))) console.log(p.tarball);
}
