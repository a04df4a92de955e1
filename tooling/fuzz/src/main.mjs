#!/usr/bin/env node
/**
 * pnpm fuzz [--formats a,b] [--minutes N | --cases N] [--seed N] [--workers N] [--json]
 *           [--hostile] [--no-minimise] [--replay findings/<dir>]
 *
 * Mutates seeds of every readable format and runs each case in a worker process (read, iterate,
 * load masks, write to the same and another format). Prints a table per format: ok, DatasetError,
 * crash, hang, OOM; saves one minimised reproducer per signature under findings/ (git-ignored).
 * Exits 1 when anything crashed, hung or ran out of memory.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from './bundle.mjs';
import { loadFinding, saveFinding } from './findings.mjs';
import { minimise } from './minimise.mjs';
import { WorkerPool } from './pool.mjs';
import { printTable } from './table.mjs';

const here = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const o = { seed: 1, workers: 2, minutes: undefined, cases: undefined, json: false, minimise: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--formats') o.formats = next().split(',');
    else if (a === '--minutes') o.minutes = Number(next());
    else if (a === '--cases') o.cases = Number(next());
    else if (a === '--seed') o.seed = Number(next());
    else if (a === '--workers') o.workers = Number(next());
    else if (a === '--json') o.json = true;
    else if (a === '--no-minimise') o.minimise = false;
    else if (a === '--hostile') o.hostile = true;
    else if (a === '--replay') o.replay = next();
    else if (a === '--findings') o.findings = next();
    else if (a !== '--') throw new Error(`unknown option ${a}`);
  }
  if (o.minutes === undefined && o.cases === undefined) o.minutes = 1;
  return o;
}

/** The outcome of one case as a row of the summary: ok, error, crash, hang or oom, and a signature. */
function outcomeOf(answer, c) {
  if (answer.type === 'died') {
    const sig = `${answer.kind} in ${c.format} while ${answer.stage ?? 'starting'}`;
    return { kind: answer.kind, signature: sig, message: answer.stderr?.slice(-600) ?? '' };
  }
  const o = answer.outcome;
  if (o.kind === 'ok') return { kind: 'ok' };
  if (o.kind === 'dataset-error') return { kind: 'error', code: o.code, message: o.message };
  return { kind: 'crash', signature: `${o.signature} (${o.stage})`, message: o.message, stack: o.stack };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  // A folder per run: workers respawned late must load the bundle their run started with.
  const cache = join(here, '../.cache', String(process.pid));
  const { worker, lib } = await bundle(cache);
  const { makeCase, Rng, writable } = await import(lib);
  const pool = new WorkerPool(worker, { size: opts.workers });
  await pool.start();
  const run = async (c) => outcomeOf(await pool.request({ type: 'case', case: c }), c);
  try {
    if (opts.replay) {
      const c = loadFinding(opts.replay);
      const o = await run(c);
      console.log(JSON.stringify(o, null, 2));
      return o.kind === 'ok' || o.kind === 'error' ? 0 : 1;
    }
    const seedAnswer = await pool.request(
      { type: 'seeds', formats: opts.formats, corpus: process.env.LABELPORT_FIXTURES || undefined },
      { watch: false },
    );
    const seeds = seedAnswer.seeds;
    if (!opts.json) {
      console.error(
        `${seeds.length} seeds (${seeds.filter((s) => s.origin !== 'writer').length} from the corpus)`,
      );
      for (const f of seedAnswer.failed) console.error(`  no seed: ${f}`);
    }
    if (seeds.length === 0) throw new Error('no seeds');
    // Every seed must read and write back unchanged: a seed that fails tests nothing past its error.
    for (const seed of seeds) {
      const o = await run({ format: seed.format, what: 'seed', files: seed.files });
      if (o.kind !== 'ok' && !opts.json)
        console.error(`  seed ${seed.format} (${seed.origin}) fails: ${o.kind} ${o.signature ?? o.message}`);
    }
    const rng = new Rng(opts.seed);
    const stats = new Map();
    const found = new Map();
    const deadline =
      opts.minutes !== undefined ? Date.now() + opts.minutes * 60_000 : Number.POSITIVE_INFINITY;
    let issued = 0;
    const started = Date.now();
    const next = () => {
      if (Date.now() >= deadline || (opts.cases !== undefined && issued >= opts.cases)) return undefined;
      issued++;
      // With --hostile, one case in six gives a writer a hostile dataset instead of a mutated file.
      if (opts.hostile && rng.chance(1 / 6))
        return { format: rng.pick(writable), what: 'hostile dataset', model: rng.int(2 ** 31) };
      const seed = seeds[issued % seeds.length];
      const c = makeCase(seed, rng);
      c.detect = rng.chance(0.15);
      c.target = rng.pick(writable);
      return c;
    };
    const loop = async () => {
      for (let c = next(); c; c = next()) {
        const o = await run(c);
        const row = c.model !== undefined ? 'writers: hostile datasets' : c.format;
        const s = stats.get(row) ?? { cases: 0, ok: 0, error: 0, crash: 0, hang: 0, oom: 0 };
        s.cases++;
        s[o.kind]++;
        stats.set(row, s);
        if (o.signature && !found.has(o.signature)) {
          found.set(o.signature, { case: c, outcome: o, count: 0 });
          if (!opts.json)
            console.error(`NEW ${o.signature}: ${o.message.split('\n')[0]}  [${c.what.slice(0, 160)}]`);
        }
        if (o.signature) found.get(o.signature).count++;
      }
    };
    await Promise.all(Array.from({ length: opts.workers }, loop));
    const seconds = (Date.now() - started) / 1000;
    const findingsDir = opts.findings ?? join(here, '../findings');
    if (found.size > 0) mkdirSync(findingsDir, { recursive: true });
    for (const [sig, f] of found) {
      const small = opts.minimise ? await minimise(f.case, sig, run) : f.case;
      f.dir = saveFinding(findingsDir, small, { ...f.outcome, signature: sig, count: f.count });
    }
    const summary = {
      seed: opts.seed,
      seconds,
      cases: issued,
      stats: Object.fromEntries(stats),
      findings: [...found].map(([s, f]) => ({
        signature: s,
        count: f.count,
        dir: f.dir,
        message: f.outcome.message.split('\n')[0],
      })),
    };
    if (opts.json) console.log(JSON.stringify(summary));
    else printTable(summary);
    return found.size > 0 ? 1 : 0;
  } finally {
    await pool.stop();
    rmSync(cache, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
