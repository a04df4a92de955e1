import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildZip } from '@labelport/core/files';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './run-cli.js';

function writeTree(root: string, files: Record<string, string>) {
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), content);
  }
}

const sample = {
  'annotations/train.json': JSON.stringify({
    categories: {
      label: {
        labels: [
          { name: 'cat', parent: '' },
          { name: 'dog', parent: '' },
        ],
      },
    },
    items: [
      {
        id: 'a',
        annotations: [
          { type: 'bbox', label_id: 0, bbox: [1, 1, 2, 2] },
          { type: 'label', label_id: 1 },
        ],
        image: { path: 'a.jpg', size: [4, 4] },
      },
      { id: 'b', annotations: [{ type: 'polygon', label_id: 1, points: [0, 0, 2, 0, 2, 2] }] },
    ],
  }),
  'annotations/val.json': JSON.stringify({
    categories: {
      label: {
        labels: [
          { name: 'cat', parent: '' },
          { name: 'dog', parent: '' },
        ],
      },
    },
    items: [{ id: 'c', annotations: [] }],
  }),
};

describe('labelport CLI', () => {
  it('lists formats as JSON', async () => {
    const r = await runCli('formats', '--json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout);
    expect(rows).toContainEqual(expect.objectContaining({ id: 'datumaro', read: true, write: true }));
  });

  it('detects, and explains rejections', async () => {
    const dir = tempDir();
    writeTree(dir, sample);
    const r = await runCli('detect', dir, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.matches[0]).toEqual({ id: 'datumaro', confidence: 1 });
    expect(out.rejected.find((x: { id: string }) => x.id === 'image_dir').reason).toMatch(
      /no file with extension .*\.jpg/,
    );
  });

  it('gives info as JSON', async () => {
    const dir = tempDir();
    writeTree(dir, sample);
    const r = await runCli('info', dir, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      format: 'datumaro',
      items: 3,
      subsets: { train: 2, val: 1 },
      annotations: { bbox: 1, label: 1, polygon: 1 },
      labels: ['cat', 'dog'],
      mediaWithSize: 1,
      mediaMissing: 3,
      unusedFiles: [],
    });
  });

  it('converts Datumaro to Datumaro and back to the same counts, with a report', async () => {
    const dir = tempDir();
    writeTree(dir, sample);
    const out = join(tempDir(), 'out');
    const reportFile = join(tempDir(), 'report.json');
    const r = await runCli('convert', dir, '-f', 'datumaro', '-o', out, '--report', reportFile);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(reportFile, 'utf8'))).toEqual({
      items: 3,
      dropped: {},
      converted: {},
      warnings: [],
      unusedFiles: [],
    });
    const a = JSON.parse((await runCli('info', dir, '--json')).stdout);
    const b = JSON.parse((await runCli('info', out, '--json')).stdout);
    expect(b).toEqual(a);
  });

  it('reports losses, and --strict refuses them writing nothing', async () => {
    const dir = tempDir();
    writeTree(dir, sample);
    const out = join(tempDir(), 'out');
    const r = await runCli('convert', dir, '-f', 'image_dir', '-o', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    // no image files in the sample: each of the 3 items loses its (absent) media too
    expect(JSON.parse(r.stdout).dropped).toEqual({ bbox: 1, label: 1, polygon: 1, media: 3 });
    const out2 = join(tempDir(), 'out2');
    const s = await runCli('convert', dir, '-f', 'image_dir', '-o', out2, '--strict');
    expect(s.code).toBe(1);
    expect(s.stderr).toMatch(/would lose data/);
    expect(existsSync(out2)).toBe(false);
  });

  it('a truncated JSON is a one-line error, exit 1, and no output', async () => {
    const dir = tempDir();
    writeTree(dir, { 'annotations/train.json': sample['annotations/train.json'].slice(0, 60) });
    const out = join(tempDir(), 'out');
    const r = await runCli('convert', dir, '-i', 'datumaro', '-f', 'datumaro', '-o', out);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/annotations\/train\.json: line 1.*truncated/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dirname(out))).toEqual([]);
  });

  it('a JSON of the wrong shape is a one-line error naming the place', async () => {
    const dir = tempDir();
    writeTree(dir, {
      'annotations/train.json':
        '{"categories": {"label": {"labels": []}}, "items": [{"id": "x", "annotations": {"type": "bbox"}}]}',
    });
    const r = await runCli('info', dir, '-i', 'datumaro');
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('labelport: annotations/train.json: items[0].annotations: expected a list');
  });

  it('a zip with ../ entries is refused', async () => {
    const dir = tempDir();
    const zip = join(dir, 'evil.zip');
    writeFileSync(
      zip,
      buildZip({ 'annotations/train.json': sample['annotations/train.json'], '../evil.txt': 'x' }),
    );
    const r = await runCli('info', zip);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/evil\.txt/);
    expect(r.stderr).toMatch(/leaves the dataset root|unsafe/);
  });

  it('reads a zip archive', async () => {
    const dir = tempDir();
    const zip = join(dir, 'ok.zip');
    writeFileSync(zip, buildZip(sample, { compress: true }));
    const r = await runCli('info', zip, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).items).toBe(3);
  });

  it('an output folder that already has files is refused and left as it was', async () => {
    const dir = tempDir();
    writeTree(dir, sample);
    const out = tempDir();
    writeFileSync(join(out, 'keep.txt'), 'mine');
    const r = await runCli('convert', dir, '-f', 'datumaro', '-o', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not empty.*--overwrite/);
    expect(readdirSync(out)).toEqual(['keep.txt']);
    const o = await runCli('convert', dir, '-f', 'datumaro', '-o', out, '--overwrite');
    expect(o.code, o.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['annotations']);
  });

  it('an unknown format is a usage error (exit 2) listing the known ones', async () => {
    const dir = tempDir();
    writeTree(dir, sample);
    const r = await runCli('convert', dir, '-f', 'nope', '-o', join(dir, 'o'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown format 'nope'; known formats: .*datumaro/);
  });

  it('a missing argument is a usage error', async () => {
    const r = await runCli('convert');
    expect(r.code).toBe(2);
  });

  it('validate reports labels out of range and exits 1', async () => {
    const dir = tempDir();
    writeTree(dir, {
      'annotations/train.json': JSON.stringify({
        categories: { label: { labels: [{ name: 'cat', parent: '' }] } },
        items: [
          {
            id: 'a',
            image: { path: 'a.jpg', size: [10, 10] },
            annotations: [
              { type: 'bbox', label_id: 0, bbox: [5, 5, 10, 1] },
              { type: 'polygon', label_id: 0, points: [0, 0, 1, 1] },
            ],
          },
        ],
      }),
    });
    const r = await runCli('validate', dir, '--json');
    expect(r.code).toBe(1);
    const res = JSON.parse(r.stdout);
    expect(res.issues.map((i: { code: string }) => i.code).sort()).toEqual(['empty-shape', 'outside-image']);
  });

  it('passes reader options through --read-option (and --lenient skips bad records with a warning)', async () => {
    const dir = tempDir();
    writeTree(dir, {
      'annotations/train.json': JSON.stringify({
        categories: { label: { labels: [{ name: 'cat', parent: '' }] } },
        items: [
          {
            id: 'a',
            annotations: [
              { type: 'bbox', label_id: 0, bbox: [1] },
              { type: 'label', label_id: 0 },
            ],
          },
        ],
      }),
    });
    expect((await runCli('info', dir, '--json')).code).toBe(1);
    for (const flags of [['--read-option', 'lenient=true'], ['--lenient']]) {
      const r = await runCli('info', dir, '--json', ...flags);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).annotations).toEqual({ label: 1 });
      expect(r.stderr).toMatch(/warning: .*bbox: expected 4 numbers/);
    }
  });
});
