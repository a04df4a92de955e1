/**
 * Reproducers on disk: findings/<signature slug>/ holds case.json (format, target, what was done,
 * the signature and message) and the case itself, as tree/<files> or case.zip.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const slug = (s) =>
  s
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 90);

export function saveFinding(root, c, outcome) {
  const dir = join(root, slug(outcome.signature));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const { files, zip, ...rest } = c;
  writeFileSync(join(dir, 'case.json'), `${JSON.stringify({ ...rest, outcome }, null, 2)}\n`);
  if (zip) writeFileSync(join(dir, 'case.zip'), zip);
  for (const [path, bytes] of files ?? []) {
    const p = join(dir, 'tree', path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, bytes);
  }
  return dir;
}

export function loadFinding(dir) {
  const meta = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8'));
  const c = {
    format: meta.format,
    what: meta.what,
    detect: meta.detect,
    target: meta.target,
    model: meta.model,
  };
  if (c.model !== undefined) return c;
  try {
    c.zip = new Uint8Array(readFileSync(join(dir, 'case.zip')));
    return c;
  } catch {}
  c.files = new Map();
  const walk = (abs) => {
    for (const e of readdirSync(abs)) {
      const a = join(abs, e);
      if (statSync(a).isDirectory()) walk(a);
      else c.files.set(relative(join(dir, 'tree'), a).split('\\').join('/'), new Uint8Array(readFileSync(a)));
    }
  };
  walk(join(dir, 'tree'));
  return c;
}
