/**
 * Filters by subset, label and annotation type, and the label histogram (click a bar to filter by
 * that label). Selects keep their choice while items load; their options follow the counts.
 */
import { sourceOf } from '@labelport/core';
import { filter } from '@labelport/ops';
import { labelColor, labelName } from './colors.js';
import type { ViewerData } from './load.js';

export interface FilterState {
  subset: string;
  /** A label index as a string, '' for any. */
  label: string;
  type: string;
  /** A `labelport filter` expression (`label == 'cat' and area > 1000`), '' for none. */
  expression: string;
}

/** The indices of the items that pass every filter. */
export function applyFilters(data: ViewerData, f: FilterState): number[] {
  const label = f.label === '' ? undefined : Number(f.label);
  const out: number[] = [];
  for (let i = 0; i < data.items.length; i++) {
    if (f.subset !== '' && data.items[i]!.subset !== f.subset) continue;
    if (label !== undefined && !data.labelsOf[i]!.has(label)) continue;
    if (f.type !== '' && !data.typesOf[i]!.has(f.type as never)) continue;
    out.push(i);
  }
  return out;
}

/**
 * The items of `indices` that the expression holds for, evaluated by @labelport/ops (the same language
 * and fields as `labelport filter`: an item passes when some annotation does, for annotation fields).
 * A bad expression is a DatasetError ('bad-option') that says what is wrong.
 */
export async function expressionFilter(
  data: ViewerData,
  indices: number[],
  expression: string,
): Promise<number[]> {
  if (expression.trim() === '') return indices;
  const items = indices.map((i) => data.items[i]!);
  const indexOf = new Map(items.map((item, k) => [item, indices[k]!]));
  const { source } = filter(sourceOf(data.categories, items), { expression, mode: 'items' });
  const out: number[] = [];
  for await (const item of source.items()) out.push(indexOf.get(item)!);
  return out;
}

function fillSelect(select: HTMLSelectElement, all: string, options: [string, string][]): void {
  const value = select.value;
  select.replaceChildren(new Option(all, ''), ...options.map(([v, text]) => new Option(text, v)));
  select.value = options.some(([v]) => v === value) ? value : '';
}

export class FilterPanel {
  readonly state: FilterState = { subset: '', label: '', type: '', expression: '' };
  private readonly subset: HTMLSelectElement;
  private readonly label: HTMLSelectElement;
  private readonly type: HTMLSelectElement;
  private readonly expression: HTMLInputElement;
  private readonly expressionError: HTMLElement;

  constructor(
    root: HTMLElement,
    private readonly histogram: HTMLElement,
    private readonly onChange: () => void,
  ) {
    this.subset = root.querySelector('#filter-subset')!;
    this.label = root.querySelector('#filter-label')!;
    this.type = root.querySelector('#filter-type')!;
    this.expression = root.querySelector('#filter-expr')!;
    this.expressionError = root.querySelector('#filter-expr-error')!;
    for (const s of [this.subset, this.label, this.type]) s.addEventListener('change', () => this.read());
    this.expression.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.read();
    });
    this.expression.addEventListener('change', () => this.read());
    root.querySelector('#filter-clear')!.addEventListener('click', () => {
      this.subset.value = this.label.value = this.type.value = this.expression.value = '';
      this.read();
    });
    histogram.addEventListener('click', (e) => {
      const bar = (e.target as Element).closest<HTMLElement>('[data-label]');
      if (!bar) return;
      this.label.value = this.label.value === bar.dataset.label ? '' : bar.dataset.label!;
      this.read();
    });
  }

  private read(): void {
    this.state.subset = this.subset.value;
    this.state.label = this.label.value;
    this.state.type = this.type.value;
    this.state.expression = this.expression.value;
    for (const bar of this.histogram.querySelectorAll<HTMLElement>('[data-label]')) {
      bar.classList.toggle('active', bar.dataset.label === this.state.label);
    }
    this.onChange();
  }

  /** Says what is wrong with the expression ('' when nothing). */
  expressionProblem(message: string): void {
    this.expressionError.textContent = message;
    this.expression.classList.toggle('invalid', message !== '');
  }

  /** New counts (while loading, and when done). */
  update(data: ViewerData): void {
    fillSelect(
      this.subset,
      'all subsets',
      [...data.subsets].map(([s, n]) => [s, `${s} (${n})`]),
    );
    fillSelect(
      this.label,
      'any label',
      data.categories.labels.map((_, i) => [
        String(i),
        `${labelName(data.categories, i)} (${data.labelItems.get(i) ?? 0})`,
      ]),
    );
    fillSelect(
      this.type,
      'any annotation type',
      [...data.typeCounts].map(([t, n]) => [t, `${t} (${n})`]),
    );
    this.drawHistogram(data);
  }

  private drawHistogram(data: ViewerData): void {
    const rows = [...data.labelAnnotations].sort((a, b) => b[1] - a[1]);
    const max = rows[0]?.[1] ?? 1;
    this.histogram.replaceChildren(
      ...rows.map(([label, n]) => {
        const bar = document.createElement('button');
        bar.type = 'button';
        bar.className = 'bar';
        bar.dataset.label = String(label);
        bar.classList.toggle('active', String(label) === this.state.label);
        bar.title = `${n} annotations in ${data.labelItems.get(label) ?? 0} items: click to filter`;
        const fill = document.createElement('span');
        fill.className = 'fill';
        fill.style.width = `${(100 * n) / max}%`;
        fill.style.background = labelColor(data.categories, label);
        const text = document.createElement('span');
        text.className = 'text';
        text.textContent = `${labelName(data.categories, label)} ${n}`;
        bar.append(fill, text);
        return bar;
      }),
    );
  }
}
