/**
 * Every annotation type in one item, written as a Datumaro dataset and opened with `labelport view`:
 * the item view has exactly one element per annotation, of its type (shapes on the image, labels,
 * captions and 3D cuboids as chips), and the grid cell draws the shapes too.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Annotation, bitmapMask, type Categories, convert, sourceOf } from '@labelport/core';
import { directorySink } from '@labelport/core/node';
import { registry } from 'labelport';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startViewServer } from '../../cli/src/view-server.js';
import { artefacts, hasBuild, hasChromium, launchChromium, viewerDist } from './browser.js';
import { typeCounts } from './expected.js';
import { itemViewTypes, openItem, waitReady } from './page.js';

const categories: Categories = {
  labels: [{ name: 'person' }, { name: 'car' }, { name: 'sky' }],
  skeletons: new Map([
    [
      0,
      {
        points: ['head', 'hand', 'foot'],
        edges: [
          [0, 1],
          [0, 2],
        ],
      },
    ],
  ]),
};
const base = { attributes: {} };
const mask = { width: 40, height: 30, data: new Uint8Array(40 * 30).map((_, i) => (i % 40 < 10 ? 1 : 0)) };
const annotations: Annotation[] = [
  { ...base, type: 'label', label: 2 },
  { ...base, type: 'bbox', label: 1, x: 2, y: 3, w: 10, h: 8, id: 0, group: 0 },
  { ...base, type: 'polygon', label: 0, points: [1, 1, 9, 1, 9, 9] },
  { ...base, type: 'polyline', label: 1, points: [0, 20, 20, 25, 39, 20] },
  { ...base, type: 'points', label: 0, points: [5, 5, 6, 6], visibility: [2, 1] },
  { ...base, type: 'ellipse', label: 1, x1: 20, y1: 2, x2: 30, y2: 10 },
  {
    ...base,
    type: 'cuboid2d',
    label: 1,
    points: [20, 12, 30, 12, 30, 20, 20, 20, 23, 10, 33, 10, 33, 18, 23, 18],
  },
  { ...base, type: 'mask', label: 2, mask: bitmapMask(mask) },
  {
    ...base,
    type: 'skeleton',
    label: 0,
    elements: [0, 1, 2].map((i) => ({
      ...base,
      type: 'points' as const,
      points: [10 + i * 5, 15 + i * 3],
      visibility: [2 as const],
    })),
  },
  { ...base, type: 'cuboid3d', label: 1, position: [1, 2, 3], rotation: [0, 0, 0], scale: [1, 1, 1] },
  { ...base, type: 'caption', caption: 'a person and a car' },
];

let browser: Browser;
let dir: string;
beforeAll(async () => {
  if (!hasChromium) return;
  if (!hasBuild) execFileSync(process.execPath, [fileURLToPath(new URL('../build.mjs', import.meta.url))]);
  browser = await launchChromium();
  dir = join(mkdtempSync(join(tmpdir(), 'labelport-types-')), 'dataset');
  const item = {
    id: 'everything',
    subset: 'train',
    annotations,
    attributes: {},
    media: { kind: 'image' as const, width: 40, height: 30 },
  };
  await convert(sourceOf(categories, [item]), registry.get('datumaro'), await directorySink(dir));
}, 120_000);
afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(join(dir, '..'), { recursive: true, force: true });
});

describe.skipIf(!hasChromium)('every annotation type', () => {
  it('is drawn once in the item view, with its type', async () => {
    const server = await startViewServer({ path: dir, staticDir: viewerDist });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(server.url);
      await waitReady(page);
      const drawnInGrid = await page.$$eval('#grid [data-annotation-type]', (els) =>
        els.map((e) => (e as HTMLElement).dataset.annotationType!),
      );
      expect(typeCounts(drawnInGrid)).toEqual(typeCounts(annotations.map((a) => a.type)));
      await openItem(page, 'train', 'everything');
      expect(typeCounts(await itemViewTypes(page))).toEqual(typeCounts(annotations.map((a) => a.type)));
      // The skeleton is drawn with its edges, the mask painted once decoded.
      expect(await page.$$eval('#item-view [data-annotation-type="skeleton"] line', (l) => l.length)).toBe(2);
      await page.waitForFunction(() =>
        document
          .querySelector('#item-view [data-annotation-type="mask"]')
          ?.getAttribute('href')
          ?.startsWith('blob:'),
      );
      await page.screenshot({ path: join(artefacts, 'all-types-item.png') });
    } finally {
      await page.close();
      await server.close();
    }
  });
});
