/**
 * The other ways into the page: a folder picked (webkitdirectory), files dropped on the window, and a
 * dataset large enough that the virtualised grid must show it a screen at a time.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildZip } from '@labelport/core/files';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startViewServer } from '../../cli/src/view-server.js';
import { hasBuild, hasChromium, launchChromium, viewerDist } from './browser.js';
import { expectedOf, filesOf } from './expected.js';
import { gridItems, gridTotal, waitReady } from './page.js';

const sample = fileURLToPath(new URL('../../../examples/coco-sample/', import.meta.url));
let browser: Browser;
let page: Page;
let tmp: string;

/** A COCO instances file of `n` images, one box each, alternating two labels. */
function bigCoco(n: number): string {
  const images = Array.from({ length: n }, (_, i) => ({
    id: i,
    file_name: `img${i}.jpg`,
    width: 64,
    height: 48,
  }));
  const annotations = images.map((im, i) => ({
    id: i,
    image_id: im.id,
    category_id: 1 + (i % 2),
    bbox: [4, 4, 20, 10],
    area: 200,
    iscrowd: 0,
  }));
  const categories = [
    { id: 1, name: 'cat' },
    { id: 2, name: 'dog' },
  ];
  return JSON.stringify({ images, annotations, categories });
}

beforeAll(async () => {
  if (!hasChromium) return;
  if (!hasBuild) execFileSync(process.execPath, [fileURLToPath(new URL('../build.mjs', import.meta.url))]);
  browser = await launchChromium();
  tmp = mkdtempSync(join(tmpdir(), 'labelport-viewer-'));
}, 120_000);
afterAll(async () => {
  await browser?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function staticPage(): Promise<Page> {
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(pathToFileURL(join(viewerDist, 'index.html')).href);
  await page.waitForSelector('body[data-state="empty"]');
  return page;
}

describe.skipIf(!hasChromium)('opening a dataset in the page', () => {
  it('reads a folder picked through the directory input', async () => {
    const expected = await expectedOf(sample);
    const p = await staticPage();
    try {
      await p.setInputFiles('#pick-folder', sample);
      await waitReady(p);
      expect((await gridItems(p)).keys).toEqual(expected.items.map((i) => `${i.subset}/${i.id}`).sort());
    } finally {
      await p.close();
    }
  });

  it('reads files dropped on the window', async () => {
    const json = readFileSync(join(sample, 'annotations/instances_val.json'), 'utf8');
    const p = await staticPage();
    try {
      await p.evaluate((text) => {
        const data = new DataTransfer();
        data.items.add(new File([text], 'instances_val.json', { type: 'application/json' }));
        window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      }, json);
      await waitReady(p);
      const images = (JSON.parse(json) as { images: unknown[] }).images.length;
      expect(await gridTotal(p)).toBe(images);
    } finally {
      await p.close();
    }
  });

  it('reads a zip served by labelport view, through Range requests', async () => {
    const expected = await expectedOf(sample);
    const zip = join(tmp, 'sample.zip');
    writeFileSync(zip, buildZip(filesOf(sample), { compress: true }));
    const server = await startViewServer({ path: zip, staticDir: viewerDist });
    const p = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const ranges: string[] = [];
    p.on('request', (r) => {
      const range = r.headers().range;
      if (r.url().includes('/data/') && range) ranges.push(range);
    });
    try {
      await p.goto(server.url);
      await waitReady(p);
      expect((await gridItems(p)).keys).toEqual(expected.items.map((i) => `${i.subset}/${i.id}`).sort());
      expect(ranges.length).toBeGreaterThan(0);
    } finally {
      await p.close();
      await server.close();
    }
  });

  it('says in one line what is wrong with something that is not a dataset', async () => {
    const p = await staticPage();
    try {
      await p.evaluate(() => {
        const data = new DataTransfer();
        data.items.add(new File(['just some text'], 'notes.txt', { type: 'text/plain' }));
        window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      });
      await p.waitForSelector('body[data-state="error"]');
      const message = (await p.textContent('#status'))!;
      expect(message).toMatch(/format/i);
      expect(message).not.toContain('\n');
      expect(message).not.toMatch(/at .*\.js:\d+/);
    } finally {
      await p.close();
    }
  });

  it('keeps only the rows in view in the DOM, however many items', async () => {
    const n = 3000;
    const dir = join(tmp, 'big');
    mkdirSync(join(dir, 'annotations'), { recursive: true });
    writeFileSync(join(dir, 'annotations', 'instances_default.json'), bigCoco(n));
    const server = await startViewServer({ path: dir, staticDir: viewerDist });
    const p = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await p.goto(server.url);
      await waitReady(p);
      expect(await gridTotal(p)).toBe(n);
      const { keys, maxCells } = await gridItems(p);
      expect(keys).toHaveLength(n);
      // 6 columns by 4 rows in view, and two rows either side.
      expect(maxCells).toBeLessThan(80);
      await p.selectOption('#filter-label', '1');
      await p.waitForFunction(() => document.querySelector('#grid')?.getAttribute('data-total') === '1500');
    } finally {
      await p.close();
      await server.close();
    }
  });
});
