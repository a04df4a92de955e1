import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/index.js';

const packages = join(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sources(p);
    return /\.ts$/.test(name) ? [p] : [];
  });
}

it('error codes are a closed list of general codes, and every code the packages use is on it', () => {
  expect(ERROR_CODES.length).toBeLessThanOrEqual(24);
  const used = new Map<string, string>();
  for (const pkg of readdirSync(packages)) {
    const src = join(packages, pkg, 'src');
    try {
      statSync(src);
    } catch {
      continue;
    }
    for (const file of sources(src)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/new DatasetError\(\s*'([a-z-]+)'/g))
        used.set(m[1]!, file);
    }
  }
  expect(used.size).toBeGreaterThan(10);
  const unknown = [...used].filter(([code]) => !(ERROR_CODES as readonly string[]).includes(code));
  expect(unknown).toEqual([]);
});
