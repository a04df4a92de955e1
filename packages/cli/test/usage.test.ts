import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { suggestFormats } from '../src/registry.js';
import { runCli, tempDir } from './run-cli.js';

const sample = join(import.meta.dirname, '../../../examples/coco-sample');

describe('the command line, checked', () => {
  it('no arguments: usage on stderr, exit 2', async () => {
    const r = await runCli();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Usage: labelport/);
  });

  it.each([
    ['yolov8', 'yolo_ultralytics'],
    ['yolov5', 'yolo_ultralytics'],
    ['ultralytics', 'yolo_ultralytics'],
    ['pascal_voc', 'voc'],
    ['coco_instance', 'coco_instances'],
    ['cvat_image', 'cvat_images'],
  ])('an unknown format %s says did you mean %s (exit 2)', async (name, meant) => {
    const r = await runCli('convert', sample, '-f', name, '-o', join(tempDir(), 'o'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`unknown format '${name}'; did you mean '${meant}'`));
  });

  it('suggests nothing for a name like no format', () => {
    expect(suggestFormats('qqqqqqqq', [])).toEqual([]);
  });

  it('formats lists aliases', async () => {
    const r = await runCli('formats');
    expect(r.stdout).toMatch(/^cvat\s.*\[also cvat_images\]/m);
    const json = JSON.parse((await runCli('formats', '--json')).stdout);
    expect(json.find((f: { id: string }) => f.id === 'cvat').aliases).toEqual(['cvat_images']);
  });

  it('--report into a folder that does not exist fails before anything is written', async () => {
    const out = join(tempDir(), 'out');
    const r = await runCli(
      'convert',
      sample,
      '-f',
      'datumaro',
      '-o',
      out,
      '--report',
      join(tempDir(), 'nope', 'r.json'),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nope\/r\.json: the folder for --report does not exist/);
    expect(existsSync(out)).toBe(false);
  });

  it('errors are JSON on stderr under --json', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'annotations'));
    writeFileSync(join(dir, 'annotations/instances_train.json'), '{"images": [');
    const r = await runCli('info', dir, '-i', 'coco_instances', '--json');
    expect(r.code).toBe(1);
    const err = JSON.parse(r.stderr.trim()).error;
    expect(err.code).toBe('bad-json');
    expect(err.file).toMatch(/instances_train\.json$/);
  });

  it('the output folder gets the umask, not 0700; plural forms are right', async () => {
    const out = join(tempDir(), 'out');
    const old = process.umask(0o022);
    try {
      const r = await runCli('convert', sample, '-f', 'datumaro', '-o', out);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/: \d+ items written to/);
      expect(statSync(out).mode & 0o777).toBe(0o755);
    } finally {
      process.umask(old);
    }
    const one = tempDir();
    mkdirSync(join(one, 'annotations'));
    writeFileSync(
      join(one, 'annotations/default.json'),
      JSON.stringify({ categories: {}, items: [{ id: 'a', annotations: [] }] }),
    );
    const r = await runCli('convert', one, '-i', 'datumaro', '-f', 'datumaro', '-o', join(tempDir(), 'o'));
    expect(r.stdout).toMatch(/: 1 item written to/);
    const v = await runCli('validate', one, '-i', 'datumaro');
    expect(v.stdout).toMatch(/datumaro: 1 item, 0 errors, 0 warnings/);
  });
});
