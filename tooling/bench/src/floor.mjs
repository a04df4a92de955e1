// The floor every conversion is compared with: read a file, JSON.parse it, JSON.stringify it, write it.
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
writeFileSync(output, JSON.stringify(JSON.parse(readFileSync(input, 'utf8'))));
