// Packages as npm users get them: every publishable package packed (pnpm pack, after `pnpm build`),
// checked by publint and by attw (--profile esm-only), installed with `npm i -g` from the tarballs into a
// fresh prefix, and the installed `labelport` run; the example plugin installed from its tarball into a
// temporary project and used by that installed CLI.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { packAll } from '../../../scripts/pack-all.mjs';

const run = promisify(execFile);
const repo = join(import.meta.dirname, '../../..');
const built = existsSync(join(repo, 'packages/cli/dist/bin.js'));
const work = mkdtempSync(join(tmpdir(), 'labelport-install-'));
let packed: { dir: string; tarball: string }[] = [];

describe.skipIf(!built)('packed packages (skipped: run pnpm build first)', () => {
  beforeAll(async () => {
    packed = await packAll(join(work, 'packed'));
  }, 300_000);

  // publint (--strict: warnings are errors) and attw with the esm-only profile (the rules of
  // `attw --profile esm-only`: problems of the node10 and node16-from-CJS resolutions are ignored),
  // run in-process on the tarballs: the same checks as their commands, without a process per package.
  it('publint and attw --profile esm-only find no error in any package', async () => {
    const { publint } = await import('publint');
    const { formatMessage } = await import('publint/utils');
    const attw = await import('@arethetypeswrong/core');
    const ignoreResolutions = ['node10', 'node16-cjs'];
    const failures: string[] = [];
    for (const { tarball } of packed) {
      const bytes = readFileSync(tarball);
      const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      const { messages, pkg } = await publint({ pack: { tarball: buffer }, strict: true, level: 'warning' });
      for (const m of messages) failures.push(`publint ${tarball}: ${formatMessage(m, pkg)}`);
      const analysis = await attw.checkPackage(attw.createPackageFromTarballData(new Uint8Array(bytes)));
      if (!analysis.types) continue; // a package without types (none here) has nothing for attw to check
      for (const problem of analysis.problems) {
        if ('resolutionKind' in problem && ignoreResolutions.includes(problem.resolutionKind)) continue;
        failures.push(`attw ${tarball}: ${JSON.stringify(problem)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(packed.length).toBeGreaterThan(25);
  }, 300_000);

  it('npm i -g of the packed CLI and its packed dependencies gives a working labelport, which uses a plugin installed from its tarball', async () => {
    const prefix = join(work, 'global');
    const plugin = packed.find((p) => p.dir.endsWith('plugin-format'))!.tarball;
    const own = packed.map((p) => p.tarball).filter((t) => t !== plugin);
    await run('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', ...own], {
      maxBuffer: 1 << 24,
    });
    const labelport = join(prefix, 'bin/labelport');
    // ESM only, and still loadable with require() on Node >= 20.19 (the `default` export condition)
    const required = await run(process.execPath, [
      '-e',
      `const r = require('node:module').createRequire(${JSON.stringify(join(prefix, 'lib/node_modules/x.js'))}); const m = r('@labelport/core'); console.log(typeof m.convert, typeof m.createRegistry)`,
    ]);
    expect(required.stdout.trim()).toBe('function function');
    const formats = JSON.parse((await run(labelport, ['formats', '--json'])).stdout);
    expect(formats.length).toBeGreaterThanOrEqual(51);
    const out = join(work, 'out');
    await run(labelport, ['convert', join(repo, 'examples/coco-sample'), '-f', 'datumaro', '-o', out]);
    expect(JSON.parse((await run(labelport, ['info', out, '--json'])).stdout).format).toBe('datumaro');

    const project = join(work, 'project');
    await run('npm', ['init', '-y'], {
      cwd: work,
      env: { ...process.env, npm_config_init_module: '' },
    }).catch(() => {});
    const { mkdirSync } = await import('node:fs');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'p', private: true }));
    const core = own.find((t) => /labelport-core-\d/.test(t))!;
    await run('npm', ['install', '--no-audit', '--no-fund', plugin, core], {
      cwd: project,
      maxBuffer: 1 << 24,
    });
    const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ ...pkg, labelport: { plugins: ['labelport-format-boxes-csv'] } }),
    );
    const csv = join(work, 'csv');
    const r = await run(
      labelport,
      ['convert', join(repo, 'examples/coco-sample'), '-f', 'boxes_csv', '-o', csv],
      {
        cwd: project,
      },
    );
    expect(r.stdout).toMatch(/-> boxes_csv: \d+ items? written/);
    expect(readFileSync(join(csv, 'boxes.csv'), 'utf8')).toMatch(/^image,label,x,y,w,h\n/);
    const viaFlag = await run(labelport, ['info', csv, '--json', '--plugin', 'labelport-format-boxes-csv'], {
      cwd: project,
    });
    expect(JSON.parse(viaFlag.stdout).format).toBe('boxes_csv');
  }, 300_000);
});
