/**
 * The interior's rules (DESIGN.md, "A format package"), checked over the sources so that they stay
 * true: core owns the item loop (no format handles progress, abort or leniency itself), a format is
 * metadata + reader + writer in small files and functions, and every helper has one home in core.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const packagesDir = join(root, 'packages');

function sourcesOf(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

const packages = readdirSync(packagesDir).filter((p) =>
  statSync(join(packagesDir, p, 'src'), { throwIfNoEntry: false })?.isDirectory(),
);
const formatPackages = packages.filter((p) => p.startsWith('format-'));
const allSources = packages.flatMap((p) => sourcesOf(join(packagesDir, p, 'src')));
const formatSources = formatPackages.flatMap((p) => sourcesOf(join(packagesDir, p, 'src')));
const rel = (p: string) => relative(root, p);
const text = new Map(allSources.map((p) => [p, readFileSync(p, 'utf8')]));

/** Files whose text matches `re`, with the first matching line. */
function offenders(files: string[], re: RegExp): string[] {
  const out: string[] = [];
  for (const f of files) {
    const lines = text.get(f)!.split('\n');
    const i = lines.findIndex((l) => re.test(l));
    if (i >= 0) out.push(`${rel(f)}:${i + 1}: ${lines[i]!.trim()}`);
  }
  return out;
}

/** Functions (declarations, methods, arrows, expressions) longer than `max` lines. */
function longFunctions(file: string, max: number): string[] {
  const src = ts.createSourceFile(file, text.get(file)!, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = src.getLineAndCharacterOfPosition(node.getStart(src)).line;
      const end = src.getLineAndCharacterOfPosition(node.end).line;
      if (end - start + 1 > max) {
        const name = (node as { name?: ts.Node }).name?.getText(src) ?? '(anonymous)';
        out.push(`${rel(file)}:${start + 1}: ${name} is ${end - start + 1} lines`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
  return out;
}

describe('the interior', () => {
  it('core owns the item loop: no format source handles onProgress, signal or lenient', () => {
    expect(offenders(formatSources, /\b(onProgress|signal|lenient)\b/)).toEqual([]);
  });

  it('no format wraps any error into a DatasetError to skip it (only DatasetErrors are skipped)', () => {
    expect(offenders(formatSources, /\bwrapError\(/)).toEqual([]);
  });

  it('no source file is over 400 lines', () => {
    const long = allSources
      .map((f) => [rel(f), text.get(f)!.split('\n').length] as const)
      .filter(([, n]) => n > 401)
      .map(([f, n]) => `${f} (${n})`);
    expect(long).toEqual([]);
  });

  it('no function in a format package is over 80 lines', () => {
    expect(formatSources.flatMap((f) => longFunctions(f, 80))).toEqual([]);
  });

  it("JSON field readers are core's (@labelport/core/json), not copies", () => {
    const copies =
      /^\s*(export\s+)?function\s+(isObject|intField|numberField|listField|stringField|describeValue|asObject|asInt|num|int)\b/;
    expect(offenders(formatSources, copies)).toEqual([]);
    // nor anywhere else: isObject and describeValue have one home, core's json/fields.ts
    const others = allSources.filter((f) => !f.endsWith(join('core', 'src', 'json', 'fields.ts')));
    expect(offenders(others, /^\s*(export\s+)?(function|const)\s+(isObject|describeValue|intField|listField)\b/)).toEqual([]);
  });

  it("the Buffer fast paths are core's env module, nowhere else", () => {
    const others = allSources.filter((f) => !f.endsWith(join('core', 'src', 'env.ts')));
    expect(offenders(others, /globalThis[^;]*\bBuffer\b|\bglobalThis\.Buffer\b/)).toEqual([]);
  });

  it("one crc32 (CRC-32C, a different checksum, is TFRecord's own)", () => {
    expect(offenders(allSources, /function\s+crc32\s*\(/).map((s) => s.split(':')[0])).toEqual([
      'packages/core/src/files/zip-crc.ts',
    ]);
  });

  it('pngjs is only a test dependency of core', () => {
    const pkg = JSON.parse(readFileSync(join(packagesDir, 'core', 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies ?? {})).not.toContain('pngjs');
  });

  it("CVAT reads XML with core's tokenizer, not a grammar of its own", () => {
    const cvat = sourcesOf(join(packagesDir, 'format-cvat', 'src'));
    expect(offenders(cvat, /from 'saxes'|xml-fast/)).toEqual([]);
  });
});
