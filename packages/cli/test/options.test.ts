import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './run-cli.js';

const sample = join(import.meta.dirname, '../../../examples/coco-sample');

describe('reader and writer options are checked against what the format describes', () => {
  it.each([
    [
      ['--option', 'nonsense=1'],
      /the voc_detection writer has no option 'nonsense'; valid options: .*label-?[mM]ap/,
    ],
    [['--option', 'foo'], /has no option 'foo'/],
    [
      ['--option', 'allow-attributes=maybe'],
      /option 'allow-attributes': expected true or false, got 'maybe'/,
    ],
    [['--read-option', 'nonsense=1'], /the coco.* reader has no option 'nonsense'; valid options: lenient/],
  ])('convert %j: exit 2, one line naming the valid options, nothing written', async (flags, message) => {
    const out = join(tempDir(), 'out');
    const r = await runCli('convert', sample, '-f', 'voc_detection', '-o', out, ...flags);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it('an allowed value outside the listed ones is refused; a listed one is taken', async () => {
    const bad = await runCli(
      'convert',
      sample,
      '-f',
      'coco',
      '-o',
      join(tempDir(), 'o'),
      '--option',
      'segmentation=blob',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/'blob' is not one of keep, polygons, mask/);
    const good = await runCli(
      'convert',
      sample,
      '-f',
      'coco',
      '-o',
      join(tempDir(), 'o'),
      '--option',
      'segmentation=mask',
    );
    expect(good.code, good.stderr).toBe(0);
  });

  it('formats <id> prints the options; with --json, an options object for read and write', async () => {
    const text = await runCli('formats', 'coco');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/write options \(--option key=value\):/);
    expect(text.stdout).toMatch(/segmentation \(string, default "keep"\): .*\[keep\|polygons\|mask\]/);
    const json = JSON.parse((await runCli('formats', 'cvat', '--json')).stdout);
    expect(json.id).toBe('cvat');
    expect(json.options.read.interpolate).toMatchObject({ type: 'boolean', default: false });
    expect(json.options.write).toEqual({});
  });

  it('convert --help says how to see the options', async () => {
    const r = await runCli('convert', '--help');
    expect(r.stdout + r.stderr).toMatch(/labelport formats <id>/);
  });
});
