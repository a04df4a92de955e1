// CVAT benchmark: reading a generated CVAT for video XML (default 200 MiB; `pnpm bench cvat 50` for
// another size) with the whole result held in memory, beside the floor (read + JSON.parse +
// JSON.stringify + write) of the result's own JSON, measured in the same run. The bar: peak
// memory under 3 times the size of the result's JSON. Uses `labelport info -i cvat_video` when the
// built CLI lists cvat_video, and always the stand-in cvat-read.mjs (which also writes that JSON).
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateCvatVideo } from './cvat-generate.mjs';
import { printTable } from './table.mjs';

const reader = fileURLToPath(new URL('./cvat-read.mjs', import.meta.url));

function cliReads(cli, id) {
  if (!existsSync(cli)) return false;
  try {
    const list = JSON.parse(execFileSync(process.execPath, [cli, 'formats', '--json'], { encoding: 'utf8' }));
    return list.some((f) => f.id === id && f.read);
  } catch {
    return false;
  }
}

export async function run({ measure, dataDir, cli, floor }) {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  for (const mib of sizes.length ? sizes : [200]) {
    const dir = `${dataDir}cvat-video-${mib}`;
    const file = `${dir}/annotations.xml`;
    if (!existsSync(file)) {
      const made = await generateCvatVideo(mib, file);
      console.log(`generated ${file}: ${made.tracks} tracks`);
    }
    const resultJson = `${dataDir}cvat-video-${mib}-result.json`;
    console.log(`\n### CVAT for video, ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB of XML\n`);
    const read = await measure(reader, [dir, resultJson]);
    if (read.code !== 0) throw new Error(`cvat-read.mjs failed: ${read.stderr}`);
    const [items, annotations, jsonBytes] = read.stderr.trim().split(/\s+/).map(Number);
    const floorRun = await measure(floor, [resultJson, `${resultJson}.floor`]);
    if (floorRun.code !== 0) throw new Error(`floor failed: ${floorRun.stderr}`);
    const rows = [{ name: 'read CVAT video, hold the result (cvat-read.mjs)', ...read }];
    if (cliReads(cli, 'cvat_video')) {
      const info = await measure(cli, ['info', dir, '-i', 'cvat_video', '--json']);
      if (info.code === 0) rows.push({ name: 'labelport info -i cvat_video', ...info });
      else console.log(`labelport info failed: ${info.stderr.trim().split('\n').pop()}`);
    }
    printTable(rows, { name: 'floor (read, parse, stringify, write the result JSON)', ...floorRun });
    const jsonMiB = jsonBytes / 2 ** 20;
    console.log(
      `\n${items} frames, ${annotations} shapes; result JSON ${jsonMiB.toFixed(0)} MiB; ` +
        `peak memory / result JSON = ${(read.peakMiB / jsonMiB).toFixed(2)} (the bar is 3)`,
    );
    rmSync(resultJson, { force: true });
    rmSync(`${resultJson}.floor`, { force: true });
  }
}
