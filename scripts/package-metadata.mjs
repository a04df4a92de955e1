#!/usr/bin/env node
// Gives every publishable package (packages/*) what npm users expect, in one place: a LICENSE file,
// repository/homepage/bugs/keywords, and export conditions that work for import and for require()
// (Node >= 20.19 loads ESM through require; `default` lets it resolve). The published exports drop the
// workspace-only `source` condition (publishConfig.exports: pnpm applies it when packing).
//   node scripts/package-metadata.mjs          check, exit 1 listing what is missing
//   node scripts/package-metadata.mjs --write  fix every package
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const REPO_URL = 'https://github.com/labelport/labelport';
const BASE_KEYWORDS = ['labelport', 'computer-vision', 'dataset', 'annotations'];

function withDefault(exports) {
  const out = {};
  for (const [key, cond] of Object.entries(exports)) {
    if (typeof cond !== 'object') {
      out[key] = cond;
      continue;
    }
    const { source, types, import: imp, default: dflt, ...rest } = cond;
    out[key] = { ...(source ? { source } : {}), ...(types ? { types } : {}), ...(imp ? { import: imp } : {}), ...rest, default: dflt ?? imp };
  }
  return out;
}

function published(exports) {
  const out = {};
  for (const [key, cond] of Object.entries(exports)) {
    if (typeof cond !== 'object') out[key] = cond;
    else {
      const { source: _s, ...rest } = cond;
      out[key] = rest;
    }
  }
  return out;
}

export function expectedManifest(dir, pkg) {
  const next = { ...pkg };
  next.license = 'MIT';
  next.repository = { type: 'git', url: `git+${REPO_URL}.git`, directory: `packages/${dir}` };
  next.homepage = `${REPO_URL}/tree/main/packages/${dir}#readme`;
  next.bugs = { url: `${REPO_URL}/issues` };
  const own = (pkg.keywords ?? []).filter((k) => !BASE_KEYWORDS.includes(k));
  const fromName = pkg.name.replace(/^@labelport\/(format-)?/, '');
  next.keywords = [...BASE_KEYWORDS, ...new Set([...(own.length ? own : [fromName])])];
  if (pkg.exports) {
    next.exports = withDefault(pkg.exports);
    next.publishConfig = { ...(pkg.publishConfig ?? {}), exports: published(next.exports) };
  }
  return next;
}

export function publishablePackages() {
  return readdirSync(join(repo, 'packages')).filter((d) => {
    const file = join(repo, 'packages', d, 'package.json');
    return existsSync(file) && !JSON.parse(readFileSync(file, 'utf8')).private;
  });
}

export function checkPackages({ write = false } = {}) {
  const problems = [];
  for (const dir of publishablePackages()) {
    const file = join(repo, 'packages', dir, 'package.json');
    const text = readFileSync(file, 'utf8');
    const pkg = JSON.parse(text);
    const want = `${JSON.stringify(expectedManifest(dir, pkg), null, 2)}\n`;
    const license = join(repo, 'packages', dir, 'LICENSE');
    if (write) {
      if (want !== text) writeFileSync(file, want);
      copyFileSync(join(repo, 'LICENSE'), license);
      continue;
    }
    if (want !== text) problems.push(`packages/${dir}/package.json: metadata or export conditions differ`);
    if (!existsSync(license)) problems.push(`packages/${dir}: no LICENSE`);
    if (!existsSync(join(repo, 'packages', dir, 'README.md'))) problems.push(`packages/${dir}: no README.md`);
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = checkPackages({ write: process.argv.includes('--write') });
  for (const p of problems) console.error(p);
  process.exitCode = problems.length ? 1 : 0;
}
