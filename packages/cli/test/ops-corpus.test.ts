import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './run-cli.js';

const corpus = fixturesDir();
if (!corpus) console.warn('ops corpus tests: LABELPORT_FIXTURES is not set; skipped');
const root = corpus ? join(corpus, 'datumaro') : undefined;

const dirsIn = (dir: string) =>
  readdirSync(dir)
    .map((d) => join(dir, d))
    .filter((d) => statSync(d).isDirectory());

/** Every corpus folder and its subfolders: the candidates a user could hand to `stats`. */
function candidates(): string[] {
  if (!root || !existsSync(root)) return [];
  return dirsIn(root).flatMap((d) => [d, ...dirsIn(d)]);
}

describe.skipIf(!root)('stats agrees with info on every corpus dataset', () => {
  it('items, subsets, annotations, media and label counts', async () => {
    let compared = 0;
    for (const dir of candidates()) {
      const info = await runCli('info', dir, '--json');
      if (info.code !== 0) continue;
      const stats = await runCli('stats', dir, '--json');
      expect(stats.code, `${dir}: ${stats.stderr}`).toBe(0);
      const i = JSON.parse(info.stdout);
      const s = JSON.parse(stats.stdout);
      for (const k of ['format', 'items', 'subsets', 'annotations', 'mediaWithSize', 'mediaMissing'])
        expect(s[k], `${dir}: ${k}`).toEqual(i[k]);
      expect(Object.keys(s.labels).sort(), dir).toEqual([...new Set(i.labels as string[])].sort());
      const byType: Record<string, number> = { ...s.unlabeled };
      for (const types of Object.values(s.labels as Record<string, Record<string, number>>))
        for (const [t, n] of Object.entries(types)) byType[t] = (byType[t] ?? 0) + n;
      if (new Set(i.labels).size === i.labels.length) expect(byType, dir).toEqual(i.annotations);
      compared++;
    }
    console.log(`stats = info on ${compared} corpus datasets`);
    expect(compared).toBeGreaterThan(20);
  }, 600_000);
});

const cocoRoot = root && join(root, 'coco_dataset');
const cocoTasks = [
  'coco_instances',
  'coco_person_keypoints',
  'coco_captions',
  'coco_labels',
  'coco_image_info',
];

describe.skipIf(!root)('diff: COCO -> Datumaro -> COCO is equal on the corpus', () => {
  for (const task of cocoTasks) {
    it(task, async () => {
      const dir = join(cocoRoot as string, task);
      const datumaro = join(tempDir(), 'dm');
      const back = join(tempDir(), 'back');
      expect((await runCli('convert', dir, '-i', task, '-f', 'datumaro', '-o', datumaro)).code).toBe(0);
      const r2 = await runCli('convert', datumaro, '-f', task, '-o', back);
      expect(r2.code, r2.stderr).toBe(0);
      const d = await runCli('diff', dir, back, '-i', task, '--json', '--exit-code');
      expect(d.code, d.stdout).toBe(0);
      expect(JSON.parse(d.stdout).equal).toBe(true);
    });
  }
});
