// Open Images benchmark: `labelport convert` of a generated Open Images box CSV (2,000,000 rows,
// sorted by ImageID as shipped) to COCO instances, beside the floor (csv-parse over the same file,
// counting records). The target is peak memory: the reader streams (merge-join per ImageID), so memory
// must stay under 1 GB whatever the row count. `pnpm bench openimages [rows]`.
import { existsSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateOpenImages } from './openimages-generate.mjs';
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

const csvFloor = fileURLToPath(new URL('./openimages-floor.mjs', import.meta.url));
const readOnly = fileURLToPath(new URL('./openimages-read.mjs', import.meta.url));
// The stand-in converter (built dists of core, this reader and the COCO writer) serves both formats.
const convertScript = fileURLToPath(new URL('./bdd100k-convert.mjs', import.meta.url));

export async function run({ measure, dataDir, cli }) {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  for (const rows of sizes.length ? sizes : [2_000_000]) {
    const dir = `${dataDir}openimages-${rows}`;
    const file = `${dir}/annotations/validation-annotations-bbox.csv`;
    if (!existsSync(file)) {
      const made = await generateOpenImages(rows, dir);
      console.log(`generated ${file}: ${made.rows} boxes over ${made.images} images`);
    }
    console.log(`\n### ${rows} box rows (${(statSync(file).size / 2 ** 20).toFixed(0)} MiB CSV)\n`);
    const floorRun = await measureCpu(measure, csvFloor, [file]);
    if (floorRun.code !== 0) throw new Error(`floor failed: ${floorRun.stderr}`);
    const result = [];
    const read = await measureCpu(measure, readOnly, [dir]);
    if (read.code === 0) result.push({ name: 'read every item (open_images reader, dist)', ...read });
    else console.log(`read: failed (${read.stderr.trim().split('\n').pop()})`);
    const out = `${dataDir}openimages-${rows}-coco`;
    let r = existsSync(cli)
      ? await measureCpu(measure, cli, [
          'convert',
          dir,
          '-i',
          'open_images',
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
      r = await measureCpu(measure, convertScript, [dir, 'open_images', out]);
    }
    if (r.code === 0) result.push({ name: `open_images -> coco_instances (${how})`, ...r });
    else console.log(`convert: failed (${r.stderr.trim().split('\n').pop()})`);
    rmSync(out, { recursive: true, force: true });
    printTable(result, { name: 'floor (csv-parse over the box CSV)', ...floorRun });
    printCpu(result, { name: 'floor (csv-parse over the box CSV)', ...floorRun });
    const peak = Math.max(...result.map((r) => r.peakMiB));
    console.log(`\npeak RSS ${peak.toFixed(0)} MiB: ${peak < 1024 ? 'under' : 'OVER'} the 1 GB target`);
  }
}
