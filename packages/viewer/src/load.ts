/**
 * Reads a dataset in the page, with the same format packages as the CLI, and keeps what the grid and
 * the filters need: the items, and per item its labels and annotation types.
 */
import {
  type AnnotationType,
  type AnyFormat,
  type Categories,
  DatasetError,
  type DatasetItem,
  type FileTree,
} from '@labelport/core';
import { registry } from './registry.js';

export interface ViewerData {
  name: string;
  format: AnyFormat;
  categories: Categories;
  items: DatasetItem[];
  /** Per item (same index): the label indices and the annotation types it has. */
  labelsOf: Set<number>[];
  typesOf: Set<AnnotationType>[];
  /** Label index -> number of annotations, and number of items, with that label. */
  labelAnnotations: Map<number, number>;
  labelItems: Map<number, number>;
  typeCounts: Map<AnnotationType, number>;
  subsets: Map<string, number>;
  done: boolean;
}

function annotationLabels(item: DatasetItem): { labels: Set<number>; types: Set<AnnotationType> } {
  const labels = new Set<number>();
  const types = new Set<AnnotationType>();
  for (const a of item.annotations) {
    types.add(a.type);
    if (a.label !== undefined) labels.add(a.label);
  }
  return { labels, types };
}

function add(data: ViewerData, item: DatasetItem): void {
  const { labels, types } = annotationLabels(item);
  data.items.push(item);
  data.labelsOf.push(labels);
  data.typesOf.push(types);
  data.subsets.set(item.subset, (data.subsets.get(item.subset) ?? 0) + 1);
  for (const l of labels) data.labelItems.set(l, (data.labelItems.get(l) ?? 0) + 1);
  for (const a of item.annotations) {
    data.typeCounts.set(a.type, (data.typeCounts.get(a.type) ?? 0) + 1);
    if (a.label !== undefined)
      data.labelAnnotations.set(a.label, (data.labelAnnotations.get(a.label) ?? 0) + 1);
  }
}

const nextFrame = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Detects the format, reads the items and calls `onUpdate` as they come: soon after the first ones
 * (so the grid shows them while the rest load), then every quarter of a second, then once at the end.
 */
export async function loadDataset(
  tree: FileTree,
  onUpdate: (data: ViewerData) => void,
  options: { formatId?: string; signal?: AbortSignal; onWarning?: (w: string) => void } = {},
): Promise<ViewerData> {
  // Marks for the devtools' performance panel and the benchmark: where the time to the first items goes.
  performance.mark('labelport:open');
  const { format, tree: root } = await registry.resolve(tree, options.formatId);
  performance.mark('labelport:detected');
  const source = await format.read!(root, { signal: options.signal, onWarning: options.onWarning });
  performance.mark('labelport:read');
  const data: ViewerData = {
    name: tree.name,
    format,
    categories: source.categories,
    items: [],
    labelsOf: [],
    typesOf: [],
    labelAnnotations: new Map(),
    labelItems: new Map(),
    typeCounts: new Map(),
    subsets: new Map(),
    done: false,
  };
  let shown = false;
  let last = performance.now();
  for await (const item of source.items()) {
    // Another dataset was opened meanwhile: stop reading this one.
    if (options.signal?.aborted)
      throw new DatasetError('aborted', 'another dataset was opened', { file: tree.name });
    add(data, item);
    const now = performance.now();
    if ((!shown && data.items.length >= 60) || now - last > 250) {
      if (!shown) performance.mark('labelport:first-items');
      shown = true;
      onUpdate(data);
      await nextFrame();
      last = performance.now();
    }
  }
  data.done = true;
  onUpdate(data);
  return data;
}
