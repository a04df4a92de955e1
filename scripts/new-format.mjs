#!/usr/bin/env node
// pnpm new:format <name>: a new format package packages/format-<name> from the template in
// scripts/templates/format (package.json, tsconfig, tsup config, src, a conformance test, README,
// LICENSE, a changeset), wired into the meta-package (its dependency and its generated list of imports).
//   node scripts/new-format.mjs <name> [--root <workspace>]
// Then: pnpm install && npx vitest run packages/format-<name> && node scripts/format-table.mjs (after a build).
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { metaIndex, metaIndexFile } from './meta-package.mjs';
import { expectedManifest } from './package-metadata.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));

export function newFormat(name, root = join(here, '..')) {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) {
    throw new Error(`'${name}' is not a package name part: use lower-case words joined by '-' (e.g. my-format)`);
  }
  const dir = join(root, 'packages', `format-${name}`);
  if (existsSync(dir)) throw new Error(`packages/format-${name} exists already`);
  const vars = {
    NAME: name,
    ID: name.replace(/-/g, '_'),
    CAMEL: name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase()),
    TITLE: name.replace(/(^|-)([a-z])/g, (_, s, c) => (s ? ' ' : '') + c.toUpperCase()),
    TITLENOSPACE: name.replace(/(^|-)([a-z0-9])/g, (_, _s, c) => c.toUpperCase()),
  };
  const fill = (text) => text.replace(/__([A-Z_]+?)__/g, (m, k) => vars[k.replace(/_/g, '')] ?? m);
  const template = join(here, 'templates/format');
  const written = [];
  const walk = (from, to) => {
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      const src = join(from, entry.name);
      const dst = join(to, fill(entry.name.replace(/\.tmpl$/, '')));
      if (entry.isDirectory()) walk(src, dst);
      else {
        mkdirSync(dirname(dst), { recursive: true });
        writeFileSync(dst, fill(readFileSync(src, 'utf8')));
        written.push(dst);
      }
    }
  };
  walk(template, dir);
  const pkgFile = join(dir, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  writeFileSync(pkgFile, `${JSON.stringify(expectedManifest(`format-${name}`, pkg), null, 2)}\n`);
  copyFileSync(join(root, 'LICENSE'), join(dir, 'LICENSE'));
  mkdirSync(join(root, '.changeset'), { recursive: true });
  writeFileSync(
    join(root, '.changeset', `format-${name}-initial.md`),
    `---\n"@labelport/format-${name}": minor\n"labelport": minor\n---\n\nA new format package: ${vars.TITLE} (\`${vars.ID}\`).\n`,
  );
  const metaPkgFile = join(root, 'packages/formats/package.json');
  const meta = JSON.parse(readFileSync(metaPkgFile, 'utf8'));
  meta.dependencies = Object.fromEntries(
    Object.entries({ ...meta.dependencies, [`@labelport/format-${name}`]: 'workspace:^' }).sort(([a], [b]) =>
      a.localeCompare(b),
    ),
  );
  writeFileSync(metaPkgFile, `${JSON.stringify(meta, null, 2)}\n`);
  writeFileSync(metaIndexFile(root), metaIndex(root));
  return { dir, written };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const name = process.argv[2];
  const i = process.argv.indexOf('--root');
  try {
    if (!name || name.startsWith('-')) throw new Error('usage: pnpm new:format <name>');
    const { dir } = newFormat(name, i > 0 ? process.argv[i + 1] : undefined);
    console.log(`created ${dir}, added to the meta-package. Next:`);
    console.log(`  pnpm install && npx vitest run packages/format-${name}`);
    console.log('  pnpm build && node scripts/format-table.mjs   # the README formats table');
  } catch (e) {
    console.error(`new:format: ${e.message}`);
    process.exitCode = 2;
  }
}
