/**
 * The viewer page: opens a dataset (served by `labelport view`, dropped, or picked), reads it with
 * labelport's formats in the browser, and shows it: grid, filters, histogram, item view, convert.
 * `body[data-state]` says where it is: empty, loading, ready or error.
 */
import type { FileTree } from '@labelport/core';
import { ConvertPanel } from './convert-panel.js';
import { applyFilters, expressionFilter, FilterPanel } from './filters.js';
import { VirtualGrid } from './grid.js';
import { ItemView } from './item-view.js';
import { loadDataset, type ViewerData } from './load.js';
import { servedTree, treeOfDrop, treeOfPicked } from './open.js';

const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!;

let data: ViewerData | undefined;
let shown: number[] = [];
let loading: AbortController | undefined;

/** The item open in the item view, as a place in `shown`. */
let current = -1;
function openAt(position: number): void {
  const index = shown[position];
  if (!data || index === undefined) return;
  current = position;
  itemView.open(data.items[index]!, data);
}
const itemView = new ItemView($('#item-view'), (delta) => openAt(current + delta));
const grid = new VirtualGrid($('#grid'), (index) => openAt(shown.indexOf(index)));
const filters = new FilterPanel($('#filters'), $('#histogram'), () => void refresh());
const converter = new ConvertPanel($('#convert'), () => shown.map((i) => data!.items[i]!));

function setState(state: 'empty' | 'loading' | 'ready' | 'error', message: string): void {
  document.body.dataset.state = state;
  $('#status').textContent = message;
}

let generation = 0;

async function refresh(): Promise<void> {
  if (!data) return;
  const mine = ++generation;
  let indices = applyFilters(data, filters.state);
  try {
    indices = await expressionFilter(data, indices, filters.state.expression);
    filters.expressionProblem('');
  } catch (e) {
    filters.expressionProblem((e as Error).message);
  }
  // A newer refresh (more items, another filter) started while this one evaluated: it wins.
  if (mine !== generation) return;
  shown = indices;
  grid.show(data, shown);
  const total = data.items.length;
  $('#shown-count').textContent =
    shown.length === total ? `${total} items` : `${shown.length} of ${total} items`;
}

function onUpdate(d: ViewerData): void {
  data = d;
  $('#dataset-name').textContent = d.name;
  $('#dataset-format').textContent = d.format.id;
  filters.update(d);
  void refresh();
  if (!d.done) setState('loading', `reading ${d.name} (${d.format.id}): ${d.items.length} items so far…`);
}

async function open(makeTree: () => Promise<FileTree | undefined>): Promise<void> {
  loading?.abort();
  const controller = new AbortController();
  loading = controller;
  itemView.close();
  try {
    setState('loading', 'opening…');
    const tree = await makeTree();
    if (!tree) {
      setState('empty', 'Drop a dataset (a zip or a folder) here, or pick one.');
      return;
    }
    setState('loading', `detecting the format of ${tree.name}…`);
    const warnings: string[] = [];
    const d = await loadDataset(tree, (update) => loading === controller && onUpdate(update), {
      signal: controller.signal,
      onWarning: (w) => warnings.push(w),
    });
    if (loading !== controller) return;
    converter.setData(d);
    const more = warnings.length ? ` (${warnings.length} warnings: ${warnings[0]})` : '';
    setState('ready', `${d.name}: ${d.format.title}, ${d.items.length} items${more}`);
  } catch (e) {
    if (loading === controller) setState('error', (e as Error).message);
  }
}

function wireInputs(): void {
  for (const id of ['#pick-zip', '#pick-folder']) {
    const input = $<HTMLInputElement>(id);
    input.addEventListener('change', () => {
      if (input.files?.length) void open(() => treeOfPicked(input.files!));
    });
  }
  window.addEventListener('dragover', (e) => {
    e.preventDefault();
    document.body.classList.add('dragging');
  });
  window.addEventListener('dragleave', (e) => {
    if (!e.relatedTarget) document.body.classList.remove('dragging');
  });
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    document.body.classList.remove('dragging');
    if (e.dataTransfer) {
      const transfer = e.dataTransfer;
      // The entries must be taken before the event returns.
      const tree = treeOfDrop(transfer);
      void open(() => tree);
    }
  });
}

wireInputs();
void open(servedTree);
