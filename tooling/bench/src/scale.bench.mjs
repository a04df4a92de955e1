// Issue 16's benchmark: every direction of its table beside the floor (read + JSON.parse +
// JSON.stringify + write of the same COCO file, same run) and, where a `datum` command is installed,
// beside Datumaro in the same run; then, with `large`, 1.5 GB files (COCO, Datumaro JSON, Scalabel
// JSON) converted to Datumaro and YOLO and given to `info`, whose peak RSS must stay under 1.5 GiB.
// `pnpm bench scale [N ...] [large]` (N images, default 20,000). The CLI is bundled from the sources.
import { existsSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { generateBdd100k } from './bdd100k-generate.mjs';
import { generateCoco } from './coco-generate.mjs';
import { bundleCli, datumCommand, failure, measureCommand } from './scale-tools.mjs';

const TARGETS = ['datumaro', 'coco_instances', 'yolo', 'voc_detection'];
const SOURCES = ['voc_detection', 'yolo', 'cvat', 'datumaro'];
/** The bar of the large cases: peak RSS under 1.5 GiB. */
const LIMIT_MIB = 1536;
/**
 * Images of the large COCO file (about 2.9 KB each: 1.5 GB) and frames of the Scalabel one (4.7 KB
 * each); BENCH_LARGE_IMAGES and BENCH_LARGE_FRAMES set others (a quick trial of the large cases).
 */
const LARGE_IMAGES = Number(process.env.BENCH_LARGE_IMAGES ?? 530_000);
const LARGE_FRAMES = Number(process.env.BENCH_LARGE_FRAMES ?? 335_000);

const mib = (file) => statSync(file).size / 2 ** 20;

async function ensureCoco(dataDir, n) {
  const dir = `${dataDir}coco-${n}`;
  const file = `${dir}/annotations/instances_train.json`;
  if (!existsSync(file)) {
    const t0 = Date.now();
    const made = await generateCoco(n, dir);
    console.log(
      `generated ${file}: ${made.images} images, ${made.annotations} annotations (${(Date.now() - t0) / 1000} s)`,
    );
  }
  return { dir, file };
}

function printRows(rows, floorRow, datum) {
  const ratio = (a, b) => (Number.isFinite(a / b) ? (a / b).toFixed(2) : '-');
  const head = ['run', 'wall s', 'CPU s', 'peak RSS MiB', 'time / floor', 'CPU / floor', 'memory / floor'];
  if (datum)
    head.push('Datumaro wall s', 'Datumaro peak MiB', 'Datumaro time / floor', 'Datumaro / labelport');
  console.log(`| ${head.join(' | ')} |`);
  console.log(
    `| --- | ${head
      .slice(1)
      .map(() => '---:')
      .join(' | ')} |`,
  );
  for (const r of [floorRow, ...rows]) {
    const cpu = (x) => (Number.isFinite(x.cpuSeconds) ? x.cpuSeconds.toFixed(2) : '-');
    const cells = [r.name, r.seconds.toFixed(2), cpu(r), r.peakMiB.toFixed(0), ratio(r.seconds, floorRow.seconds)];
    cells.push(ratio(r.cpuSeconds, floorRow.cpuSeconds), ratio(r.peakMiB, floorRow.peakMiB));
    if (datum) {
      const d = r.datum;
      cells.push(d ? d.seconds.toFixed(2) : '-', d ? d.peakMiB.toFixed(0) : '-');
      cells.push(d ? ratio(d.seconds, floorRow.seconds) : '-', d ? ratio(d.seconds, r.seconds) : '-');
    }
    console.log(`| ${cells.join(' | ')} |`);
  }
}

/** labelport convert (and datum convert, when there is one), one after the other. */
async function convertBoth(ctx, input, from, to, out) {
  const lp = await ctx.measure(ctx.cli, ['convert', input, '-i', from, '-f', to, '-o', out, '--overwrite']);
  rmSync(out, { recursive: true, force: true });
  if (lp.code !== 0) return { error: `labelport ${from} -> ${to}: failed (${failure(lp)})` };
  let datum;
  if (ctx.datum) {
    const args = ['convert', '-i', input, '-if', from, '-f', to, '-o', `${out}-datum`, '--overwrite'];
    const d = await measureCommand(ctx.datum.cmd, args);
    rmSync(`${out}-datum`, { recursive: true, force: true });
    if (d.code === 0) datum = d;
    else ctx.notes.push(`Datumaro ${from} -> ${to}: failed (${failure(d)})`);
  }
  return { row: { name: `${from} -> ${to}`, ...lp, datum } };
}

async function medium(ctx, n) {
  const { dir, file } = await ensureCoco(ctx.dataDir, n);
  console.log(`\n### N = ${n} images (COCO file ${mib(file).toFixed(0)} MiB)\n`);
  const out = `${ctx.dataDir}scale-${n}-out`;
  // The sources of the "X -> COCO" directions, made once by labelport from the same COCO file.
  for (const fmt of SOURCES) {
    const src = `${ctx.dataDir}scale-${n}-${fmt}`;
    if (existsSync(src)) continue;
    const r = await ctx.measure(ctx.cli, ['convert', dir, '-i', 'coco_instances', '-f', fmt, '-o', src]);
    if (r.code !== 0) ctx.notes.push(`making the ${fmt} source failed (${failure(r)})`);
  }
  const floorRun = await ctx.measure(ctx.floor, [file, `${out}-floor.json`]);
  rmSync(`${out}-floor.json`, { force: true });
  if (floorRun.code !== 0) throw new Error(`floor failed: ${floorRun.stderr}`);
  const rows = [];
  const add = (r) => (r.error ? ctx.notes.push(r.error) : rows.push(r.row));
  for (const to of TARGETS) add(await convertBoth(ctx, dir, 'coco_instances', to, `${out}-${to}`));
  for (const from of SOURCES) {
    const src = `${ctx.dataDir}scale-${n}-${from}`;
    if (existsSync(src)) add(await convertBoth(ctx, src, from, 'coco_instances', `${out}-${from}-coco`));
  }
  printRows(
    rows,
    { name: 'floor (read, JSON.parse, JSON.stringify, write the COCO file)', ...floorRun },
    ctx.datum,
  );
}

/** One large case: its wall time, peak RSS and whether the peak is under the bar. */
async function largeRow(ctx, name, args) {
  const r = await ctx.measure(ctx.cli, args);
  const verdict = r.code !== 0 ? `failed: ${failure(r)}` : r.peakMiB < LIMIT_MIB ? 'yes' : 'NO';
  console.log(`| ${name} | ${r.seconds.toFixed(1)} | ${r.peakMiB.toFixed(0)} | ${verdict} |`);
  return r;
}

async function large(ctx) {
  const coco = await ensureCoco(ctx.dataDir, LARGE_IMAGES);
  const bddDir = `${ctx.dataDir}bdd100k-${LARGE_FRAMES}`;
  const bddFile = `${bddDir}/labels/det_20/det_train.json`;
  if (!existsSync(bddFile)) {
    const made = await generateBdd100k(LARGE_FRAMES, bddDir);
    console.log(`generated ${bddFile}: ${made.frames} frames, ${made.labels} labels`);
  }
  const out = `${ctx.dataDir}large-out`;
  console.log(`\n### Large files (bar: peak RSS under ${LIMIT_MIB} MiB)\n`);
  console.log('| run | wall s | peak RSS MiB | under the bar |');
  console.log('| --- | ---: | ---: | --- |');
  const cases = [
    [`COCO ${mib(coco.file).toFixed(0)} MiB`, coco.dir, 'coco_instances'],
    [`Scalabel ${mib(bddFile).toFixed(0)} MiB`, bddDir, 'bdd100k'],
  ];
  // The Datumaro outputs are kept: the first one written is the large Datumaro input.
  const dmDirs = [];
  for (const [name, input, from] of cases) {
    const dmOut = `${out}-${from}-datumaro`;
    dmDirs.push(dmOut);
    await largeRow(ctx, `info, ${name}`, ['info', input, '-i', from, '--json']);
    await largeRow(ctx, `${name} -> datumaro`, [
      'convert',
      input,
      '-i',
      from,
      '-f',
      'datumaro',
      '-o',
      dmOut,
      '--overwrite',
    ]);
    await largeRow(ctx, `${name} -> yolo`, [
      'convert',
      input,
      '-i',
      from,
      '-f',
      'yolo',
      '-o',
      `${out}-yolo`,
      '--overwrite',
    ]);
    rmSync(`${out}-yolo`, { recursive: true, force: true });
  }
  const dmDir = dmDirs.find((d) => existsSync(`${d}/annotations/train.json`));
  if (dmDir) {
    const name = `Datumaro ${mib(`${dmDir}/annotations/train.json`).toFixed(0)} MiB`;
    await largeRow(ctx, `info, ${name}`, ['info', dmDir, '-i', 'datumaro', '--json']);
    await largeRow(ctx, `${name} -> datumaro`, [
      'convert',
      dmDir,
      '-i',
      'datumaro',
      '-f',
      'datumaro',
      '-o',
      `${out}-datumaro`,
      '--overwrite',
    ]);
    await largeRow(ctx, `${name} -> yolo`, [
      'convert',
      dmDir,
      '-i',
      'datumaro',
      '-f',
      'yolo',
      '-o',
      `${out}-yolo`,
      '--overwrite',
    ]);
  }
  for (const d of [...dmDirs, `${out}-yolo`, `${out}-datumaro`]) rmSync(d, { recursive: true, force: true });
  console.log("\nNo floor here: one JSON.parse cannot take a text over 512 MiB (V8's longest string).");
}

export async function run({ measure, dataDir, floor }) {
  const args = process.argv.slice(2);
  const sizes = args.map(Number).filter((n) => n > 0);
  const cli = bundleCli(dataDir);
  const datum = datumCommand();
  console.log(
    datum ? `Datumaro: ${datum.version}` : 'Datumaro: no `datum` command here, its columns are left out',
  );
  const load = () =>
    `${loadavg()
      .map((x) => x.toFixed(1))
      .join(', ')} (2 cores)`;
  console.log(`load average at the start: ${load()}`);
  const ctx = { measure, dataDir, floor, cli, datum, notes: [] };
  for (const n of sizes.length ? sizes : [20_000]) {
    await medium(ctx, n);
    for (const note of ctx.notes.splice(0)) console.log(`\n${note}`);
  }
  if (args.includes('large')) await large(ctx);
  for (const note of ctx.notes) console.log(`\n${note}`);
  console.log(`\nload average at the end: ${load()}`);
}
