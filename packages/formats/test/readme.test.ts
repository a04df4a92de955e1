import { readFileSync } from 'node:fs';
import { registry } from 'labelport';
import { expect, it } from 'vitest';

it('every registered format is in the README table (node scripts/format-table.mjs rewrites it)', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const table = /<!-- formats-table -->([\s\S]*)<!-- \/formats-table -->/.exec(readme)?.[1] ?? '';
  const listed = [...table.matchAll(/^\| `([a-z0-9_]+)`/gm)].map((m) => m[1]);
  expect(listed.sort()).toEqual(
    registry
      .list()
      .map((f) => f.id)
      .sort(),
  );
});
