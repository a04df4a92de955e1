// COCO benchmark: `labelport convert` of a generated COCO instances file to Datumaro, to COCO and to
// YOLO, at N = 20,000 and 100,000 images, beside the floor (read + JSON.parse + JSON.stringify + write
// of the same file) measured in the same run. Wall time and peak RSS of each child process.
// `pnpm bench coco` runs it; `pnpm bench coco 20000` runs one size only; `pnpm bench coco big`
// converts a generated 1.5 GB file (see runBig).
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateCoco } from './coco-generate.mjs';
import { printTable } from './table.mjs';

const TARGETS = ['datumaro', 'coco_instances', 'yolo'];
const fallback = fileURLToPath(new URL('./coco-convert.mjs', import.meta.url));

/** Formats the built CLI can write, or an empty set when it is not built. */
function cliFormats(cli) {
  if (!existsSync(cli)) return new Set();
  try {
    const list = JSON.parse(
      execFileSync(process.execPath, [cli, 'formats', '--json'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    );
    return new Set(list.filter((f) => f.write || f.read).map((f) => f.id));
  } catch {
    return new Set();
  }
}

/** Formats the stand-in script can write (from the built format packages). */
function fallbackFormats() {
  const have = new Set();
  const built = (name) =>
    existsSync(fileURLToPath(new URL(`../../../packages/${name}/dist/index.js`, import.meta.url)));
  if (built('format-coco')) have.add('coco_instances');
  if (built('format-datumaro')) have.add('datumaro');
  if (built('format-yolo')) have.add('yolo');
  return have;
}

/** About 1.5 GB of COCO instances (10 objects an image): past what one string holds, so no floor. */
const BIG = 530_000;
const BIG_LIMIT_MIB = 1536;

/**
 * `pnpm bench coco big`: the generated 1.5 GB file converted to Datumaro and to YOLO, and `info` on
 * it, with the built CLI: wall time and peak RSS, each against the 1.5 GB bound.
 */
async function runBig({ measure, dataDir, cli }) {
  const dir = `${dataDir}coco-${BIG}`;
  const file = `${dir}/annotations/instances_train.json`;
  if (!existsSync(file)) {
    const made = await generateCoco(BIG, dir);
    console.log(`generated ${file}: ${made.images} images, ${made.annotations} annotations`);
  }
  console.log(
    `\n### N = ${BIG} (${(statSync(file).size / 2 ** 20).toFixed(0)} MiB), bound ${BIG_LIMIT_MIB} MiB\n`,
  );
  console.log('| run | wall s | peak RSS MiB | under the bound |');
  console.log('| --- | ---: | ---: | --- |');
  const runs = [
    ['info', ['info', dir, '-i', 'coco_instances']],
    ...['datumaro', 'yolo'].map((t) => [
      `COCO -> ${t}`,
      ['convert', dir, '-i', 'coco_instances', '-f', t, '-o', `${dataDir}coco-big-${t}`, '--overwrite'],
    ]),
  ];
  for (const [name, args] of runs) {
    const r = await measure(cli, args);
    const ok =
      r.code === 0
        ? r.peakMiB < BIG_LIMIT_MIB
          ? 'yes'
          : 'NO'
        : `failed: ${r.stderr.trim().split('\n').pop()}`;
    console.log(`| ${name} | ${r.seconds.toFixed(1)} | ${r.peakMiB.toFixed(0)} | ${ok} |`);
    rmSync(`${dataDir}coco-big-${name.split(' ').pop()}`, { recursive: true, force: true });
  }
}

export async function run({ measure, dataDir, cli, floor }) {
  if (process.argv.includes('big')) return runBig({ measure, dataDir, cli });
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  const ns = sizes.length ? sizes : [20_000, 100_000];
  const viaCli = cliFormats(cli);
  const viaScript = fallbackFormats();
  for (const n of ns) {
    const dir = `${dataDir}coco-${n}`;
    const file = `${dir}/annotations/instances_train.json`;
    if (!existsSync(file)) {
      const made = await generateCoco(n, dir);
      console.log(`generated ${file}: ${made.images} images, ${made.annotations} annotations`);
    }
    console.log(`\n### N = ${n} (${(statSync(file).size / 2 ** 20).toFixed(0)} MiB)\n`);
    const out = `${dataDir}coco-${n}-out`;
    const floorRun = await measure(floor, [file, `${out}-floor.json`]);
    if (floorRun.code !== 0) throw new Error(`floor failed: ${floorRun.stderr}`);
    const rows = [];
    const notes = [];
    for (const target of TARGETS) {
      const outDir = `${out}-${target}`;
      let r;
      let how;
      if (viaCli.has('coco_instances') && viaCli.has(target)) {
        how = 'labelport convert';
        r = await measure(cli, [
          'convert',
          dir,
          '-i',
          'coco_instances',
          '-f',
          target,
          '-o',
          outDir,
          '--overwrite',
        ]);
      } else if (viaScript.has(target)) {
        how = 'coco-convert.mjs';
        r = await measure(fallback, [dir, target, outDir]);
      } else {
        notes.push(`COCO -> ${target}: skipped, no built writer for ${target}`);
        continue;
      }
      if (r.code !== 0) {
        const lines = r.stderr.trim().split('\n');
        notes.push(`COCO -> ${target}: failed (${lines.find((l) => /error/i.test(l)) ?? lines.pop()})`);
        continue;
      }
      rows.push({ name: `COCO -> ${target} (${how})`, ...r });
      rmSync(outDir, { recursive: true, force: true });
    }
    rmSync(`${out}-floor.json`, { force: true });
    printTable(rows, { name: 'floor (read, parse, stringify, write)', ...floorRun });
    for (const note of notes) console.log(`\n${note}`);
  }
}
