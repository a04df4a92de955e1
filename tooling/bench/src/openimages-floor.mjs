// The floor for a CSV conversion: stream the file through csv-parse and count the records, nothing
// else (what parsing alone costs). Usage: node openimages-floor.mjs <file.csv>
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { parse } = await import(require.resolve('csv-parse'));
let n = 0;
for await (const _ of createReadStream(process.argv[2]).pipe(parse({ relax_column_count: true }))) n++;
console.error(`${n} records`);
