import { Dataset } from '../dataset.js';
import type { FormatCapabilities } from '../format.js';
import { encodeRle } from '../geometry/rle.js';
import { loadMask } from '../mask.js';
import type { Annotation, Categories, DatasetItem, DatasetSource } from '../model.js';

export interface CompareOptions {
  /** Numbers are compared to this many decimals (default 6). */
  digits?: number;
  /** Keep only what a format with these capabilities holds. */
  capabilities?: FormatCapabilities;
  /** Leave out annotation ids (formats that renumber). */
  ignoreIds?: boolean;
  /** Leave out groups. */
  ignoreGroups?: boolean;
  /** Leave out attributes with these names. */
  ignoreAttributes?: string[];
  /** Leave out item attributes altogether. */
  ignoreItemAttributes?: boolean;
  /** Leave out media sizes and paths (only the kind stays). */
  ignoreMedia?: boolean;
  /** Compare categories by label names only. */
  labelNamesOnly?: boolean;
}

/**
 * A plain, order-independent picture of a dataset, for deep equality in tests: items sorted by subset
 * and id, annotations sorted, masks as RLE counts (so pixel-equal masks compare equal whatever their
 * source), labels as names, numbers rounded.
 */
export async function normalizeDataset(
  source: DatasetSource,
  options: CompareOptions = {},
): Promise<unknown> {
  const ds = source instanceof Dataset ? source : await Dataset.from(source);
  const labelName = (i?: number) =>
    i === undefined ? undefined : (ds.categories.labels[i]?.name ?? `#${i}`);
  const items: unknown[] = [];
  for (const item of ds) items.push(await normalizeItem(item, labelName, options));
  items.sort((a: any, b: any) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const infos =
    options.capabilities?.infos && source.infos && Object.keys(source.infos).length
      ? source.infos
      : undefined;
  return { categories: normalizeCategories(ds.categories, options), infos: round(infos, 6), items };
}

function round(v: unknown, digits: number): unknown {
  if (typeof v === 'number') {
    const r = Number(v.toFixed(digits));
    return Object.is(r, -0) ? 0 : r;
  }
  if (Array.isArray(v)) return v.map((x) => round(x, digits));
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) o[k] = round(x, digits);
    }
    return o;
  }
  return v;
}

function normalizeCategories(c: Categories, o: CompareOptions): unknown {
  if (o.labelNamesOnly) return c.labels.map((l) => l.name);
  return {
    labels: c.labels.map((l) => ({
      name: l.name,
      parent: l.parent || undefined,
      attributes: l.attributes?.length ? l.attributes : undefined,
    })),
    colors: c.colors?.size ? [...c.colors].sort((a, b) => a[0] - b[0]) : undefined,
    skeletons: c.skeletons?.size ? [...c.skeletons].sort((a, b) => a[0] - b[0]) : undefined,
  };
}

async function normalizeItem(
  item: DatasetItem,
  labelName: (i?: number) => string | undefined,
  o: CompareOptions,
) {
  const digits = o.digits ?? 6;
  const anns: unknown[] = [];
  for (const a of item.annotations) {
    if (o.capabilities && !o.capabilities.annotations.includes(a.type)) continue;
    anns.push(round(await normalizeAnnotation(a, labelName, o), digits));
  }
  anns.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  const media = item.media
    ? o.ignoreMedia
      ? { kind: item.media.kind }
      : {
          kind: item.media.kind,
          width: item.media.width,
          height: item.media.height,
          frame: item.media.frame,
          // where the media is may change (a writer names files by item id); that it is known may not
          path: item.media.path === undefined ? undefined : 'known',
        }
    : undefined;
  const keepAttrs = !(o.ignoreItemAttributes || (o.capabilities && !o.capabilities.attributes));
  return round(
    {
      key: `${o.capabilities && !o.capabilities.subsets ? '' : item.subset}/${item.id}`,
      media,
      attributes: keepAttrs ? item.attributes : undefined,
      annotations: anns,
    },
    digits,
  );
}

async function normalizeAnnotation(
  a: Annotation,
  labelName: (i?: number) => string | undefined,
  o: CompareOptions,
): Promise<Record<string, unknown>> {
  const attrs: Record<string, unknown> = {};
  if (!(o.capabilities && !o.capabilities.attributes)) {
    for (const [k, v] of Object.entries(a.attributes)) if (!o.ignoreAttributes?.includes(k)) attrs[k] = v;
  }
  const base: Record<string, unknown> = {
    type: a.type,
    label: labelName(a.label),
    // 0 is an id like any other: only an absent id is none
    id: o.ignoreIds ? undefined : a.id,
    group: o.ignoreGroups ? undefined : a.group,
    zOrder: a.zOrder || undefined,
    objectId: o.capabilities && !o.capabilities.tracks ? undefined : a.objectId,
    attributes: attrs,
  };
  switch (a.type) {
    case 'mask': {
      const rle = encodeRle(await loadMask(a.mask));
      return { ...base, size: rle.size, counts: rle.counts };
    }
    case 'skeleton':
      return {
        ...base,
        elements: await Promise.all(a.elements.map((e) => normalizeAnnotation(e, labelName, o))),
      };
    default: {
      const {
        type: _t,
        label: _l,
        id: _i,
        group: _g,
        zOrder: _z,
        objectId: _o,
        attributes: _a,
        ...geometry
      } = a as any;
      return { ...base, ...geometry };
    }
  }
}
