import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { directoryTree } from '@labelport/core/node';
import { expectSameDataset, fixturesDir, readAll } from '@labelport/core/testing';
import { datumaro } from '@labelport/format-datumaro';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './run-cli.js';

const corpus = fixturesDir();
if (!corpus) console.warn('cli corpus tests: LABELPORT_FIXTURES is not set; skipped');
const root = corpus && join(corpus, 'datumaro', 'datumaro_dataset');

describe.skipIf(!corpus)('CLI on the corpus Datumaro samples', () => {
  for (const name of root ? readdirSync(root) : []) {
    it(`${name}: info matches the files, and convert there and back gives the same dataset`, async () => {
      const dir = join(root!, name);
      const info = await runCli('info', dir, '--json');
      expect(info.code, info.stderr).toBe(0);
      const summary = JSON.parse(info.stdout);
      let items = 0;
      for (const f of readdirSync(join(dir, 'annotations'))) {
        items += JSON.parse(readFileSync(join(dir, 'annotations', f), 'utf8')).items.length;
      }
      expect(summary.format).toBe('datumaro');
      expect(summary.items).toBe(items);
      const once = join(tempDir(), 'once');
      const twice = join(tempDir(), 'twice');
      expect((await runCli('convert', dir, '-f', 'datumaro', '-o', once, '--save-media')).code).toBe(0);
      expect((await runCli('convert', once, '-f', 'datumaro', '-o', twice, '--save-media')).code).toBe(0);
      const original = await readAll(datumaro, directoryTree(dir));
      await expectSameDataset(await readAll(datumaro, directoryTree(twice)), original);
      expect(JSON.parse((await runCli('info', twice, '--json')).stdout)).toEqual(summary);
    });
  }
});
