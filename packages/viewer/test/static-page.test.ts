/**
 * The built page with no server at all (opened from file://, as from a static host): a zip picked
 * through the file input (the drop's code path) is read in the page; converting it shows the loss
 * report that core's convert gives in Node, and downloads a zip holding the same files.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bytesAccess, convert, describeLoss, memorySink, sourceOf, zipTree } from '@labelport/core';
import { buildZip } from '@labelport/core/files';
import { registry } from 'labelport';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artefacts, hasBuild, hasChromium, launchChromium, viewerDist } from './browser.js';
import { expectedOf, filesOf } from './expected.js';
import { gridItems, waitReady } from './page.js';

const sample = fileURLToPath(new URL('../../../examples/coco-sample/', import.meta.url));

let browser: Browser;
beforeAll(async () => {
  if (!hasChromium) return;
  if (!hasBuild) execFileSync(process.execPath, [fileURLToPath(new URL('../build.mjs', import.meta.url))]);
  browser = await launchChromium();
}, 120_000);
afterAll(async () => browser?.close());

describe.skipIf(!hasChromium)('the static page (file://, no server)', () => {
  it('opens a zip picked or dropped, converts it and downloads the result', async () => {
    const zipPath = join(artefacts, 'coco-sample.zip');
    writeFileSync(zipPath, buildZip(filesOf(sample), { compress: true }));
    const expected = await expectedOf(sample);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    try {
      await page.goto(pathToFileURL(join(viewerDist, 'index.html')).href);
      await page.waitForSelector('body[data-state="empty"]');
      await page.setInputFiles('#pick-zip', zipPath);
      await waitReady(page);
      expect((await gridItems(page)).keys).toEqual(expected.items.map((i) => `${i.subset}/${i.id}`).sort());

      // Convert to VOC detection: the same report as core's convert in Node, before any download.
      const target = registry.get('voc_detection');
      const sink = memorySink();
      const report = await convert(sourceOf(expected.categories, expected.items), target, sink);
      await page.selectOption('#convert-format', target.id);
      await page.click('#convert-run');
      await page.waitForSelector('#convert-download:not([disabled])');
      const text = await page.textContent('#convert-report');
      expect(text).toContain(`${report.items} items in ${sink.files.size} files`);
      expect(text).toContain(describeLoss(report));
      await page.screenshot({ path: join(artefacts, 'static-convert.png') });
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#convert-download')]);
      const bytes = readFileSync((await download.path())!);
      const tree = await zipTree(bytesAccess(bytes), download.suggestedFilename());
      expect((await tree.list()).map((e) => e.path).sort()).toEqual([...sink.files.keys()].sort());
      expect(download.suggestedFilename()).toBe('coco-sample-voc_detection.zip');
    } finally {
      await page.close();
    }
  });
});
