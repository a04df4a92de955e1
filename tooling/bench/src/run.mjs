// `pnpm bench`: runs every src/*.bench.mjs in turn. Each exports `run(ctx)` and prints its own table.
// Pass names to run only some: `pnpm bench coco`. Data goes to tooling/bench/data (git-ignored).
import { mkdirSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { measure } from './measure.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const dataDir = fileURLToPath(new URL('../data/', import.meta.url));
mkdirSync(dataDir, { recursive: true });
const cli = fileURLToPath(new URL('../../../packages/cli/dist/bin.js', import.meta.url));
const floor = fileURLToPath(new URL('./floor.mjs', import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)));
for (const file of benches) {
  const mod = await import(new URL(file, import.meta.url).href);
  console.log(`\n## ${file.replace('.bench.mjs', '')}\n`);
  await mod.run({ measure, dataDir, cli, floor });
}
