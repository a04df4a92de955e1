// BDD100K benchmark: `labelport convert` of a generated det_20 file (70,000 frames, about 1.75 M boxes)
// to COCO instances, beside the floor (read + JSON.parse + JSON.stringify + write of the same file)
// measured in the same run. Target: within 2.5 times the floor. `pnpm bench bdd100k [frames]`.
import { existsSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateBdd100k } from './bdd100k-generate.mjs';
import { printTable } from './table.mjs';

const cpuWrapper = fileURLToPath(new URL('./bdd100k-cpu.mjs', import.meta.url));
/** Runs a script under measure(), with its CPU time read from its last stderr line. */
async function measureCpu(measure, script, args) {
  const r = await measure(cpuWrapper, [script, ...args]);
  const m = /cpu (\d+(?:\.\d+)?)\s*$/.exec(r.stderr);
  return { ...r, cpu: m ? Number(m[1]) : Number.NaN, stderr: r.stderr.replace(/\ncpu [\d.]+\s*$/, '') };
}

/** CPU seconds beside wall time: on a shared machine the wall clock says little. */
function printCpu(rows, floorRow) {
  console.log('\n| run | CPU s | CPU / floor CPU |');
  console.log('| --- | ---: | ---: |');
  for (const r of [floorRow, ...rows])
    console.log(`| ${r.name} | ${r.cpu.toFixed(2)} | ${(r.cpu / floorRow.cpu).toFixed(2)} |`);
}

const readOnly = fileURLToPath(new URL('./bdd100k-read.mjs', import.meta.url));
const convertScript = fileURLToPath(new URL('./bdd100k-convert.mjs', import.meta.url));

export async function run({ measure, dataDir, cli, floor }) {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  for (const frames of sizes.length ? sizes : [70_000]) {
    const dir = `${dataDir}bdd100k-${frames}`;
    const file = `${dir}/labels/det_20/det_train.json`;
    if (!existsSync(file)) {
      const made = await generateBdd100k(frames, dir);
      console.log(`generated ${file}: ${made.frames} frames, ${made.labels} labels`);
    }
    console.log(`\n### ${frames} frames (${(statSync(file).size / 2 ** 20).toFixed(0)} MiB)\n`);
    const out = `${dataDir}bdd100k-${frames}-out`;
    const floorRun = await measureCpu(measure, floor, [file, `${out}-floor.json`]);
    rmSync(`${out}-floor.json`, { force: true });
    if (floorRun.code !== 0) throw new Error(`floor failed: ${floorRun.stderr}`);
    const rows = [];
    const read = await measureCpu(measure, readOnly, [dir]);
    if (read.code === 0) rows.push({ name: 'read every frame (bdd100k reader, dist)', ...read });
    else console.log(`read: failed (${read.stderr.trim().split('\n').pop()})`);
    let r = existsSync(cli)
      ? await measureCpu(measure, cli, [
          'convert',
          dir,
          '-i',
          'bdd100k',
          '-f',
          'coco_instances',
          '-o',
          out,
          '--overwrite',
        ])
      : { code: -1, stderr: 'the CLI is not built', cpu: Number.NaN };
    let how = 'labelport convert';
    if (r.code !== 0) {
      console.log(
        `labelport convert: failed (${r.stderr.trim().split('\n').pop()}); using bdd100k-convert.mjs`,
      );
      how = 'bdd100k-convert.mjs';
      r = await measureCpu(measure, convertScript, [dir, 'bdd100k', out]);
    }
    if (r.code === 0) rows.push({ name: `bdd100k -> coco_instances (${how})`, ...r });
    else console.log(`convert: failed (${r.stderr.trim().split('\n').pop()})`);
    rmSync(out, { recursive: true, force: true });
    printTable(rows, { name: 'floor (read, parse, stringify, write)', ...floorRun });
    printCpu(rows, { name: 'floor (read, parse, stringify, write)', ...floorRun });
  }
}
