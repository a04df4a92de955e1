/**
 * One item at full size: the image with every annotation drawn (one element per annotation carrying
 * `data-annotation-type`; labels and captions as chips), zoom by buttons or Ctrl+wheel, and a table
 * of every annotation's label, id, group, track, z-order and attributes.
 */
import type { Annotation, Attributes, Categories, DatasetItem } from '@labelport/core';
import { labelColor, labelName } from './colors.js';
import { canvasSize, chipElement, drawAnnotations, showImage, svgEl } from './draw.js';
import type { ViewerData } from './load.js';
import { imageUrl } from './media.js';

const show = (v: number | undefined) => (v === undefined ? '' : String(v));

function attributesText(a: Attributes): string {
  return Object.entries(a)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

function cell(text: string, className?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function annotationRow(a: Annotation, index: number, categories: Categories): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.dataset.row = String(index);
  const swatch = cell(labelName(categories, a.label), 'label');
  swatch.style.setProperty('--c', labelColor(categories, a.label));
  const extra = a.type === 'caption' ? `“${a.caption}” ` : '';
  tr.append(
    cell(String(index)),
    cell(a.type),
    swatch,
    cell(show(a.id)),
    cell(show(a.group)),
    cell(show(a.objectId)),
    cell(show(a.zOrder)),
    cell(extra + attributesText(a.attributes), 'attrs'),
  );
  return tr;
}

export class ItemView {
  private zoom = 1;
  private size = { width: 1, height: 1 };
  private svg: SVGSVGElement | undefined;

  /** `step(+1)` / `step(-1)`: the next or previous item shown in the grid (arrow keys). */
  constructor(
    private readonly root: HTMLElement,
    private readonly step: (delta: number) => void = () => {},
  ) {
    root.querySelector('#item-close')!.addEventListener('click', () => this.close());
    root.querySelector('#zoom-in')!.addEventListener('click', () => this.setZoom(this.zoom * 1.5));
    root.querySelector('#zoom-out')!.addEventListener('click', () => this.setZoom(this.zoom / 1.5));
    root.querySelector('#zoom-fit')!.addEventListener('click', () => this.fit());
    root.querySelector('#zoom-full')!.addEventListener('click', () => this.setZoom(1));
    const stage = root.querySelector<HTMLElement>('#item-stage')!;
    stage.addEventListener(
      'wheel',
      (e) => {
        if (!e.ctrlKey) return;
        e.preventDefault();
        this.setZoom(this.zoom * (e.deltaY < 0 ? 1.2 : 1 / 1.2));
      },
      { passive: false },
    );
    document.addEventListener('keydown', (e) => {
      if (root.hidden) return;
      if (e.key === 'Escape') this.close();
      else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') this.step(e.key === 'ArrowRight' ? 1 : -1);
    });
    root.querySelector('#item-table')!.addEventListener('mouseover', (e) => {
      const row = (e.target as Element).closest<HTMLElement>('[data-row]');
      for (const el of this.root.querySelectorAll('.highlight')) el.classList.remove('highlight');
      if (row)
        this.root
          .querySelector(`[data-annotation-type][data-index="${row.dataset.row}"]`)
          ?.classList.add('highlight');
    });
  }

  open(item: DatasetItem, data: ViewerData): void {
    this.root.hidden = false;
    this.root.dataset.itemId = item.id;
    this.root.querySelector('#item-title')!.textContent = `${item.subset} / ${item.id}`;
    this.size = canvasSize(item);
    const { width, height } = this.size;
    const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, class: 'full' });
    const img = svgEl('image', { x: 0, y: 0, width, height, preserveAspectRatio: 'none' });
    imageUrl(item).then((url) =>
      showImage(svg, img, item, url, (size) => {
        if (this.svg !== svg) return;
        this.size = size;
        this.fit();
      }),
    );
    const layer = svgEl('g', { class: 'annotations' });
    svg.append(img, layer);
    const r = Math.max(2, Math.max(width, height) / 250);
    const chips = drawAnnotations(layer, item, data.categories, { maskSide: 1600, pointRadius: r });
    this.svg = svg;
    this.root.querySelector('#item-stage')!.replaceChildren(svg);
    this.root
      .querySelector('#item-chips')!
      .replaceChildren(
        ...chips.map(({ annotation, index }) => chipElement(annotation, index, data.categories)),
      );
    this.fillTable(item, data.categories);
    this.fit();
  }

  private fillTable(item: DatasetItem, categories: Categories): void {
    const body = this.root.querySelector('#item-table tbody')!;
    body.replaceChildren(...item.annotations.map((a, i) => annotationRow(a, i, categories)));
    const media = item.media;
    const facts = [
      `${item.annotations.length} annotations`,
      media?.path ? `media ${media.path}` : 'no media path',
      media?.width !== undefined ? `${media.width}×${media.height}` : 'size unknown',
      media?.frame !== undefined ? `frame ${media.frame}` : '',
      attributesText(item.attributes),
    ].filter(Boolean);
    this.root.querySelector('#item-facts')!.textContent = facts.join(' · ');
  }

  private fit(): void {
    const stage = this.root.querySelector<HTMLElement>('#item-stage')!;
    const z = Math.min(
      (stage.clientWidth - 16) / this.size.width,
      (stage.clientHeight - 16) / this.size.height,
    );
    this.setZoom(Number.isFinite(z) && z > 0 ? z : 1);
  }

  private setZoom(z: number): void {
    this.zoom = Math.min(256, Math.max(0.02, z));
    if (!this.svg) return;
    this.svg.setAttribute('width', String(Math.round(this.size.width * this.zoom)));
    this.svg.setAttribute('height', String(Math.round(this.size.height * this.zoom)));
    // Enlarged past 2x, pixels show as pixels (annotators check edges against them).
    this.svg.classList.toggle('pixelated', this.zoom >= 2);
    // Points keep their size on screen (5 px) at any zoom.
    this.svg.style.setProperty('--pt', `${5 / this.zoom}px`);
    this.root.querySelector('#zoom-level')!.textContent = `${Math.round(this.zoom * 100)}%`;
  }

  close(): void {
    this.root.hidden = true;
    this.svg = undefined;
    this.root.querySelector('#item-stage')!.replaceChildren();
  }
}
