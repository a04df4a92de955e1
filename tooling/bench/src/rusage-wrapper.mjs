// argv: <script> [args...]. Runs the script as if it were the main module, then writes the peak RSS
// (KiB) and the CPU time used (user + system, microseconds) to fd 3 when the process exits.
import { writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [script, ...rest] = process.argv.slice(2);
process.argv = [process.argv[0], script, ...rest];
process.on('exit', () => {
  try {
    const r = process.resourceUsage();
    writeSync(3, `${r.maxRSS} ${r.userCPUTime + r.systemCPUTime}`);
  } catch {}
});
await import(pathToFileURL(script).href);
