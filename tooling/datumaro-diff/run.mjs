#!/usr/bin/env node
/**
 * node tooling/datumaro-diff/run.mjs [--formats a,b] [--work DIR] [--snapshot] [--json FILE]
 *                                    [--markdown FILE] [--timeout SECONDS]
 *
 * Runs one small dataset through labelport and the real Datumaro for every format both have:
 *   (a) labelport writes it (media saved), Datumaro imports it: is what Datumaro read what labelport
 *       reads from the same files?
 *   (b) Datumaro writes it (`datum convert -if datumaro ... -f <id> -- --save-media`, from
 *       labelport's Datumaro export), labelport reads it: is it what Datumaro reads from them?
 * Compared: items, subsets, label names, annotation counts per type and label, box coordinates
 * (to 1e-3), mask pixel counts per label, image files found. A tool run by hand, never by CI: it
 * needs Datumaro installed (../shared/peers/README.md). See README.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { bundle } from './bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const shared = resolve(repo, '../shared');

const PYTHON = process.env.DATUMARO_PYTHON ?? '/tmp/peer/venv/bin/python';
const PYTHONPATH = process.env.DATUMARO_PYTHONPATH ?? '/tmp/peer/datumaro/src:/tmp/peer/stubs';
const DATUMARO_SRC = process.env.DATUMARO_SRC ?? join(shared, 'peers/datumaro');

/**
 * The same format under another name in Datumaro (importer / exporter), where labelport's id and
 * aliases do not name it. Everything else pairs by id or alias (see pairFormats).
 */
const OTHER_NAMES = {
  createml: { importer: 'roboflow_create_ml' }, // Datumaro reads Create ML only as Roboflow's export
  mots_png: { importer: 'mots' }, // Datumaro imports MOTS PNG as `mots`, exports it as `mots_png`
  yolo_ultralytics: { importer: 'yolo' }, // Datumaro's `yolo` importer takes the Ultralytics layout
};

function parseArgs(argv) {
  const o = { work: '/tmp/labelport-datumaro-diff', timeout: 120, snapshot: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--formats') o.formats = next().split(',');
    else if (a === '--work') o.work = resolve(next());
    else if (a === '--snapshot') o.snapshot = true;
    else if (a === '--json') o.json = resolve(next());
    else if (a === '--markdown') o.markdown = resolve(next());
    else if (a === '--timeout') o.timeout = Number(next());
    else if (a === '--help' || a === '-h') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0]);
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  return o;
}

/**
 * The packages' sources to bundle: the working tree (default), or with --snapshot the last commit's
 * (git archive HEAD packages, with each package's node_modules linked in), for when another change
 * is half-done in the working tree.
 */
function sourcesRoot(work, snapshot) {
  if (!snapshot) return join(repo, 'packages');
  const dir = join(work, 'snapshot');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tar = execFileSync('git', ['-C', repo, 'archive', '--format=tar', 'HEAD', 'packages'], {
    maxBuffer: 1 << 30,
  });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  for (const p of readdirSync(join(dir, 'packages'))) {
    const nm = join(repo, 'packages', p, 'node_modules');
    if (existsSync(nm)) symlinkSync(nm, join(dir, 'packages', p, 'node_modules'));
  }
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  return join(dir, 'packages');
}

/** Datumaro's importer and exporter names, from its plugin list. */
function datumaroPlugins() {
  const specs = JSON.parse(readFileSync(join(DATUMARO_SRC, 'src/datumaro/plugins/specs.json'), 'utf8'));
  const importers = new Set();
  const exporters = new Set();
  for (const s of specs) {
    if (s.plugin_type === 'Importer') importers.add(s.plugin_name);
    if (s.plugin_type === 'Exporter') exporters.add(s.plugin_name);
  }
  return { importers, exporters };
}

/**
 * Every labelport format that Datumaro has under its id, an alias or OTHER_NAMES: a row per name
 * under which Datumaro both imports and exports (`imagenet` and `imagenet_with_subset_dirs` are two
 * layouts there, one format with an alias here), else one row with Datumaro's importer and exporter.
 */
function pairFormats(list, { importers, exporters }) {
  const rows = [];
  for (const f of list) {
    const names = [f.id, ...f.aliases];
    const other = OTHER_NAMES[f.id];
    const both = names.filter((n) => importers.has(n) && exporters.has(n));
    if (other) {
      rows.push({
        ...f,
        name: f.id,
        importer: other.importer,
        exporter: other.exporter ?? names.find((n) => exporters.has(n)),
      });
    } else if (both.length) {
      for (const n of both) rows.push({ ...f, name: n, importer: n, exporter: n });
    } else {
      const importer = names.find((n) => importers.has(n));
      const exporter = names.find((n) => exporters.has(n));
      if (importer || exporter) rows.push({ ...f, name: f.id, importer, exporter });
    }
  }
  return rows;
}

/** The Python helper (dump.py), one process, restarted after a timeout. */
class Datumaro {
  constructor(timeout) {
    this.timeout = timeout;
    this.proc = undefined;
    this.log = [];
  }
  start() {
    const proc = spawn(PYTHON, [join(here, 'dump.py')], {
      env: { ...process.env, PYTHONPATH, PYTHONUNBUFFERED: '1', PYTHONWARNINGS: 'ignore' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.proc = proc;
    this.waiting = undefined;
    const lines = createInterface({ input: proc.stdout });
    lines.on('line', (line) => {
      const w = this.waiting;
      this.waiting = undefined;
      w?.resolve(JSON.parse(line));
    });
    proc.stderr.on('data', (d) => {
      this.log.push(String(d));
      if (this.log.length > 200) this.log.splice(0, 100);
    });
    proc.on('exit', (code) => {
      if (this.proc === proc) this.proc = undefined;
      this.waiting?.resolve({ ok: false, error: `the Datumaro helper exited (${code})`, warnings: [] });
      this.waiting = undefined;
    });
  }
  request(req) {
    if (!this.proc) this.start();
    const proc = this.proc;
    return new Promise((resolveAnswer) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        proc.kill('SIGKILL'); // the helper we started, by its handle
        resolveAnswer({ ok: false, error: `timed out after ${this.timeout} s`, warnings: [] });
      }, this.timeout * 1000);
      this.waiting = {
        resolve: (a) => {
          clearTimeout(timer);
          resolveAnswer(a);
        },
      };
      proc.stdin.write(`${JSON.stringify(req)}\n`);
    });
  }
  stop() {
    this.proc?.stdin.end();
  }
}

// ---- comparison -------------------------------------------------------------------------------

const keyOf = (it) => `${it.subset}/${it.id}`;
const fmtNum = (v) => (Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000));
const fmtBox = (b) => `[${b.map(fmtNum).join(',')}]`;
const few = (xs, n = 3) =>
  xs.length > n ? `${xs.slice(0, n).join(', ')}, +${xs.length - n}` : xs.join(', ');

/**
 * The differences between two summaries, `ref` (what the writer's side reads) and `got` (what the
 * other side reads), as short phrases; [] when they agree. `names` say who is who.
 */
export function compare(ref, got, names = ['labelport', 'Datumaro']) {
  const [A, B] = names;
  const out = [];
  // label names
  const la = new Set(ref.labels);
  const lb = new Set(got.labels);
  const onlyA = ref.labels.filter((l) => !lb.has(l));
  const onlyB = got.labels.filter((l) => !la.has(l));
  if (onlyA.length) out.push(`labels only ${A} has: ${few(onlyA)}`);
  if (onlyB.length) out.push(`labels only ${B} has: ${few(onlyB)}`);
  // subsets and items
  const sa = [...new Set(ref.items.map((i) => i.subset))].sort();
  const sb = [...new Set(got.items.map((i) => i.subset))].sort();
  if (sa.join() !== sb.join()) out.push(`subsets ${A} [${sa}] vs ${B} [${sb}]`);
  const ia = new Map(ref.items.map((i) => [keyOf(i), i]));
  const ib = new Map(got.items.map((i) => [keyOf(i), i]));
  const missing = [...ia.keys()].filter((k) => !ib.has(k));
  const extra = [...ib.keys()].filter((k) => !ia.has(k));
  // items that only moved subset (or whose subset is lost) are still compared by id
  const byIdB = new Map();
  for (const it of got.items) byIdB.set(it.id, byIdB.has(it.id) ? null : it);
  const pairs = [];
  for (const [k, it] of ia) {
    const other = ib.get(k) ?? byIdB.get(it.id);
    if (other) pairs.push([it, other]);
  }
  const paired = new Set(pairs.map(([, b]) => keyOf(b)));
  const missingNow = missing.filter((k) => !pairs.some(([a]) => keyOf(a) === k));
  const extraNow = extra.filter((k) => !paired.has(k));
  if (sa.join() === sb.join() || missingNow.length || extraNow.length) {
    if (missingNow.length) out.push(`items only ${A} has: ${few(missingNow)}`);
    if (extraNow.length) out.push(`items only ${B} has: ${few(extraNow)}`);
  }
  if (missing.length && !missingNow.length && sa.join() === sb.join())
    out.push(`item ids differ: ${few(missing)} vs ${few(extra)}`);
  else if (missing.length && !missingNow.length)
    out.push(`items keep their ids but not their subsets (${few(missing, 2)} is ${few(extra, 2)})`);
  // annotation counts per type and label, over the whole dataset
  const counts = (items) => {
    const m = new Map();
    for (const it of items)
      for (const a of it.anns) {
        const k = `${a.type} ${a.label ?? '(no label)'}`;
        m.set(k, (m.get(k) ?? 0) + 1);
      }
    return m;
  };
  const ca = counts(pairs.map(([a]) => a));
  const cb = counts(pairs.map(([, b]) => b));
  const countDiffs = [];
  for (const k of [...new Set([...ca.keys(), ...cb.keys()])].sort()) {
    const x = ca.get(k) ?? 0;
    const y = cb.get(k) ?? 0;
    if (x !== y) countDiffs.push(`${k} ${x} vs ${y}`);
  }
  if (countDiffs.length) out.push(`annotations (${A} vs ${B}): ${few(countDiffs, 6)}`);
  // boxes, per item and label, to 1e-3
  const boxDiffs = [];
  const pixelDiffs = [];
  const imageDiffs = [];
  for (const [a, b] of pairs) {
    const boxes = (it) => {
      const m = new Map();
      for (const x of it.anns)
        if (x.type === 'bbox') {
          const k = x.label ?? '';
          if (!m.has(k)) m.set(k, []);
          m.get(k).push(x.bbox);
        }
      for (const v of m.values()) v.sort((p, q) => p[0] - q[0] || p[1] - q[1] || p[2] - q[2] || p[3] - q[3]);
      return m;
    };
    const ba = boxes(a);
    const bb = boxes(b);
    for (const [label, list] of ba) {
      const other = bb.get(label);
      if (!other || other.length !== list.length) continue; // counted above
      for (let i = 0; i < list.length; i++) {
        const p = list[i];
        const q = other[i];
        if (p.some((v, j) => !(Math.abs(v - q[j]) <= 1e-3)))
          boxDiffs.push(`${a.id} ${label} ${fmtBox(p)} vs ${fmtBox(q)}`);
      }
    }
    const pixels = (it) => {
      const m = new Map();
      for (const x of it.anns) if (x.type === 'mask') m.set(x.label, (m.get(x.label) ?? 0) + x.pixels);
      return m;
    };
    const pa = pixels(a);
    const pb = pixels(b);
    for (const label of new Set([...pa.keys(), ...pb.keys()])) {
      const x = pa.get(label) ?? 0;
      const y = pb.get(label) ?? 0;
      if (x !== y) pixelDiffs.push(`${a.id} ${label ?? '(no label)'} ${x} vs ${y}`);
    }
    if (a.image.has !== b.image.has)
      imageDiffs.push(`${a.id}: image ${a.image.has ? `found by ${A} only` : `found by ${B} only`}`);
    else if (
      a.image.width !== undefined &&
      b.image.width !== undefined &&
      (a.image.width !== b.image.width || a.image.height !== b.image.height)
    )
      imageDiffs.push(
        `${a.id}: image ${a.image.width}x${a.image.height} vs ${b.image.width}x${b.image.height}`,
      );
  }
  if (boxDiffs.length) out.push(`boxes (${A} vs ${B}): ${few(boxDiffs, 2)}`);
  if (pixelDiffs.length) out.push(`mask pixels per label (${A} vs ${B}): ${few(pixelDiffs, 3)}`);
  if (imageDiffs.length) out.push(few(imageDiffs, 2));
  return out;
}

// ---- the run ----------------------------------------------------------------------------------

const warnLine = (ws) => (ws?.length ? ws.slice(0, 3).join(' | ') : '');

const countsLine = (summary) => {
  const m = new Map();
  for (const it of summary.items) for (const a of it.anns) m.set(a.type, (m.get(a.type) ?? 0) + 1);
  return `${summary.items.length} items${[...m].map(([k, v]) => `, ${v} ${k}`).join('')}`;
};

const VARIANT_WORDS = {
  'one-subset': 'with one subset',
  simple: 'with one subset, a label and one box per item',
};

/** (a) labelport writes `variant` of the sample as `f.name`, Datumaro imports it with `f.importer`. */
async function directionA(lib, dm, f, dir, variant) {
  if (!f.writes) return { status: 'n/a', text: 'labelport does not write it' };
  if (!f.importer) return { status: 'n/a', text: 'Datumaro cannot read it (no importer)' };
  const w = await lib.writeWith(f.name, dir, variant);
  if (!w.ok) return { status: 'labelport-error', text: `labelport cannot write it: ${w.error}` };
  const ref = await lib.readWith(f.name, dir);
  const got = await dm.request({ op: 'import', path: dir, format: f.importer });
  if (!got.ok)
    return {
      status: 'datumaro-error',
      text: `Datumaro cannot read it: ${got.error}`,
      warnings: got.warnings,
    };
  if (!ref.ok)
    return { status: 'labelport-error', text: `labelport cannot read its own output: ${ref.error}` };
  const diffs = compare(ref.summary, got.summary, ['labelport', 'Datumaro']);
  return {
    status: diffs.length ? 'differs' : 'agree',
    text: diffs.length ? diffs.join('; ') : `agree (${countsLine(ref.summary)})`,
    diffs,
    writeReport: { dropped: w.dropped, converted: w.converted },
    warnings: got.warnings,
    labelport: ref.summary,
    datumaro: got.summary,
  };
}

/**
 * (b) Datumaro converts labelport's Datumaro export of `variant` (`src`) to `f.exporter`; labelport
 * reads the result as `f.name` and is compared with what Datumaro's own importer reads from it.
 */
async function directionB(lib, dm, f, src, dir) {
  if (!f.reads) return { status: 'n/a', text: 'labelport does not read it' };
  if (!f.exporter) return { status: 'n/a', text: 'Datumaro cannot write it (no exporter)' };
  rmSync(dir, { recursive: true, force: true });
  const conv =
    f.exporter === 'datumaro'
      ? // `datum convert` refuses the same format in and out: the API calls it makes, by hand
        await dm.request({
          op: 'export',
          path: src,
          format: 'datumaro',
          out: dir,
          to: 'datumaro',
          save_media: true,
        })
      : await dm.request({
          op: 'cli',
          args: ['convert', '-if', 'datumaro', '-i', src, '-f', f.exporter, '-o', dir, '--', '--save-media'],
        });
  if (!conv.ok)
    return {
      status: 'datumaro-error',
      text: `Datumaro cannot write it: ${conv.error}`,
      warnings: conv.warnings,
    };
  const got = await lib.readWith(f.name, dir);
  const ref = f.importer
    ? await dm.request({ op: 'import', path: dir, format: f.importer })
    : { ok: false, error: 'no importer' };
  if (!ref.ok) {
    const lp = got.ok
      ? `labelport reads ${countsLine(got.summary)}`
      : `labelport cannot read it either: ${got.error}`;
    return {
      status: 'datumaro-error',
      text: `Datumaro cannot read its own ${f.exporter} output: ${ref.error}; ${lp}`,
      warnings: conv.warnings,
      labelport: got.summary,
    };
  }
  if (!got.ok) {
    const dm = `Datumaro reads ${countsLine(ref.summary)}`;
    return {
      status: 'labelport-error',
      text: `labelport cannot read it: ${got.error} (${dm})`,
      warnings: conv.warnings,
      datumaro: ref.summary,
    };
  }
  const diffs = compare(ref.summary, got.summary, ['Datumaro', 'labelport']);
  return {
    status: diffs.length ? 'differs' : 'agree',
    text: diffs.length ? diffs.join('; ') : `agree (${countsLine(ref.summary)})`,
    diffs,
    warnings: conv.warnings,
    datumaro: ref.summary,
    labelport: got.summary,
  };
}

/**
 * Runs `attempt(variant)` on the full sample and, while Datumaro fails, on the simpler variants: the
 * first failure is the answer, with the first variant Datumaro takes (or its last error) after it.
 */
async function withRetries(attempt) {
  const first = await attempt('full');
  if (first.status !== 'datumaro-error') return first;
  let last;
  for (const variant of ['one-subset', 'simple']) {
    last = await attempt(variant);
    last.variant = variant;
    if (last.status !== 'datumaro-error') break;
  }
  const retry = last.status === 'datumaro-error' && last.text === first.text ? 'the same' : last.text;
  return { ...first, retry: last, text: `${first.text} — ${VARIANT_WORDS[last.variant]}: ${retry}` };
}

const cell = (r) => r.text.replaceAll('|', '\\|');

function markdownTable(results) {
  const lines = [
    '| format (labelport / Datumaro) | labelport writes, Datumaro reads | Datumaro writes, labelport reads |',
    '| --- | --- | --- |',
  ];
  for (const r of results) {
    const names = [...new Set([r.importer, r.exporter].filter(Boolean))].filter((n) => n !== r.name);
    const alias = r.name !== r.id ? ` (alias of \`${r.id}\`)` : '';
    lines.push(
      `| \`${r.name}\`${alias}${names.length ? ` / ${names.map((n) => `\`${n}\``).join(', ')}` : ''} | ${cell(r.a)} | ${cell(r.b)} |`,
    );
  }
  return lines.join('\n');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  mkdirSync(opts.work, { recursive: true });
  let bundled;
  try {
    bundled = await bundle(join(opts.work, 'bundle'), sourcesRoot(opts.work, opts.snapshot));
  } catch (e) {
    if (opts.snapshot) throw e;
    throw new Error(
      `the working tree's sources do not bundle (a change half-done?); --snapshot uses the last commit's\n${e.message}`,
    );
  }
  const lib = await import(bundled);
  const plugins = datumaroPlugins();
  let pairs = pairFormats(lib.formatList(), plugins);
  if (opts.formats) pairs = pairs.filter((p) => opts.formats.includes(p.id));
  const commit = existsSync(join(DATUMARO_SRC, 'COMMIT'))
    ? readFileSync(join(DATUMARO_SRC, 'COMMIT'), 'utf8').trim()
    : 'unknown';
  console.error(`Datumaro ${commit.slice(0, 12)}; ${pairs.length} formats in common`);

  const dm = new Datumaro(opts.timeout);
  // labelport's Datumaro export of each variant of the sample: the input of the (b) conversions
  const sources = {};
  let sourceCheck;
  for (const variant of ['full', 'one-subset', 'simple']) {
    const dir = join(opts.work, `source-datumaro-${variant}`);
    const ws = await lib.writeWith('datumaro', dir, variant);
    if (!ws.ok) throw new Error(`labelport cannot write the sample as datumaro: ${ws.error}`);
    sources[variant] = dir;
    if (variant === 'full') {
      const given = await dm.request({ op: 'import', path: dir, format: 'datumaro' });
      if (!given.ok) throw new Error(`Datumaro cannot read the sample: ${given.error}`);
      sourceCheck = compare((await lib.readWith('datumaro', dir)).summary, given.summary);
    }
  }

  const results = [];
  try {
    for (const f of pairs) {
      const t0 = Date.now();
      const base = join(opts.work, 'formats', f.name);
      const a = await withRetries((v) => directionA(lib, dm, f, join(base, `labelport-${v}`), v));
      const b = await withRetries((v) => directionB(lib, dm, f, sources[v], join(base, `datumaro-${v}`)));
      results.push({ id: f.id, name: f.name, importer: f.importer, exporter: f.exporter, a, b });
      console.error(
        `${f.name.padEnd(26)} ${a.status.padEnd(15)} ${b.status.padEnd(15)} ${Date.now() - t0} ms`,
      );
    }
  } finally {
    dm.stop();
  }

  // paths in messages: relative to the work folder
  const shorten = (t) => t.replaceAll(`${opts.work}/`, '').replaceAll(opts.work, '.');
  for (const r of results) for (const x of [r.a, r.b]) x.text = shorten(x.text);
  const table = markdownTable(results);
  console.log(`\nDatumaro ${commit}\n`);
  console.log(
    `The sample as Datumaro reads labelport's Datumaro export: ${sourceCheck.length ? sourceCheck.join('; ') : 'agree'}\n`,
  );
  console.log(table);
  console.log("\nDatumaro's warnings:");
  for (const r of results)
    for (const [dir, x] of [
      ['a', r.a],
      ['b', r.b],
    ])
      if (x.warnings?.length) console.log(`- ${r.name} (${dir}): ${shorten(warnLine(x.warnings))}`);
  const summary = {
    datumaroCommit: commit,
    date: new Date().toISOString(),
    seconds: Math.round((Date.now() - started) / 1000),
    sourceCheck,
    results,
  };
  if (opts.json) writeFileSync(opts.json, `${JSON.stringify(summary, null, 2)}\n`);
  if (opts.markdown) writeFileSync(opts.markdown, `${table}\n`);
  writeFileSync(join(opts.work, 'results.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.error(
    `\n${results.length} formats in ${summary.seconds} s; details in ${join(opts.work, 'results.json')}`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(2);
  });
}
