// Rewrites the formats table of README.md from the registry (run after `pnpm build`):
// node scripts/format-table.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { formats } from '../packages/formats/dist/index.js';

const require = createRequire(import.meta.url);
// Which tools' exports a test reads, per format (kept out of the Format contract on purpose).
const checked = JSON.parse(readFileSync(new URL('./checked-exports.json', import.meta.url), 'utf8')).formats;
const toolsOf = (id) => (checked[id] ?? []).map((e) => e.tool).join(', ') || '–';
// Which tools were checked to read what labelport writes, per format.
const readers = JSON.parse(readFileSync(new URL('./checked-readers.json', import.meta.url), 'utf8')).formats;
const readersOf = (id) => (readers[id] ?? []).map((e) => e.tool).join(', ') || '–';
const packageOf = new Map();
const meta = require('../packages/formats/package.json');
for (const name of Object.keys(meta.dependencies).filter((n) => n.startsWith('@labelport/format-'))) {
  const mod = await import(`../packages/${name.replace('@labelport/', '')}/dist/index.js`);
  for (const f of mod.formats) packageOf.set(f.id, name);
}
const rows = formats
  .slice()
  .sort((a, b) => (packageOf.get(a.id) ?? '').localeCompare(packageOf.get(b.id) ?? '') || a.id.localeCompare(b.id))
  .map((f) => {
    const anns = f.capabilities.annotations.length ? f.capabilities.annotations.join(', ') : 'none';
    const alias = f.aliases?.length ? ` (also ${f.aliases.map((a) => `\`${a}\``).join(', ')})` : '';
    return `| \`${f.id}\`${alias} | ${f.title} | ${f.read ? 'yes' : 'no'} | ${f.write ? 'yes' : 'no'} | ${anns} | \`${packageOf.get(f.id)}\` | ${readersOf(f.id)} | ${toolsOf(f.id)} |`;
  });
const table = [
  '| id | format | reads | writes | annotations written | package | output read back by | exports checked |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...rows,
].join('\n');
const readme = readFileSync('README.md', 'utf8');
const out = readme.replace(/<!-- formats-table -->[\s\S]*<!-- \/formats-table -->/, `<!-- formats-table -->\n${table}\n<!-- /formats-table -->`);
writeFileSync('README.md', out);
console.log(`${rows.length} formats in the README table`);
