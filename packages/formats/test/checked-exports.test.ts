/**
 * The "exports checked" column of the README's formats table: it comes from scripts/checked-exports.json
 * (node scripts/format-table.mjs writes it), names registered formats only, and every tool it names
 * has a test file that exists and speaks of that tool (the fixture in its shape).
 */
import { existsSync, readFileSync } from 'node:fs';
import { registry } from 'labelport';
import { describe, expect, it } from 'vitest';

interface Entry {
  tool: string;
  mentions?: string;
  tests: string[];
}
const root = new URL('../../../', import.meta.url);
const checked: Record<string, Entry[]> = JSON.parse(
  readFileSync(new URL('scripts/checked-exports.json', root), 'utf8'),
).formats;
const toolsOf = (id: string) => (checked[id] ?? []).map((e) => e.tool).join(', ') || '–';
/** The tools checked to read what labelport writes (scripts/checked-readers.json). */
const readers: Record<string, { tool: string; mentions?: string; evidence: string[] }[]> = JSON.parse(
  readFileSync(new URL('scripts/checked-readers.json', root), 'utf8'),
).formats;
const readersOf = (id: string) => (readers[id] ?? []).map((e) => e.tool).join(', ') || '–';

describe('exports checked, per format', () => {
  it('names registered formats only', () => {
    const ids = new Set(registry.list().map((f) => f.id));
    expect(Object.keys(checked).filter((id) => !ids.has(id))).toEqual([]);
  });

  it('backs every tool with test files that exist and speak of it', () => {
    const missing: string[] = [];
    for (const [id, entries] of Object.entries(checked)) {
      for (const e of entries) {
        expect(e.tests.length, `${id}: ${e.tool}`).toBeGreaterThan(0);
        for (const t of e.tests) {
          const url = new URL(t, root);
          const phrase = (e.mentions ?? e.tool).toLowerCase();
          if (!existsSync(url)) missing.push(`${id}: ${e.tool}: ${t} does not exist`);
          else if (!readFileSync(url, 'utf8').toLowerCase().includes(phrase))
            missing.push(`${id}: ${e.tool}: ${t} does not mention '${phrase}'`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('the README table says the same', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const table = /<!-- formats-table -->([\s\S]*)<!-- \/formats-table -->/.exec(readme)?.[1] ?? '';
    const rows = [...table.matchAll(/^\| `([a-z0-9_]+)`.*\| ([^|]*) \| ([^|]*) \|$/gm)].map((m) => [
      m[1],
      m[2],
      m[3],
    ]);
    expect(rows.length).toBe(registry.list().length);
    expect(rows).toEqual(rows.map(([id]) => [id, readersOf(id!), toolsOf(id!)]));
  });

  it('names the readers of what labelport writes only with evidence that speaks of the format', () => {
    const ids = new Set(registry.list().map((f) => f.id));
    const bad: string[] = [];
    for (const [id, entries] of Object.entries(readers)) {
      if (!ids.has(id)) bad.push(`${id} is not a registered format`);
      for (const e of entries)
        for (const file of e.evidence) {
          const url = new URL(file, root);
          const phrase = (e.mentions ?? id).toLowerCase();
          if (!existsSync(url)) bad.push(`${id}: ${e.tool}: ${file} does not exist`);
          else if (!readFileSync(url, 'utf8').toLowerCase().includes(phrase))
            bad.push(`${id}: ${e.tool}: ${file} does not mention '${phrase}'`);
        }
    }
    expect(bad).toEqual([]);
  });
});
