#!/usr/bin/env node
// Writes the meta-package's list of imports (packages/formats/src/index.ts) from its dependencies:
// every `@labelport/format-*` it depends on is imported and its formats registered. Add a format package
// to packages/formats/package.json (pnpm new:format does) and run this; a test checks it is current.
//   node scripts/meta-package.mjs [--root <workspace>] [--write]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const camel = (name) => name.replace(/^@labelport\/format-/, '').replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());

export function metaIndex(root = fileURLToPath(new URL('..', import.meta.url))) {
  const pkg = JSON.parse(readFileSync(join(root, 'packages/formats/package.json'), 'utf8'));
  const names = Object.keys(pkg.dependencies ?? {})
    .filter((n) => n.startsWith('@labelport/format-'))
    .sort();
  return [
    '// labelport: every format package, in one registry. Generated from package.json by',
    '// scripts/meta-package.mjs: a list of imports and nothing else.',
    "import { type AnyFormat, createRegistry } from '@labelport/core';",
    ...names.map((n) => `import { formats as ${camel(n)} } from '${n}';`),
    '',
    'export const formats: AnyFormat[] = [',
    ...names.map((n) => `  ...${camel(n)},`),
    '];',
    'export const registry = createRegistry(formats);',
    '',
  ].join('\n');
}

export const metaIndexFile = (root = fileURLToPath(new URL('..', import.meta.url))) =>
  join(root, 'packages/formats/src/index.ts');

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--root');
  const root = i > 0 ? process.argv[i + 1] : undefined;
  const text = metaIndex(root);
  if (process.argv.includes('--write')) writeFileSync(metaIndexFile(root), text);
  else process.stdout.write(text);
}
