// argv: <script> [args...]. Runs the script as the main module and, at exit, writes its CPU time
// ("cpu <user+system seconds>") as the last line of stderr, so a bench on a busy machine can report
// CPU time beside wall time. Used by the BDD100K and Open Images benches.
import { pathToFileURL } from 'node:url';

const [script, ...rest] = process.argv.slice(2);
process.argv = [process.argv[0], script, ...rest];
process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  process.stderr.write(`\ncpu ${((user + system) / 1e6).toFixed(2)}\n`);
});
await import(pathToFileURL(script).href);
