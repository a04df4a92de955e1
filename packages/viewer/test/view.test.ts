/**
 * `labelport view` in headless Chromium: the server in-process on an ephemeral port, the page reading
 * the dataset with labelport's formats. One element per item (data-item-id), one per annotation in the
 * item view (data-annotation-type), label filters that cut the grid to the right count, screenshots in
 * test-artefacts/. Corpus datasets too when LABELPORT_FIXTURES is set.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startViewServer, type ViewServer } from '../../cli/src/view-server.js';
import { artefacts, hasBuild, hasChromium, launchChromium, viewerDist } from './browser.js';
import { type Expected, expectedOf, rarestLabel, richestItem, typeCounts } from './expected.js';
import { gridItems, gridTotal, itemViewTypes, openItem, waitReady, waitTotal } from './page.js';

const sample = fileURLToPath(new URL('../../../examples/coco-sample/', import.meta.url));
const corpus = process.env.LABELPORT_FIXTURES;
const corpusDatasets: [string, string][] = [
  ['coco', 'datumaro/coco_dataset/coco_instances'],
  ['voc-masks', 'datumaro/voc_dataset/voc_dataset1'],
  ['cvat-video', 'datumaro/cvat_dataset/for_video'],
  ['cityscapes', 'datumaro/cityscapes_dataset/dataset'],
];

if (!hasChromium)
  console.warn('viewer browser tests: no Chromium at /usr/bin/chromium (set CHROMIUM_PATH); skipped');
if (hasChromium && !corpus) console.warn('viewer corpus tests: LABELPORT_FIXTURES is not set; skipped');

let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  // The page is served from dist/: build it when a test run starts without (a fresh checkout).
  if (!hasBuild) execFileSync(process.execPath, [fileURLToPath(new URL('../build.mjs', import.meta.url))]);
  browser = await launchChromium();
}, 120_000);
afterAll(async () => browser?.close());

/** Opens `labelport view` on `path` and runs `check` on the page, closing both after. */
async function withViewer(path: string, check: (page: Page, server: ViewServer) => Promise<void>) {
  const server = await startViewServer({ path, staticDir: viewerDist });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(server.url);
    await waitReady(page);
    await check(page, server);
    expect(errors).toEqual([]);
  } finally {
    await page.close();
    await server.close();
  }
}

/** Everything the issue asks the page to show, checked against the same dataset read in Node. */
async function checkDataset(page: Page, expected: Expected, name: string): Promise<void> {
  const keys = expected.items.map((i) => `${i.subset}/${i.id}`).sort();
  const grid = await gridItems(page);
  expect(grid.keys).toEqual(keys);
  expect(await gridTotal(page)).toBe(expected.items.length);
  await page.screenshot({ path: join(artefacts, `${name}-grid.png`) });

  const item = richestItem(expected);
  await openItem(page, item.subset, item.id);
  expect(typeCounts(await itemViewTypes(page))).toEqual(typeCounts(item.annotations.map((a) => a.type)));
  expect(await page.$$eval('#item-table tbody tr', (rows) => rows.length)).toBe(item.annotations.length);
  // Drawn in the dataset's own colour for the label, where it has a colour map (VOC, Cityscapes).
  const colors = await page.$$eval('#item-view [data-annotation-type]', (els) =>
    els.map(
      (e) =>
        [Number((e as HTMLElement).dataset.index), (e as HTMLElement).style.getPropertyValue('--c')] as const,
    ),
  );
  for (const [index, color] of colors) {
    const label = item.annotations[index]?.label;
    const rgb = label === undefined ? undefined : expected.categories.colors?.get(label);
    if (rgb) expect(color).toBe(`rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`);
  }
  await page.screenshot({ path: join(artefacts, `${name}-item.png`) });
  // The arrow keys step through the items in grid order.
  if (expected.items.length > 1) {
    const title = () => page.textContent('#item-title');
    const before = await title();
    await page.keyboard.press('ArrowRight');
    // The last item has no next one: then the previous.
    if ((await title()) === before) await page.keyboard.press('ArrowLeft');
    expect(await title()).not.toBe(before);
  }
  await page.click('#item-close');

  const rare = rarestLabel(expected);
  if (!rare) return;
  await page.selectOption('#filter-label', String(rare.label));
  await page.waitForFunction(
    (n) => document.querySelector('#grid')?.getAttribute('data-total') === String(n),
    rare.count,
  );
  const withLabel = expected.items
    .filter((i) => i.annotations.some((a) => a.label === rare.label))
    .map((i) => `${i.subset}/${i.id}`)
    .sort();
  expect((await gridItems(page)).keys).toEqual(withLabel);
  await page.screenshot({ path: join(artefacts, `${name}-filtered.png`) });
  await page.click('#filter-clear');
  await waitTotal(page, expected.items.length);
  // The histogram filters too: a click on the label's bar.
  await page.click(`#histogram [data-label="${rare.label}"]`);
  await waitTotal(page, rare.count);
  await page.click('#filter-clear');
  // And the expression box, in the language of `labelport filter`.
  await page.fill('#filter-expr', `label == ${JSON.stringify(expected.labels[rare.label])}`);
  await page.press('#filter-expr', 'Enter');
  await waitTotal(page, rare.count);
  await page.click('#filter-clear');
  await waitTotal(page, expected.items.length);
}

describe.skipIf(!hasChromium)('labelport view in Chromium', () => {
  it('shows examples/coco-sample: items, boxes, filters', async () => {
    const expected = await expectedOf(sample);
    expect(expected.items.length).toBeGreaterThan(0);
    await withViewer(sample, async (page) => {
      expect(await page.textContent('#dataset-format')).toBe(expected.format);
      // Boxes are drawn on the thumbnails and the images are loaded from the server.
      const boxes = expected.items.reduce(
        (n, i) => n + i.annotations.filter((a) => a.type === 'bbox').length,
        0,
      );
      expect(await page.$$eval('#grid [data-annotation-type="bbox"]', (e) => e.length)).toBe(boxes);
      await page.waitForFunction(() =>
        [...document.querySelectorAll('#grid image:not(.shape)')].every((i) =>
          i.getAttribute('href')?.startsWith('blob:'),
        ),
      );
      // A click on a shape drawn in a thumbnail opens its item too.
      await page.dispatchEvent('#grid [data-annotation-type="bbox"]', 'click');
      await page.waitForSelector('#item-view:not([hidden])');
      await page.click('#item-close');
      await checkDataset(page, expected, 'coco-sample');
      // A bad expression says what is wrong and filters nothing out.
      await page.fill('#filter-expr', 'label ==');
      await page.press('#filter-expr', 'Enter');
      await page.waitForSelector('#filter-expr.invalid');
      expect(await page.textContent('#filter-expr-error')).toMatch(/filter:/);
      expect(await gridTotal(page)).toBe(expected.items.length);
    });
  });

  it.skipIf(!corpus)(
    'shows corpus datasets (COCO, VOC with masks, CVAT video, Cityscapes)',
    async () => {
      for (const [name, rel] of corpusDatasets) {
        const path = join(corpus!, rel);
        if (!existsSync(path)) throw new Error(`corpus dataset missing: ${path}`);
        const expected = await expectedOf(path);
        await withViewer(path, (page) => checkDataset(page, expected, name));
      }
    },
    240_000,
  );
});
