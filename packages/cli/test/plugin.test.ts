import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './run-cli.js';

const plugin = join(import.meta.dirname, '../../../examples/plugin-format');
const sample = join(import.meta.dirname, '../../../examples/coco-sample');

describe('plugins', () => {
  it('--plugin <path> adds its formats: detect, convert both ways', async () => {
    const out = join(tempDir(), 'csv');
    const w = await runCli('convert', sample, '-f', 'boxes_csv', '-o', out, '--plugin', plugin);
    expect(w.code, w.stderr).toBe(0);
    expect(readFileSync(join(out, 'boxes.csv'), 'utf8')).toMatch(/^image,label,x,y,w,h\n.+,/);
    const d = await runCli('detect', out, '--plugin', plugin);
    expect(d.stdout).toMatch(/^boxes_csv/);
    const back = await runCli('info', out, '--json', `--plugin=${plugin}`);
    expect(JSON.parse(back.stdout).format).toBe('boxes_csv');
  });

  it('LABELPORT_PLUGINS and a labelport key in the nearest package.json name plugins too', async () => {
    process.env.LABELPORT_PLUGINS = plugin;
    try {
      expect((await runCli('formats')).stdout).toMatch(/^boxes_csv/m);
    } finally {
      delete process.env.LABELPORT_PLUGINS;
    }
    const project = tempDir();
    writeFileSync(join(project, 'package.json'), JSON.stringify({ labelport: { plugins: [plugin] } }));
    const cwd = process.cwd();
    process.chdir(project);
    try {
      expect((await runCli('formats', 'boxes_csv')).stdout).toMatch(/Boxes CSV/);
    } finally {
      process.chdir(cwd);
    }
  });

  it('a broken plugin is one line naming it (exit 2)', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'bad'));
    writeFileSync(join(dir, 'bad/index.js'), 'export default 42;\n');
    writeFileSync(
      join(dir, 'bad/package.json'),
      JSON.stringify({ name: 'bad', type: 'module', main: 'index.js' }),
    );
    writeFileSync(join(dir, 'throws.js'), 'throw new Error("boom");\n');
    for (const [spec, why] of [
      [join(dir, 'bad'), /exports no array of formats/],
      [join(dir, 'throws.js'), /cannot be loaded: boom/],
      ['no-such-labelport-plugin', /package not found/],
    ] as const) {
      const r = await runCli('formats', '--plugin', spec);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`plugin '${spec.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}': `));
      expect(r.stderr).toMatch(why);
    }
  });
});
