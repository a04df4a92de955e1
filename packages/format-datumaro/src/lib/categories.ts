import { type Categories, DatasetError, type LabelCategory } from '@labelport/core';
import { isObject } from '@labelport/core/json';

/** Datumaro's `categories` object: label (with groups), mask (colormap) and points (skeletons). */
export function parseCategories(v: unknown, file: string): Categories {
  const fail = (place: string, msg: string): never => {
    throw new DatasetError('bad-field', msg, { file, place });
  };
  if (v === undefined) return { labels: [] };
  if (!isObject(v)) return fail('categories', 'expected an object');
  const out: Categories = { labels: [] };
  const label = v.label;
  if (label !== undefined) {
    if (!isObject(label) || !Array.isArray(label.labels))
      return fail('categories.label.labels', 'expected a list');
    out.labels = label.labels.map((l: unknown, i: number): LabelCategory => {
      if (!isObject(l) || typeof l.name !== 'string')
        return fail(`categories.label.labels[${i}]`, 'expected {name}');
      const c: LabelCategory = { name: l.name };
      if (typeof l.parent === 'string' && l.parent !== '') c.parent = l.parent;
      if (Array.isArray(l.attributes) && l.attributes.length) c.attributes = l.attributes.map(String);
      if (typeof l.id === 'number') c.id = l.id;
      return c;
    });
    if (Array.isArray(label.attributes) && label.attributes.length)
      out.attributes = label.attributes.map(String);
    if (Array.isArray(label.label_groups) && label.label_groups.length) {
      out.labelGroups = label.label_groups.map((g: any) => ({
        name: String(g.name),
        groupType: g.group_type === 'inclusive' ? 'inclusive' : 'exclusive',
        labels: Array.isArray(g.labels) ? g.labels.map(String) : [],
      }));
    }
  }
  if (isObject(v.mask) && Array.isArray(v.mask.colormap)) {
    out.colors = new Map();
    v.mask.colormap.forEach((c: any, i: number) => {
      if (!isObject(c) || typeof c.label_id !== 'number')
        fail(`categories.mask.colormap[${i}]`, 'expected {label_id, r, g, b}');
      out.colors!.set(c.label_id, [Number(c.r), Number(c.g), Number(c.b)]);
    });
  }
  if (isObject(v.points) && Array.isArray(v.points.items)) {
    out.skeletons = new Map();
    v.points.items.forEach((c: any, i: number) => {
      if (!isObject(c) || typeof c.label_id !== 'number')
        fail(`categories.points.items[${i}]`, 'expected {label_id, labels, joints}');
      // Datumaro's joints are 1-based (COCO's skeleton convention); the model's edges are 0-based.
      const joints: unknown[] = Array.isArray(c.joints) ? c.joints : [];
      out.skeletons!.set(c.label_id, {
        points: Array.isArray(c.labels) ? c.labels.map(String) : [],
        edges: joints.map((j: any) => [Number(j[0]) - 1, Number(j[1]) - 1] as [number, number]),
      });
    });
  }
  return out;
}

export function categoriesToJson(c: Categories): Record<string, unknown> {
  const out: Record<string, unknown> = {
    label: {
      labels: c.labels.map((l) => ({
        name: l.name,
        parent: l.parent ?? '',
        attributes: l.attributes ?? [],
        ...(l.id !== undefined ? { id: l.id } : {}),
      })),
      label_groups: (c.labelGroups ?? []).map((g) => ({
        name: g.name,
        group_type: g.groupType,
        labels: g.labels,
      })),
      attributes: c.attributes ?? [],
    },
  };
  if (c.colors?.size) {
    out.mask = { colormap: [...c.colors].map(([label_id, [r, g, b]]) => ({ label_id, r, g, b })) };
  }
  if (c.skeletons?.size) {
    out.points = {
      items: [...c.skeletons].map(([label_id, s]) => ({
        label_id,
        labels: s.points,
        joints: s.edges.map(([a, b]) => [a + 1, b + 1]),
      })),
    };
  }
  return out;
}
