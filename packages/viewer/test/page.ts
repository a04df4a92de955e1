/** Reading the viewer page from a test: items in the virtual grid, the item view, the filters. */
import type { Page } from 'playwright-core';

/** Waits until the page has read the whole dataset; an error state fails with the page's message. */
export async function waitReady(page: Page): Promise<void> {
  await page.waitForSelector('body[data-state="ready"], body[data-state="error"]', { timeout: 45_000 });
  const state = await page.getAttribute('body', 'data-state');
  if (state !== 'ready') throw new Error(`the viewer says: ${await page.textContent('#status')}`);
}

/**
 * Every item the grid shows, as 'subset/id', scrolling it from top to bottom (it is virtualised:
 * only the rows in view exist), and the largest number of cells that were in the DOM at once.
 */
export async function gridItems(page: Page): Promise<{ keys: string[]; maxCells: number }> {
  return page.evaluate(async () => {
    const grid = document.querySelector<HTMLElement>('#grid')!;
    const seen = new Set<string>();
    let maxCells = 0;
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    for (let top = 0; ; top += Math.max(1, grid.clientHeight - 50)) {
      grid.scrollTop = top;
      await frame();
      const cells = grid.querySelectorAll<HTMLElement>('[data-item-id]');
      maxCells = Math.max(maxCells, cells.length);
      for (const c of cells) seen.add(`${c.dataset.subset}/${c.dataset.itemId}`);
      if (top >= grid.scrollHeight) break;
    }
    grid.scrollTop = 0;
    return { keys: [...seen].sort(), maxCells };
  });
}

/** Scrolls the grid to the item and opens its view. */
export async function openItem(page: Page, subset: string, id: string): Promise<void> {
  const found = await page.evaluate(
    async ([subset, id]) => {
      const grid = document.querySelector<HTMLElement>('#grid')!;
      const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      for (let top = 0; top <= grid.scrollHeight; top += Math.max(1, grid.clientHeight - 50)) {
        grid.scrollTop = top;
        await frame();
        for (const c of grid.querySelectorAll<HTMLElement>('[data-item-id]')) {
          if (c.dataset.itemId === id && c.dataset.subset === subset) {
            c.click();
            return true;
          }
        }
      }
      return false;
    },
    [subset, id] as const,
  );
  if (!found) throw new Error(`no grid cell for ${subset}/${id}`);
  await page.waitForSelector('#item-view:not([hidden])');
}

/** The annotation types drawn in the open item view, one per element carrying data-annotation-type. */
export function itemViewTypes(page: Page): Promise<string[]> {
  return page.$$eval('#item-view [data-annotation-type]', (els) =>
    els.map((e) => (e as HTMLElement).dataset.annotationType!),
  );
}

export async function gridTotal(page: Page): Promise<number> {
  return Number(await page.getAttribute('#grid', 'data-total'));
}

/** Waits until the grid counts `n` items (filters apply asynchronously). */
export async function waitTotal(page: Page, n: number): Promise<void> {
  await page.waitForFunction(
    (n) => document.querySelector('#grid')?.getAttribute('data-total') === String(n),
    n,
    {
      timeout: 10_000,
    },
  );
}
