/**
 * Every file of the input accounted for, from the command line: the files the reader did not use are
 * named (a `not used:` line; all of them as `unusedFiles` under --json and in --report), and a read
 * that finds nothing where annotation files are is exit 1 naming them, unless --allow-empty.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './run-cli.js';

function writeTree(root: string, files: Record<string, string>) {
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), content);
  }
}

// a YOLO (darknet) dataset, a README beside it and an image no list names
const yolo = {
  'obj.names': 'cat\n',
  'obj.data': 'classes = 1\ntrain = data/train.txt\nnames = data/obj.names\n',
  'train.txt': 'data/obj_train_data/a.jpg\n',
  'obj_train_data/a.txt': '0 0.5 0.5 0.2 0.2\n',
  'obj_train_data/stray.jpg': 'not an image anyone references',
  'README.md': 'notes',
};

describe('the file account on the command line', () => {
  it('info names the files not used, and --json lists them all with the reason', async () => {
    const dir = tempDir();
    writeTree(dir, yolo);
    const text = await runCli('info', dir, '-i', 'yolo');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      /not used: +2 files not used: README.md \(not a file of this format\), obj_train_data\/stray.jpg \(an image nothing references\)/,
    );
    const json = JSON.parse((await runCli('info', dir, '-i', 'yolo', '--json')).stdout);
    expect(json.unusedFiles).toEqual([
      { path: 'README.md', reason: 'not a file of this format' },
      { path: 'obj_train_data/stray.jpg', reason: 'an image nothing references' },
    ]);
  });

  it('convert warns with them and keeps them in --report', async () => {
    const dir = tempDir();
    writeTree(dir, yolo);
    const report = join(tempDir(), 'r.json');
    const r = await runCli(
      'convert',
      dir,
      '-i',
      'yolo',
      '-f',
      'datumaro',
      '-o',
      join(tempDir(), 'o'),
      '--report',
      report,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: 2 files not used: README.md/);
    expect(JSON.parse(readFileSync(report, 'utf8')).unusedFiles).toHaveLength(2);
  });

  it('a read that finds no items is exit 1 naming what was there, unless --allow-empty', async () => {
    const dir = tempDir();
    writeTree(dir, {
      'annotations/default.json': JSON.stringify({ categories: {}, items: [] }),
      'notes.txt': 'x',
    });
    const out = join(tempDir(), 'o');
    const r = await runCli('convert', dir, '-i', 'datumaro', '-f', 'coco', '-o', out);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/gave no items; 1 file not used: notes.txt/);
    const ok = await runCli('convert', dir, '-i', 'datumaro', '-f', 'coco', '-o', out, '--allow-empty');
    expect(ok.code, ok.stderr).toBe(0);
  });
});
