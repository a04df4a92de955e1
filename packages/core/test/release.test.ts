import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const repo = join(import.meta.dirname, '../../..');
const version = (dir: string, pkg: string) =>
  JSON.parse(readFileSync(join(dir, pkg, 'package.json'), 'utf8')).version as string;

// A dry run of `changeset version` on a copy of the workspace's manifests: a minor release of core must
// leave every format package's version alone (their peer range ^1 still holds), never take it a major.
it('a minor changeset of @labelport/core does not major (or bump at all) the format packages', () => {
  const dir = mkdtempSync(join(tmpdir(), 'labelport-release-'));
  for (const f of ['package.json', 'pnpm-workspace.yaml']) cpSync(join(repo, f), join(dir, f));
  mkdirSync(join(dir, '.changeset'));
  cpSync(join(repo, '.changeset/config.json'), join(dir, '.changeset/config.json'));
  writeFileSync(
    join(dir, '.changeset/core-minor.md'),
    '---\n"@labelport/core": minor\n---\n\nA new helper.\n',
  );
  const pkgs = ['packages', 'tooling'].flatMap((top) =>
    readdirSync(join(repo, top)).map((name) => `${top}/${name}`),
  );
  for (const p of pkgs) {
    mkdirSync(join(dir, p), { recursive: true });
    try {
      cpSync(join(repo, p, 'package.json'), join(dir, p, 'package.json'));
    } catch {
      // a folder without a manifest is not a package
    }
  }
  const before = Object.fromEntries(
    pkgs.filter((p) => p.startsWith('packages/format')).map((p) => [p, version(repo, p)]),
  );
  const bin = join(repo, 'node_modules/@changesets/cli/bin.js');
  execFileSync(process.execPath, [bin, 'version'], { cwd: dir, stdio: 'pipe' });
  const coreBefore = version(repo, 'packages/core');
  const [maj, min] = coreBefore.split('.').map(Number);
  expect(version(dir, 'packages/core')).toBe(`${maj}.${min + 1}.0`);
  expect(maj).toBeGreaterThanOrEqual(1);
  const after = Object.fromEntries(Object.keys(before).map((p) => [p, version(dir, p)]));
  expect(Object.keys(after).length).toBeGreaterThan(20);
  expect(after).toEqual(before);
});
