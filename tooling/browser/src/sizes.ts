import { readdirSync, readFileSync } from 'node:fs';
import type { PackageBundle } from './bundle.js';
import { ROOT } from './paths.js';

/** The checked-in baseline: package name -> gzipped bytes of core + that package, minified. */
export type SizeBaseline = Record<string, { gzip: number; minified: number }>;

/** Growth allowed over the baseline without a changeset that says why. */
export const ALLOWED_GROWTH = 0.2;

/**
 * The changesets (.changeset/*.md) that mention `name` and the word "size": the reason a package
 * may grow past ALLOWED_GROWTH.
 */
export function sizeChangesets(name: string, dir = `${ROOT}.changeset/`): string[] {
  return changesetsNaming(name, dir).filter((f) => /\bsizes?\b/i.test(readFileSync(dir + f, 'utf8')));
}

/** The changesets that name the package (a new package's first changeset names it). */
export function changesetsNaming(name: string, dir = `${ROOT}.changeset/`): string[] {
  const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  // `labelport` must not match inside `@labelport/core`
  const mentions = new RegExp(`(?<![\\w@/-])${escaped}(?![\\w/-])`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .filter((f) => {
      const text = readFileSync(dir + f, 'utf8');
      return mentions.test(text);
    });
}

const kb = (n: number) => (n / 1024).toFixed(1);

/** The table the size test prints. */
export function sizeTable(bundles: PackageBundle[], baseline: SizeBaseline): string {
  const rows = bundles.map((b) => {
    const base = baseline[b.pkg.name]?.gzip;
    const change = base ? `${(((b.gzip - base) / base) * 100).toFixed(1)}%` : 'new';
    return [b.pkg.name, kb(b.bytes), kb(b.gzip), base ? kb(base) : '-', change];
  });
  const head = ['package (with core)', 'minified KB', 'gzip KB', 'baseline gzip KB', 'change'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}
