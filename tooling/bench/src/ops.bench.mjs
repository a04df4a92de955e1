// Dataset operations benchmark: `labelport transform -t remap_labels` and `labelport filter` over a
// generated Datumaro dataset of 1,000,000 box annotations (and 100,000, to show that memory does not
// grow with the input), peak RSS beside the input size. Both stream: one item in memory at a time.
// `pnpm bench ops [annotations ...]`.
import { existsSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateOps } from './ops-generate.mjs';

const standIn = fileURLToPath(new URL('./ops-run.mjs', import.meta.url));

/** Runs the CLI, or the stand-in on the same dists when the CLI cannot start. */
async function runOne(measure, cli, cliArgs, standInArgs) {
  let r = existsSync(cli) ? await measure(cli, cliArgs) : { code: -1, stderr: 'the CLI is not built' };
  if (r.code === 0) return { ...r, how: 'labelport' };
  const why = r.stderr.trim().split('\n').pop();
  r = await measure(standIn, standInArgs);
  return { ...r, how: `ops-run.mjs (CLI: ${why})` };
}

export async function run({ measure, dataDir, cli }) {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  const rows = [];
  for (const n of sizes.length ? sizes : [100_000, 1_000_000]) {
    const dir = `${dataDir}ops-${n}`;
    const file = `${dir}/annotations/train.json`;
    if (!existsSync(file)) console.log(`generated ${file}: ${JSON.stringify(await generateOps(n, dir))}`);
    const inputMiB = statSync(file).size / 2 ** 20;
    const out = `${dataDir}ops-${n}-out`;
    const copy = await runOne(
      measure,
      cli,
      ['convert', dir, '-i', 'datumaro', '-f', 'datumaro', '-o', out, '--overwrite'],
      ['copy', dir, out],
    );
    rows.push({
      name: `convert datumaro -> datumaro, no operation (baseline), ${n} annotations`,
      inputMiB,
      ...copy,
    });
    const remap = ['-t', 'remap_labels', '-p', 'class0=person', '-p', 'class1=person', '-p', 'default=keep'];
    const expr = "label == 'class3' and area > 2000";
    const t = await runOne(
      measure,
      cli,
      ['transform', dir, '-i', 'datumaro', '-o', out, '--overwrite', ...remap],
      ['transform', dir, out, 'remap_labels', 'class0=person', 'class1=person', 'default=keep'],
    );
    rows.push({ name: `transform remap_labels, ${n} annotations`, inputMiB, ...t });
    const f = await runOne(
      measure,
      cli,
      ['filter', dir, '-i', 'datumaro', '-o', out, '--overwrite', '-e', expr, '--mode', 'annotations'],
      ['filter', dir, out, expr],
    );
    rows.push({ name: `filter "${expr}", ${n} annotations`, inputMiB, ...f });
    rmSync(out, { recursive: true, force: true });
  }
  console.log('| run | input MiB | wall s | peak RSS MiB | how |');
  console.log('| --- | ---: | ---: | ---: | --- |');
  for (const r of rows)
    console.log(
      `| ${r.name} | ${r.inputMiB.toFixed(0)} | ${r.code === 0 ? r.seconds.toFixed(1) : 'failed'} | ${r.peakMiB.toFixed(0)} | ${r.how} |`,
    );
}
