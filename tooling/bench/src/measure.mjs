// Runs a Node script in a child process and reports its wall time, CPU time and peak RSS (from the
// child's own process.resourceUsage at exit), so labelport and the floor are measured the same way.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const wrapper = fileURLToPath(new URL('./rusage-wrapper.mjs', import.meta.url));

/** @returns {Promise<{ seconds: number, cpuSeconds: number, peakMiB: number, code: number, stderr: string }>} */
export function measure(script, args = [], { env } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--max-old-space-size=16384', wrapper, script, ...args], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let stderr = '';
    let rusage = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdio[3].on('data', (d) => (rusage += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const [maxRssKiB, cpuMicros] = (rusage.trim() || 'NaN NaN').split(' ').map(Number);
      resolve({ seconds, cpuSeconds: cpuMicros / 1e6, peakMiB: maxRssKiB / 1024, code: code ?? -1, stderr });
    });
  });
}
