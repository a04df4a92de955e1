// Many small files: reading F files (default 20,000 YOLO-sized label files of 10 lines) through core's
// directoryTree one at a time and with mapConcurrent at 4, 8 (READ_AHEAD, what the readers of VOC,
// YOLO, KITTI, LabelMe and Cityscapes use), 16 and 32 files at once, best of 3 interleaved runs.
// Core is bundled from the sources. `pnpm bench files [F]`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const ENTRY = `export { directoryTree } from './packages/core/src/node.ts';
export { mapConcurrent, READ_AHEAD } from './packages/core/src/files/concurrent.ts';`;

export async function run({ dataDir }) {
  const out = `${dataDir}core-files.mjs`;
  execFileSync(
    `${repo}tooling/bench/node_modules/.bin/esbuild`,
    [
      '--bundle',
      '--platform=node',
      '--format=esm',
      '--sourcefile=entry.ts',
      `--outfile=${out}`,
      '--log-level=warning',
    ],
    { cwd: repo, input: ENTRY },
  );
  const { directoryTree, mapConcurrent, READ_AHEAD } = await import(out);
  const count =
    process.argv
      .slice(2)
      .map(Number)
      .find((x) => x > 0) ?? 20_000;
  const dir = `${dataDir}small-files-${count}`;
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < count; i++) writeFileSync(`${dir}/${i}.txt`, '3 0.5 0.5 0.1 0.1\n'.repeat(10));
  }
  const best = {};
  for (let rep = 0; rep < 3; rep++) {
    for (const limit of [1, 4, 8, 16, 32]) {
      const tree = directoryTree(dir);
      const files = (await tree.list()).map((e) => e.path);
      const t0 = performance.now();
      let bytes = 0;
      for await (const b of mapConcurrent(files, limit, (p) => tree.read(p))) bytes += b.length;
      if (bytes === 0) throw new Error('nothing read');
      best[limit] = Math.min(best[limit] ?? Number.POSITIVE_INFINITY, performance.now() - t0);
    }
  }
  console.log(`\n${count} files of ${'3 0.5 0.5 0.1 0.1\n'.length * 10} bytes, read through directoryTree\n`);
  console.log('| files at once | ms (best of 3) | speed-up |');
  console.log('| ---: | ---: | ---: |');
  for (const [k, ms] of Object.entries(best))
    console.log(
      `| ${k}${Number(k) === READ_AHEAD ? ' (READ_AHEAD)' : ''} | ${ms.toFixed(0)} | ${(best[1] / ms).toFixed(2)} |`,
    );
}
