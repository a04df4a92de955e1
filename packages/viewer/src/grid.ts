/**
 * The grid of items, virtualised: only the rows in view (and a few around them) exist in the DOM, so
 * 100,000 items scroll as smoothly as 100. Each cell carries `data-item-id` (and `data-subset`).
 */
import type { DatasetItem } from '@labelport/core';
import { canvasSize, chipElement, drawAnnotations, showImage, svgEl } from './draw.js';
import type { ViewerData } from './load.js';
import { imageUrl } from './media.js';

const MIN_CELL = 190;
const ROW_EXTRA = 54; // the caption and chips under the thumbnail
const OVERSCAN = 2;
const MAX_CHIPS = 4;

export class VirtualGrid {
  private readonly spacer: HTMLDivElement;
  private readonly cells = new Map<number, HTMLElement>();
  private data: ViewerData | undefined;
  private indices: number[] = [];
  private cols = 1;
  private cell = MIN_CELL;
  private pending = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly onOpen: (index: number) => void,
  ) {
    this.spacer = document.createElement('div');
    this.spacer.className = 'grid-spacer';
    root.append(this.spacer);
    root.addEventListener('scroll', () => this.schedule(), { passive: true });
    new ResizeObserver(() => this.layout()).observe(root);
    root.addEventListener('keydown', (e) => {
      const cell = (e.target as Element).closest<HTMLElement>('.cell');
      if (cell && (e.key === 'Enter' || e.key === ' ')) {
        e.preventDefault();
        this.onOpen(Number(cell.dataset.index));
      }
    });
    root.addEventListener('click', (e) => {
      // Shapes and chips inside a cell carry their own data-index (the annotation's): go up to the cell.
      const cell = (e.target as Element).closest<HTMLElement>('.cell');
      if (cell?.parentElement === this.spacer) this.onOpen(Number(cell.dataset.index));
    });
  }

  /** Shows the items at `indices` (of `data.items`), keeping the scroll position when possible. */
  show(data: ViewerData, indices: number[]): void {
    const same = this.data === data && sameList(this.indices, indices);
    if (!same) this.clear();
    this.data = data;
    this.indices = indices;
    this.root.dataset.total = String(indices.length);
    this.layout();
  }

  private clear(): void {
    for (const el of this.cells.values()) el.remove();
    this.cells.clear();
  }

  private layout(): void {
    const width = this.root.clientWidth || MIN_CELL;
    const cols = Math.max(1, Math.floor(width / MIN_CELL));
    if (cols !== this.cols) this.clear();
    this.cols = cols;
    this.cell = Math.floor(width / cols);
    const rows = Math.ceil(this.indices.length / cols);
    this.spacer.style.height = `${rows * (this.cell + ROW_EXTRA)}px`;
    this.render();
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.render();
    });
  }

  private render(): void {
    if (!this.data) return;
    const rowH = this.cell + ROW_EXTRA;
    const first = Math.max(0, Math.floor(this.root.scrollTop / rowH) - OVERSCAN);
    const last = Math.ceil((this.root.scrollTop + this.root.clientHeight) / rowH) + OVERSCAN;
    const from = first * this.cols;
    const to = Math.min(this.indices.length, last * this.cols);
    for (const [pos, el] of this.cells) {
      if (pos < from || pos >= to) {
        el.remove();
        this.cells.delete(pos);
      }
    }
    for (let pos = from; pos < to; pos++) {
      if (this.cells.has(pos)) continue;
      const el = this.cellFor(this.indices[pos]!);
      el.style.transform = `translate(${(pos % this.cols) * this.cell}px, ${Math.floor(pos / this.cols) * rowH}px)`;
      el.style.width = `${this.cell - 8}px`;
      this.spacer.append(el);
      this.cells.set(pos, el);
    }
  }

  private cellFor(index: number): HTMLElement {
    const data = this.data!;
    const item = data.items[index]!;
    const el = document.createElement('div');
    el.className = 'cell';
    el.dataset.itemId = item.id;
    el.dataset.subset = item.subset;
    el.dataset.index = String(index);
    el.title = `${item.subset}/${item.id}`;
    el.tabIndex = 0;
    el.setAttribute('role', 'button');
    el.append(thumbnail(item, data, this.cell - 8), caption(item, data));
    return el;
  }
}

function thumbnail(item: DatasetItem, data: ViewerData, side: number): SVGSVGElement {
  const { width, height } = canvasSize(item);
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, class: 'thumb', height: side - 8 });
  const img = svgEl('image', { x: 0, y: 0, width, height, preserveAspectRatio: 'none' });
  svg.append(img);
  imageUrl(item).then((url) => showImage(svg, img, item, url));
  const layer = svgEl('g', { class: 'annotations' });
  svg.append(layer);
  const scale = Math.max(width, height) / side;
  drawAnnotations(layer, item, data.categories, { maskSide: 160, pointRadius: 2.5 * scale });
  return svg;
}

function caption(item: DatasetItem, data: ViewerData): HTMLElement {
  const div = document.createElement('div');
  div.className = 'caption';
  const name = document.createElement('div');
  name.className = 'name';
  name.textContent = item.subset === 'default' ? item.id : `${item.subset} / ${item.id}`;
  const chips = document.createElement('div');
  chips.className = 'chips';
  const shown = item.annotations
    .map((a, i) => ({ a, i }))
    .filter(({ a }) => a.type === 'label' || a.type === 'caption' || a.type === 'cuboid3d');
  for (const { a, i } of shown.slice(0, MAX_CHIPS)) chips.append(chipElement(a, i, data.categories));
  if (shown.length > MAX_CHIPS)
    chips.append(
      Object.assign(document.createElement('span'), {
        className: 'chip more',
        textContent: `+${shown.length - MAX_CHIPS}`,
      }),
    );
  const count = document.createElement('span');
  count.className = 'count';
  count.textContent = `${item.annotations.length} ann.`;
  div.append(name, chips, count);
  return div;
}

function sameList(a: number[], b: number[]): boolean {
  if (a === b) return true;
  // While items load, the list only grows: the cells already shown stay valid.
  if (b.length < a.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
