/**
 * Bad input through the real command line: seeded fuzz cases of every readable format, written to
 * disk (a folder, or a zip for the hostile-zip cases) and given to the built `labelport convert` in a
 * child process. Whatever the case, the CLI exits 0 (and writes its output) or exits 1 with exactly one
 * line on stderr, no stack trace, and no output folder left behind.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { type FuzzCase, makeCase } from '../src/mutate.js';
import { Rng } from '../src/rng.js';
import { writerSeeds } from '../src/seeds.js';

const bin = fileURLToPath(new URL('../../../packages/cli/dist/bin.js', import.meta.url));
const TARGETS = ['datumaro', 'coco_instances', 'voc', 'yolo', 'cvat'];

function writeCase(c: FuzzCase, dir: string): string {
  if (c.zip) {
    const file = join(dir, 'case.zip');
    writeFileSync(file, c.zip);
    return file;
  }
  const root = join(dir, 'case');
  mkdirSync(root, { recursive: true });
  for (const [path, bytes] of c.files ?? []) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), bytes);
  }
  return root;
}

function run(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', [bin, ...args], { timeout: 60_000, maxBuffer: 16 << 20 }, (err, _out, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stderr });
    });
  });
}

it('bad input to the CLI: exit 1 with one line on stderr, nothing written', {
  timeout: 600_000,
}, async () => {
  expect(existsSync(bin), `${bin} is built by \`pnpm build\``).toBe(true);
  const { seeds } = await writerSeeds(undefined);
  const rng = new Rng(20261206);
  const base = mkdtempSync(join(tmpdir(), 'labelport-fuzz-cli-'));
  const cases = seeds.map((seed, i) => ({ c: makeCase(seed, rng), target: TARGETS[i % TARGETS.length]! }));
  const problems: string[] = [];
  let failed = 0;
  const check = async ({ c, target }: (typeof cases)[number], i: number) => {
    const dir = join(base, String(i));
    mkdirSync(dir);
    const input = writeCase(c, dir);
    const out = join(dir, 'out');
    const r = await run(['convert', input, '-i', c.format, '-f', target, '-o', out]);
    const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
    const where = `${c.format} -> ${target} (${c.what})`;
    if (r.code === 1) {
      failed++;
      const errors = lines.filter((l) => !l.startsWith('warning:'));
      if (errors.length !== 1) problems.push(`${where}: ${errors.length} lines on stderr: ${r.stderr}`);
      if (/\n\s+at /.test(r.stderr)) problems.push(`${where}: a stack trace: ${r.stderr}`);
      if (existsSync(out)) problems.push(`${where}: output left behind after the error`);
    } else if (r.code === 0) {
      if (!existsSync(out)) problems.push(`${where}: exit 0 without output`);
    } else problems.push(`${where}: exit ${r.code}: ${r.stderr}`);
  };
  // two at a time: each case is a Node process of its own
  for (let i = 0; i < cases.length; i += 2) {
    await Promise.all(cases.slice(i, i + 2).map((k, j) => check(k, i + j)));
  }
  expect(problems).toEqual([]);
  // the mutations reach the error path often enough for this to mean something
  expect(failed).toBeGreaterThan(cases.length / 4);
});
