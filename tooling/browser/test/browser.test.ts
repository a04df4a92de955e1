// Every format package (and the meta-package) bundled for the browser with no polyfills, imported
// in headless Chromium, reading its own describeFormat fixtures from in-memory zips, writing to every
// other format and reading back: the counts must equal the same run in Node. One test per package.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AnyFormat } from '@labelport/core';
import { buildZip } from '@labelport/core/files';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPage, bundlePackage, type PackageBundle } from '../src/bundle.js';
import { findChromium, launchChromium } from '../src/chromium.js';
import { collectFixtures, type FixtureFiles } from '../src/fixtures.js';
import { detectAndRead, runFixture } from '../src/harness.js';
import type { PageJob, Suite } from '../src/page.js';
import { formatPackages, OUT } from '../src/paths.js';
import { serveFolder } from '../src/server.js';

/** Writes a package's fixtures as zips beside the page: the jobs the page fetches them by. */
function writeZips(pageDir: string, dir: string, list: FixtureFiles[]): PageJob[] {
  mkdirSync(`${pageDir}zips/${dir}`, { recursive: true });
  return list.map((fx, i) => {
    writeFileSync(`${pageDir}zips/${dir}/${i}.zip`, buildZip(fx.files));
    const { format, name, detect, readOptions } = fx;
    return { format, name, detect, readOptions, url: `zips/${dir}/${i}.zip` };
  });
}

const chromiumPath = findChromium();
if (!chromiumPath)
  console.warn(
    'browser suite skipped: no Chromium at /usr/bin/chromium (set CHROMIUM_PATH, or run scripts/ensure-chromium.mjs as root)',
  );

const pkgs = formatPackages();
const META = 'formats';
const formatDirs = pkgs.filter((p) => p.dir !== META).map((p) => p.dir);

describe.skipIf(!chromiumPath)('every package in Chromium', () => {
  const bundles = new Map<string, PackageBundle>();
  let fixtures = new Map<string, FixtureFiles[] | string>();
  const jobs = new Map<string, PageJob[]>();
  const nodeFormats = new Map<string, AnyFormat[]>();
  let browser: Browser | undefined;
  let page: Page;
  let server: { url: string; close(): Promise<void> } | undefined;

  beforeAll(async () => {
    const started = Date.now();
    rmSync(OUT, { recursive: true, force: true });
    // each package alone: the ones that do not bundle for the browser stay out of the page
    for (const b of await Promise.all(pkgs.map((p) => bundlePackage(p, false)))) bundles.set(b.pkg.dir, b);
    const pageDir = await buildPage(pkgs.filter((p) => bundles.get(p.dir)?.problems.length === 0));
    const bundled = Date.now();
    fixtures = await collectFixtures(pkgs);
    for (const [dir, list] of fixtures)
      if (typeof list !== 'string') jobs.set(dir, writeZips(pageDir, dir, list));
    for (const p of pkgs)
      nodeFormats.set(p.dir, ((await import(p.entry)) as { formats: AnyFormat[] }).formats);
    const collected = Date.now();
    server = await serveFolder(pageDir);
    browser = await launchChromium(chromiumPath!);
    page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page
      .waitForFunction(() => 'labelportSuite' in globalThis, undefined, { timeout: 20_000 })
      .catch(() => {
        throw new Error(`the suite's page did not start: ${errors.join('; ')}`);
      });
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const count = [...jobs.values()].reduce((n, j) => n + j.length, 0);
    console.log(
      `browser suite: bundles and page ${s(bundled - started)}, ${count} fixtures ${s(collected - bundled)}, Chromium ${s(Date.now() - collected)}`,
    );
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(OUT, { recursive: true, force: true });
  });

  /** Fails with what esbuild or the Node-globals scan found, then imports the package in the page. */
  async function importInPage(dir: string): Promise<string[]> {
    const bundle = bundles.get(dir)!;
    expect(bundle.problems, `${bundle.pkg.name} does not bundle for the browser`).toEqual([]);
    const imported = await page.evaluate(
      (d) => (globalThis as unknown as { labelportSuite: Suite }).labelportSuite.importPackage(d),
      dir,
    );
    expect(imported.error, `${bundle.pkg.name} fails to import in a page`).toBeUndefined();
    expect(imported.formats).toEqual(nodeFormats.get(dir)!.map((f) => f.id));
    return imported.formats;
  }

  for (const dir of formatDirs) {
    const name = pkgs.find((p) => p.dir === dir)!.name;
    it(`${name}: imports, reads its fixtures, writes every other format, as in Node`, async () => {
      await importInPage(dir);
      const collected = fixtures.get(dir);
      if (typeof collected === 'string') expect.fail(`${name}: ${collected}`);
      const list = jobs.get(dir) ?? [];
      expect(list.length, `${name} has no describeFormat fixtures`).toBeGreaterThan(0);
      const inPage = await page.evaluate(
        ([d, j, t]) => (globalThis as unknown as { labelportSuite: Suite }).labelportSuite.run(d, j, t),
        [dir, list, formatDirs] as const,
      );
      // packages that do not load in the page fail their own test; here they are only left out
      const all = formatDirs
        .filter((d) => !inPage.unavailable.includes(d))
        .flatMap((d) => nodeFormats.get(d)!);
      expect(inPage.targets).toEqual(all.map((f) => f.id));
      const own = nodeFormats.get(dir)!;
      const inNode = [];
      for (const [i, fx] of (collected ?? []).entries()) {
        const job = { ...list[i]!, zip: buildZip(fx.files) };
        inNode.push(await runFixture(own.find((f) => f.id === fx.format)!, all, job));
      }
      expect(inPage.outcomes).toEqual(inNode);
      // equal, but a crash (not a DatasetError) is a bug of the target format: say so
      for (const o of inNode)
        for (const [target, r] of Object.entries(o.writes))
          if (r.startsWith('crash'))
            console.warn(`${target} crashed writing or reading back ${o.fixture}: ${r}`);
    });
  }

  it("labelport (the meta-package): imports, and detects and reads every package's first fixture as in Node", async () => {
    await importInPage(META);
    const firsts = formatDirs.flatMap((d) =>
      (jobs.get(d) ?? []).slice(0, 1).map((j) => ({ dir: d, job: j })),
    );
    const inPage = await page.evaluate(
      ([d, j]) => (globalThis as unknown as { labelportSuite: Suite }).labelportSuite.detect(d, j),
      [META, firsts.map((f) => f.job)] as const,
    );
    const inNode = [];
    for (const { dir, job } of firsts) {
      const fx = (fixtures.get(dir) as FixtureFiles[])[jobs.get(dir)!.indexOf(job)]!;
      inNode.push(await detectAndRead(nodeFormats.get(META)!, { ...job, zip: buildZip(fx.files) }));
    }
    expect(inPage).toEqual(inNode);
  });
});
