// Bundle sizes: core + each format package (and the meta-package), minified and gzipped, printed as a
// table and compared with sizes.json. A package may grow by at most 20% unless a changeset mentions
// it and the word "size". LABELPORT_UPDATE_SIZES=1 rewrites sizes.json with today's figures.
import { readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundlePackage, type PackageBundle } from '../src/bundle.js';
import { formatPackages, HERE, PACKAGES, type PackageInfo } from '../src/paths.js';
import {
  ALLOWED_GROWTH,
  changesetsNaming,
  type SizeBaseline,
  sizeChangesets,
  sizeTable,
} from '../src/sizes.js';

const BASELINE = `${HERE}sizes.json`;
const core: PackageInfo = { dir: 'core', name: '@labelport/core', entry: `${PACKAGES}core/src/index.ts` };
const pkgs = [core, ...formatPackages()];

describe('bundle sizes', () => {
  const bundles = new Map<string, PackageBundle>();
  const baseline = JSON.parse(readFileSync(BASELINE, 'utf8')) as SizeBaseline;

  beforeAll(async () => {
    for (const b of await Promise.all(pkgs.map((p) => bundlePackage(p)))) bundles.set(b.pkg.name, b);
    console.log(`\n${sizeTable([...bundles.values()], baseline)}\n`);
    if (process.env.LABELPORT_UPDATE_SIZES) {
      const next: SizeBaseline = { ...baseline };
      for (const b of bundles.values())
        if (b.gzip > 0) next[b.pkg.name] = { gzip: b.gzip, minified: b.bytes };
      writeFileSync(BASELINE, `${JSON.stringify(next, null, 2)}\n`);
    }
  }, 120_000);

  for (const { name } of pkgs) {
    it(`${name} stays within ${ALLOWED_GROWTH * 100}% of its baseline`, () => {
      const b = bundles.get(name)!;
      expect(b.gzip, `${name} does not bundle: ${b.problems.join('; ')}`).toBeGreaterThan(0);
      const base = baseline[name];
      if (!base) {
        // a new package (from pnpm new:format) has no baseline yet: its first changeset names it, and
        // the table above shows its size; LABELPORT_UPDATE_SIZES=1 records it
        expect(
          changesetsNaming(name),
          `${name} has no baseline in sizes.json and no changeset names it (LABELPORT_UPDATE_SIZES=1 writes a baseline)`,
        ).not.toEqual([]);
        return;
      }
      const limit = Math.round(base!.gzip * (1 + ALLOWED_GROWTH));
      if (b.gzip <= limit) return;
      const why = sizeChangesets(name);
      expect(
        why,
        `${name} grew from ${base!.gzip} to ${b.gzip} gzipped bytes (over ${limit}) and no changeset mentions it and its size`,
      ).not.toEqual([]);
    });
  }
});
