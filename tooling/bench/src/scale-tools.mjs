// Tools of the scale benchmark: the CLI bundled from the TypeScript sources (so the run measures the
// code of the working tree, whatever dist folders hold), the `datum` command when Datumaro is
// installed, and a measure of any command (wall time and peak RSS through GNU time).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

/** Bundles packages/cli/src/bin.ts (source condition) into one file in `dataDir`; returns its path. */
export function bundleCli(dataDir) {
  const out = `${dataDir}labelport-cli.mjs`;
  const esbuild = fileURLToPath(new URL('../node_modules/.bin/esbuild', import.meta.url));
  execFileSync(
    esbuild,
    [
      `${repo}packages/cli/src/bin.ts`,
      '--bundle',
      '--platform=node',
      '--format=esm',
      '--conditions=source',
      `--outfile=${out}`,
      '--log-level=warning',
      "--banner:js=import { createRequire as __req } from 'node:module'; const require = __req(import.meta.url);",
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  return out;
}

/** The `datum` command and its version, or undefined when Datumaro is not installed. */
export function datumCommand() {
  for (const cmd of [process.env.DATUM ?? 'datum']) {
    try {
      const version = execFileSync(cmd, ['--version'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return { cmd, version: version.trim() };
    } catch {}
  }
  return undefined;
}

/**
 * Runs a command and reports its wall time and peak RSS (GNU time's %M, KiB), as measure() does for
 * Node scripts. Without /usr/bin/time the peak is NaN.
 */
export function measureCommand(cmd, args) {
  const timeFile = `/tmp/bench-time-${process.pid}-${Date.now()}`;
  const haveTime = existsSync('/usr/bin/time');
  const [exe, argv] = haveTime ? ['/usr/bin/time', ['-f', '%M', '-o', timeFile, cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(exe, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      let peakMiB = Number.NaN;
      if (haveTime && existsSync(timeFile)) {
        const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop();
        peakMiB = Number(last) / 1024;
        rmSync(timeFile, { force: true });
      }
      resolve({ seconds, peakMiB, code: code ?? -1, stderr });
    });
  });
}

/** The last line of a failed run's stderr that says what went wrong. */
export function failure(r) {
  const lines = r.stderr.trim().split('\n');
  return lines.find((l) => /error/i.test(l)) ?? lines.pop() ?? `exit ${r.code}`;
}
