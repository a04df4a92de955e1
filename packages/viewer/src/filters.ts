/**
 * Filters by subset, label and annotation type, and the label histogram (click a bar to filter by
 * that label). Selects keep their choice while items load; their options follow the counts.
 */
import { labelColor, labelName } from './colors.js';
import type { ViewerData } from './load.js';

export interface FilterState {
  subset: string;
  /** A label index as a string, '' for any. */
  label: string;
  type: string;
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

function fillSelect(select: HTMLSelectElement, all: string, options: [string, string][]): void {
  const value = select.value;
  select.replaceChildren(new Option(all, ''), ...options.map(([v, text]) => new Option(text, v)));
  select.value = options.some(([v]) => v === value) ? value : '';
}

export class FilterPanel {
  readonly state: FilterState = { subset: '', label: '', type: '' };
  private readonly subset: HTMLSelectElement;
  private readonly label: HTMLSelectElement;
  private readonly type: HTMLSelectElement;

  constructor(
    root: HTMLElement,
    private readonly histogram: HTMLElement,
    private readonly onChange: () => void,
  ) {
    this.subset = root.querySelector('#filter-subset')!;
    this.label = root.querySelector('#filter-label')!;
    this.type = root.querySelector('#filter-type')!;
    for (const s of [this.subset, this.label, this.type]) s.addEventListener('change', () => this.read());
    root.querySelector('#filter-clear')!.addEventListener('click', () => {
      this.subset.value = this.label.value = this.type.value = '';
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
    for (const bar of this.histogram.querySelectorAll<HTMLElement>('[data-label]')) {
      bar.classList.toggle('active', bar.dataset.label === this.state.label);
    }
    this.onChange();
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
