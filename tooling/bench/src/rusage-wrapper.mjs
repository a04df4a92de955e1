// argv: <script> [args...]. Runs the script as if it were the main module, then writes the peak RSS
// (KiB) to fd 3 when the process exits.
import { writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [script, ...rest] = process.argv.slice(2);
process.argv = [process.argv[0], script, ...rest];
process.on('exit', () => {
  try {
    writeSync(3, String(process.resourceUsage().maxRSS));
  } catch {}
});
await import(pathToFileURL(script).href);
