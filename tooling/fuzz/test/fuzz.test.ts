/**
 * The CI pass: a short, seeded fuzz run over every readable format, with the hostile share (`--hostile`:
 * one case in six hands a writer a hostile dataset), about 2,400 mutated files and 480 hostile
 * datasets (20 to 30 s of work on two cores). Any crash, hang or out-of-memory death fails it, with
 * the signatures and the reproducers.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const main = fileURLToPath(new URL('../src/main.mjs', import.meta.url));
const CASES = 2880;
const HOSTILE = 'writers: hostile datasets';

interface Summary {
  cases: number;
  stats: Record<
    string,
    { cases: number; ok: number; error: number; crash: number; hang: number; oom: number }
  >;
  findings: { signature: string; count: number; dir: string; message: string }[];
}

it('a seeded fuzz pass over every format, hostile writer datasets included, finds no crash, hang or OOM', {
  timeout: 600_000,
}, async () => {
  const findings = mkdtempSync(join(tmpdir(), 'labelport-fuzz-'));
  const args = [
    main,
    '--cases',
    String(CASES),
    '--hostile',
    '--seed',
    '20261206',
    '--json',
    '--no-minimise',
    '--findings',
    findings,
  ];
  const out = await new Promise<string>((resolve, reject) => {
    // exit 1 means findings, reported below; 2 is the harness failing
    execFile(
      'node',
      args,
      { maxBuffer: 64 * 2 ** 20, env: { ...process.env, LABELPORT_FIXTURES: '' } },
      (err, stdout, stderr) => {
        if (err && err.code !== 1) reject(new Error(`fuzz harness failed: ${stderr}`));
        else resolve(stdout);
      },
    );
  });
  const summary = JSON.parse(out) as Summary;
  expect(summary.cases).toBe(CASES);
  // every readable format was fuzzed, and mutations reach both outcomes
  expect(Object.keys(summary.stats).length).toBeGreaterThan(40);
  const all = Object.values(summary.stats);
  expect(all.reduce((n, s) => n + s.ok, 0)).toBeGreaterThan(0);
  expect(all.reduce((n, s) => n + s.error, 0)).toBeGreaterThan(0);
  // and every writer met hostile datasets (about one case in six)
  expect(summary.stats[HOSTILE]?.cases).toBeGreaterThan(CASES / 10);
  expect(summary.findings.map((f) => `${f.signature} x${f.count}: ${f.message} (${f.dir})`)).toEqual([]);
});
