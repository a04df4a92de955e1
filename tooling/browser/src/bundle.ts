import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build, type Message } from 'esbuild';
import { HERE, OUT, type PackageInfo } from './paths.js';

/** A package bundled on its own for the browser: what went wrong, or its size. */
export interface PackageBundle {
  pkg: PackageInfo;
  /** esbuild errors (an unresolved `node:` import...) and free uses of Node globals. */
  problems: string[];
  /** Minified bytes, and gzipped. */
  bytes: number;
  gzip: number;
}

const BROWSER: BuildOptions = {
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  // the packages' "source" export condition: their TypeScript, no build needed
  conditions: ['source'],
  logLevel: 'silent',
};

const formatMessage = (m: Message) =>
  `${m.location ? `${m.location.file}:${m.location.line}: ` : ''}${m.text.replace(/\s+/g, ' ')}`;

const MARK = '__labelport_node_global_';
/** esbuild replaces references to the global (not strings, properties or locals) by a marker. */
export const MARK_GLOBALS = { Buffer: `${MARK}Buffer`, process: `${MARK}process` };

/**
 * Uses of Node's globals that a page does not have, found through MARK_GLOBALS: a `Buffer` or
 * `process` outside `typeof` and not close after a `typeof` test of the same name (feature tests
 * such as `typeof Buffer < "u" && Buffer.isBuffer(x)` or `globalThis.Buffer` are fine).
 */
export function nodeGlobals(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(new RegExp(`(typeof\\s*)?${MARK}(Buffer|process)`, 'g'))) {
    if (m[1]) continue;
    const at = m.index ?? 0;
    const before = code.slice(Math.max(0, at - 120), at);
    if (before.includes(`typeof ${MARK}${m[2]}`)) continue;
    const context = code
      .slice(Math.max(0, at - 80), at + 80)
      .replaceAll(MARK, '')
      .slice(15, -15);
    found.add(`${m[2]} used without a test: ${JSON.stringify(context)}`);
  }
  return [...found];
}

/**
 * Bundles a package alone for the browser, minified, with no polyfills: errors, Node globals and
 * (when `measure`) its size.
 */
export async function bundlePackage(pkg: PackageInfo, measure = true): Promise<PackageBundle> {
  try {
    const options = { ...BROWSER, entryPoints: [pkg.entry], minify: true, write: false as const };
    const marked = await build({ ...options, define: MARK_GLOBALS });
    const problems = nodeGlobals(marked.outputFiles[0]?.text ?? '');
    if (!measure) return { pkg, problems, bytes: 0, gzip: 0 };
    const code = (await build(options)).outputFiles[0]?.contents ?? new Uint8Array();
    return { pkg, problems, bytes: code.length, gzip: gzipSync(code, { level: 9 }).length };
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors;
    return { pkg, problems: errors ? errors.map(formatMessage) : [String(e)], bytes: 0, gzip: 0 };
  }
}

/**
 * The page: the suite's script and every package as its own module, sharing chunks (one core), in
 * OUT/page/. The page imports each package on its own, so one that fails to load fails alone.
 */
export async function buildPage(pkgs: PackageInfo[]): Promise<string> {
  const dir = `${OUT}page/`;
  const entryPoints: Record<string, string> = { page: `${HERE}src/page.ts` };
  for (const p of pkgs) entryPoints[`pkg/${p.dir}`] = p.entry;
  await build({ ...BROWSER, entryPoints, splitting: true, outdir: dir, chunkNames: 'chunks/[name]-[hash]' });
  writeFileSync(
    `${dir}index.html`,
    '<!doctype html><meta charset="utf-8"><script type="module" src="page.js"></script>',
  );
  return dir;
}
