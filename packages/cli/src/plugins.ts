/**
 * Formats from other packages. A plugin is a package (or a file) whose default export or `formats`
 * export is an array of formats. Named by `--plugin` (repeatable), by LABELPORT_PLUGINS (comma-separated)
 * and by `"labelport": { "plugins": [...] }` in the nearest package.json (names there are resolved from
 * that file's folder). A plugin that cannot be loaded is one line naming it.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type AnyFormat, DatasetError } from '@labelport/core';

export interface PluginRef {
  spec: string;
  /** Where a package name is looked up from. */
  from: string;
}

/** `--plugin x` / `--plugin=x` taken out of argv (they may stand anywhere on the line). */
export function takePluginFlags(argv: string[]): { argv: string[]; plugins: string[] } {
  const rest: string[] = [];
  const plugins: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--plugin' && i + 1 < argv.length) plugins.push(argv[++i]!);
    else if (a.startsWith('--plugin=')) plugins.push(a.slice('--plugin='.length));
    else rest.push(a);
  }
  return { argv: rest, plugins };
}

function nearestPackageJson(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) return file;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Every plugin this run names, from the flags, the environment and the nearest package.json. */
export function pluginRefs(flags: string[], env = process.env, cwd = process.cwd()): PluginRef[] {
  const refs: PluginRef[] = flags.map((spec) => ({ spec, from: cwd }));
  for (const spec of (env.LABELPORT_PLUGINS ?? '').split(',').map((s) => s.trim())) {
    if (spec) refs.push({ spec, from: cwd });
  }
  const pkgFile = nearestPackageJson(cwd);
  if (pkgFile) {
    let key: unknown;
    try {
      key = (JSON.parse(readFileSync(pkgFile, 'utf8')) as { labelport?: unknown }).labelport;
    } catch {
      key = undefined;
    }
    const list = Array.isArray(key) ? key : (key as { plugins?: unknown } | undefined)?.plugins;
    if (Array.isArray(list))
      for (const spec of list) refs.push({ spec: String(spec), from: dirname(pkgFile) });
  }
  const seen = new Set<string>();
  return refs.filter((r) => !seen.has(r.spec) && seen.add(r.spec));
}

function packageEntry(dir: string): string {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    exports?: unknown;
    module?: string;
    main?: string;
  };
  let exp = pkg.exports;
  if (exp && typeof exp === 'object' && '.' in exp) exp = (exp as Record<string, unknown>)['.'];
  if (exp && typeof exp === 'object') {
    const e = exp as Record<string, unknown>;
    exp = e.import ?? e.default ?? e.node;
    if (exp && typeof exp === 'object') exp = (exp as Record<string, unknown>).default;
  }
  const entry = typeof exp === 'string' ? exp : (pkg.module ?? pkg.main ?? 'index.js');
  return join(dir, entry);
}

/** The file to import for a plugin: a path (file or package folder) or a package name. */
export function resolvePlugin(ref: PluginRef): string {
  const { spec, from } = ref;
  if (spec.startsWith('.') || isAbsolute(spec)) {
    const p = resolve(from, spec);
    if (!existsSync(p)) throw new Error('no such file or folder');
    return statSync(p).isDirectory() ? packageEntry(p) : p;
  }
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', spec);
    if (existsSync(join(candidate, 'package.json'))) return packageEntry(candidate);
    if (dirname(dir) === dir) break;
  }
  throw new Error(`package not found from ${from} (install it there, or give a path)`);
}

function isFormat(f: unknown): f is AnyFormat {
  const x = f as AnyFormat;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof x.id === 'string' &&
    typeof x.title === 'string' &&
    typeof x.capabilities === 'object' &&
    (typeof x.read === 'function' || typeof x.write === 'function')
  );
}

/** Imports each plugin and returns its formats; a broken one is DatasetError naming it. */
export async function loadPlugins(refs: PluginRef[]): Promise<AnyFormat[]> {
  const out: AnyFormat[] = [];
  for (const ref of refs) {
    const fail = (why: string) => new DatasetError('bad-option', `plugin '${ref.spec}': ${why}`);
    let mod: { default?: unknown; formats?: unknown };
    try {
      mod = await import(pathToFileURL(resolvePlugin(ref)).href);
    } catch (e) {
      throw fail(`cannot be loaded: ${(e as Error).message.split('\n')[0]}`);
    }
    const list = Array.isArray(mod.formats) ? mod.formats : mod.default;
    if (!Array.isArray(list)) throw fail('exports no array of formats (a default or a `formats` export)');
    const bad = list.findIndex((f) => !isFormat(f));
    if (bad >= 0)
      throw fail(`formats[${bad}] is not a format (an id, a title, capabilities and read or write)`);
    out.push(...(list as AnyFormat[]));
  }
  return out;
}
