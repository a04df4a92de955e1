import { type Categories, type FileTree, type LabelCategory, readText } from '@labelport/core';
import { LabelTable } from '@labelport/core/meta';
import { parseLabelMap } from './label-map-pbtxt.js';
import { KEY } from './od-api-features.js';
import { bytesToText, type Features } from './tf-example.js';

/** A label as a label map (or the records' class/text and class/label) gives it. */
export interface LabelEntry {
  name: string;
  id?: number;
  displayName?: string;
}

/** How the objects' labels are found: by name (class/text), else by id (class/label). */
export interface LabelResolver {
  byName(name: string, id: number | undefined): number | undefined;
  byId(id: number): number | undefined;
}

const validId = (id: number | undefined): id is number => id !== undefined && id > 0;

/** The entries of a label map file, in file order (an item without a name or display name is none). */
export async function readLabelMapEntries(tree: FileTree, path: string): Promise<LabelEntry[]> {
  const out: LabelEntry[] = [];
  for (const it of parseLabelMap(await readText(tree, path), path)) {
    const name = it.name ?? it.displayName;
    if (name !== undefined) out.push({ name, id: it.id, displayName: it.displayName });
  }
  return out;
}

/**
 * With no label map, the labels are the class names (and ids) the records use, in order of first
 * use; ids alone name labels by the id. Adds one Example's to `seen`.
 */
export function collectRecordLabels(features: Features, seen: Map<string, number | undefined>): void {
  const texts = features.get(KEY.classText);
  const ids = features.get(KEY.classLabel);
  const n = texts?.values.length ?? 0;
  for (let i = 0; i < n; i++) {
    const v = texts!.values[i];
    const name = v instanceof Uint8Array ? bytesToText(v) : '';
    const id = ids?.kind === 'int64' ? ids.values[i] : undefined;
    if (name !== '' && !seen.has(name)) seen.set(name, validId(id) ? id : undefined);
  }
  if (n === 0 && ids?.kind === 'int64') {
    for (const id of ids.values) if (id > 0 && !seen.has(String(id))) seen.set(String(id), id);
  }
}

/**
 * Labels, as Datumaro orders them: by label map id (names from class/text added with their
 * class/label id), in core's LabelTable. A name or id not in the label map is added when met, with a
 * warning. Records may name classes by display name (COCO's label map: name '/m/01g317', display_name
 * 'person'): a display name finds its label too.
 */
export function labelResolver(
  entries: LabelEntry[],
  warn: (message: string) => void,
): { categories: Categories; resolver: LabelResolver } {
  const sorted = [...entries].sort(
    (a, b) => (a.id ?? Number.MAX_SAFE_INTEGER) - (b.id ?? Number.MAX_SAFE_INTEGER),
  );
  const table = new LabelTable(
    sorted.map((e): LabelCategory => (validId(e.id) ? { name: e.name, id: e.id } : { name: e.name })),
  );
  const byId = new Map<number, number>();
  table.labels.forEach((l, i) => {
    if (validId(l.id) && !byId.has(l.id)) byId.set(l.id, i);
  });
  const displayNames = new Map<string, number>();
  for (const e of sorted) {
    if (
      e.displayName !== undefined &&
      table.find(e.displayName) === undefined &&
      !displayNames.has(e.displayName)
    )
      displayNames.set(e.displayName, table.find(e.name)!);
  }
  const add = (name: string, id: number | undefined) => {
    const index = table.get(name);
    if (validId(id)) {
      table.labels[index] = { name, id };
      if (!byId.has(id)) byId.set(id, index);
    }
    return index;
  };
  const resolver: LabelResolver = {
    byName(name, id) {
      const known = table.find(name) ?? displayNames.get(name);
      if (known !== undefined) return known;
      warn(`label '${name}' is not in the label map; added`);
      return add(name, validId(id) && !byId.has(id) ? id : undefined);
    },
    byId(id) {
      const known = byId.get(id);
      if (known !== undefined) return known;
      warn(`label id ${id} is not in the label map; added as '${id}'`);
      return add(String(id), id);
    },
  };
  return { categories: { labels: table.labels }, resolver };
}
