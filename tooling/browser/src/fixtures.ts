import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { build, type Message } from 'esbuild';
import { HERE, OUT, PACKAGES, type PackageInfo } from './paths.js';
import type { CapturedSuite } from './shims/testing.js';

/** One describeFormat fixture of a package, as plain files (to be zipped for the page). */
export interface FixtureFiles {
  /** The id of the format the fixture was written for. */
  format: string;
  name: string;
  files: Record<string, Uint8Array>;
  /** Whether the format's detector is run to find the dataset root (as describeFormat does). */
  detect: boolean;
  readOptions?: object;
}

/** The package's test files that call describeFormat. */
function suiteFiles(pkg: PackageInfo): string[] {
  const dir = `${PACKAGES}${pkg.dir}/test/`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((f) => f.endsWith('.test.ts') && readFileSync(dir + f, 'utf8').includes('describeFormat('))
    .sort()
    .map((f) => dir + f);
}

/**
 * The fixtures every package hands to describeFormat, taken from its own test files: they are
 * bundled for Node (one build, one module per package) with vitest and the conformance kit replaced
 * by recorders (src/shims), then evaluated one package at a time. Keyed by package folder; a
 * package whose tests cannot be evaluated has the reason instead.
 */
export async function collectFixtures(pkgs: PackageInfo[]): Promise<Map<string, FixtureFiles[] | string>> {
  const dir = `${OUT}fixtures/`;
  const entryPoints: Record<string, string> = {};
  for (const p of pkgs) {
    const files = suiteFiles(p);
    if (files.length === 0) continue;
    const entry = `${dir}src/${p.dir}.ts`;
    mkdirSync(`${dir}src`, { recursive: true });
    writeFileSync(entry, files.map((f) => `import ${JSON.stringify(f)};`).join('\n'));
    entryPoints[p.dir] = entry;
  }
  const out = new Map<string, FixtureFiles[] | string>();
  try {
    await bundleSuites(entryPoints, dir);
  } catch {
    // one package's tests do not bundle: bundle each alone, so that only that one fails
    for (const [name, entry] of Object.entries(entryPoints)) {
      await bundleSuites({ [name]: entry }, dir).catch((e: { errors?: Message[] }) => {
        const why = (e.errors ?? []).map((m) => `${m.location?.file}:${m.location?.line}: ${m.text}`);
        out.set(name, `its test files do not bundle: ${why.join('; ') || String(e)}`);
      });
    }
  }
  for (const name of Object.keys(entryPoints)) {
    if (out.has(name)) continue;
    try {
      out.set(name, await evaluate(`${dir}out/${name}.js`));
    } catch (e) {
      out.set(name, `its test files cannot be evaluated for their fixtures: ${String(e)}`);
    }
  }
  return out;
}

function bundleSuites(entryPoints: Record<string, string>, dir: string) {
  return build({
    entryPoints,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    outdir: `${dir}out`,
    conditions: ['source'],
    logLevel: 'silent',
    // the packages say sideEffects: false, which would drop the test files' top-level calls
    ignoreAnnotations: true,
    alias: { vitest: `${HERE}src/shims/vitest.ts`, '@labelport/core/testing': `${HERE}src/shims/testing.ts` },
    // npm packages that are CommonJS need `require` in an ES module bundle
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
}

async function evaluate(module: string): Promise<FixtureFiles[]> {
  const store = globalThis as { __labelportSuites?: CapturedSuite[] };
  store.__labelportSuites = [];
  await import(pathToFileURL(module).href);
  const suites = store.__labelportSuites;
  store.__labelportSuites = [];
  const out: FixtureFiles[] = [];
  for (const { format, options } of suites) {
    for (const fx of options.fixtures ?? []) {
      const tree = typeof fx.tree === 'function' ? await fx.tree() : fx.tree;
      const content: Record<string, Uint8Array> = {};
      for (const e of await tree.list()) content[e.path] = await tree.read(e.path);
      out.push({
        format: format.id,
        name: fx.name,
        files: content,
        detect: fx.detect !== false && format.detect !== undefined,
        readOptions: fx.readOptions,
      });
    }
  }
  return out;
}
