import type { AttributeValue, Categories, LabelCategory, SkeletonCategory } from '@labelport/core';
import { child, childText, descendants, type XmlElement } from './xml-stream.js';

/** One attribute of a label, as `<meta>` declares it. */
export interface CvatAttributeSpec {
  name: string;
  /** checkbox, radio, select, number, text. */
  inputType: string;
  mutable?: string;
  defaultValue?: string;
  values?: string;
}

export interface CvatLabelSpec {
  name: string;
  /** any, rectangle, polygon, ..., skeleton, points (a skeleton's element), tag. */
  type?: string;
  color?: string;
  /** The skeleton a point label belongs to. */
  parent?: string;
  svg?: string;
  attributes: CvatAttributeSpec[];
}

export interface CvatMeta {
  /** 'interpolation' (video) or 'annotation' (images), when a task says. */
  mode?: string;
  labels: CvatLabelSpec[];
  /** `<original_size>`: the frame size of a video task. */
  frameSize?: { width: number; height: number };
  startFrame?: number;
  stopFrame?: number;
  /** From `<frame_filter>step=N</frame_filter>`; 1 when absent. */
  frameStep: number;
  /** Subset names a project declares. */
  subsets: string[];
  /** A project's task ids -> their subsets (for images and tracks that name a task but no subset). */
  taskSubsets: Map<string, string>;
}

const intOf = (s: string | undefined): number | undefined => {
  if (s === undefined || s.trim() === '') return undefined;
  const n = Number(s);
  return Number.isInteger(n) ? n : undefined;
};

/** Reads the `<meta>` element: labels (with attributes, colours, skeletons), frame size and range. */
export function parseCvatMeta(meta: XmlElement): CvatMeta {
  const labels: CvatLabelSpec[] = [];
  const seen = new Set<string>();
  for (const labelsEl of descendants(meta, 'labels')) {
    for (const l of labelsEl.children) {
      if (l.name !== 'label') continue;
      const name = childText(l, 'name') ?? '';
      const parent = childText(l, 'parent')?.trim() || undefined;
      const key = `${parent ?? ''}\u0000${name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const attributes: CvatAttributeSpec[] = [];
      for (const a of child(l, 'attributes')?.children ?? []) {
        if (a.name !== 'attribute') continue;
        attributes.push({
          name: childText(a, 'name') ?? '',
          inputType: (childText(a, 'input_type') ?? 'text').trim().toLowerCase(),
          mutable: childText(a, 'mutable'),
          defaultValue: childText(a, 'default_value'),
          values: childText(a, 'values'),
        });
      }
      labels.push({
        name,
        type: childText(l, 'type')?.trim() || undefined,
        color: childText(l, 'color')?.trim() || undefined,
        parent,
        svg: childText(l, 'svg') || undefined,
        attributes,
      });
    }
  }
  const task = descendants(meta, 'task')[0] ?? descendants(meta, 'job')[0];
  const size = descendants(meta, 'original_size')[0];
  const frameSize =
    size && intOf(childText(size, 'width')) !== undefined && intOf(childText(size, 'height')) !== undefined
      ? { width: intOf(childText(size, 'width'))!, height: intOf(childText(size, 'height'))! }
      : undefined;
  const filter = task ? childText(task, 'frame_filter') : undefined;
  const step = filter ? /step\s*=\s*(\d+)/.exec(filter)?.[1] : undefined;
  const subsets: string[] = [];
  for (const s of descendants(meta, 'subsets')) {
    for (const name of s.text.split(/\r?\n/)) if (name.trim()) subsets.push(name.trim());
  }
  const taskSubsets = new Map<string, string>();
  for (const t of descendants(meta, 'task')) {
    const id = childText(t, 'id')?.trim();
    const subset = childText(t, 'subset')?.trim();
    if (id && subset) taskSubsets.set(id, subset);
  }
  return {
    taskSubsets,
    mode: task ? childText(task, 'mode')?.trim() : undefined,
    labels,
    frameSize,
    startFrame: task ? intOf(childText(task, 'start_frame')) : undefined,
    stopFrame: task ? intOf(childText(task, 'stop_frame')) : undefined,
    frameStep: step ? Math.max(1, Number(step)) : 1,
    subsets,
  };
}

const labelKey = (name: string, parent?: string) => `${parent ?? ''}\u0000${name}`;

/**
 * Labels of one or more files merged by name (and parent, for skeleton points), with what the
 * reader needs to type attributes and to find label indices.
 */
export class CvatLabels {
  readonly categories: Categories = { labels: [] };
  private readonly index = new Map<string, number>();
  private readonly specs = new Map<number, Map<string, CvatAttributeSpec>>();
  /** Attribute specs by name over all labels (Datumaro types attributes by name alone). */
  private readonly globalSpecs = new Map<string, CvatAttributeSpec>();
  /** Skeleton label index -> element label indices, in point order. */
  readonly skeletonElements = new Map<number, number[]>();
  private readonly interned = new Map<string, string>();

  /**
   * One copy of each short text value (attribute values and sources repeat on every shape of a long
   * video), and no substring that keeps the parser's whole input chunk alive.
   */
  intern(s: string): string {
    if (s.length > 64) return ` ${s}`.slice(1);
    const hit = this.interned.get(s);
    if (hit !== undefined) return hit;
    const copy = ` ${s}`.slice(1);
    if (this.interned.size < 50_000) this.interned.set(copy, copy);
    return copy;
  }

  add(meta: CvatMeta): void {
    const c = this.categories;
    for (const spec of meta.labels) {
      const key = labelKey(spec.name, spec.parent);
      let idx = this.index.get(key);
      if (idx === undefined) {
        idx = c.labels.length;
        const label: LabelCategory = { name: spec.name };
        if (spec.parent) label.parent = spec.parent;
        if (spec.attributes.length > 0) label.attributes = spec.attributes.map((a) => a.name);
        c.labels.push(label);
        this.index.set(key, idx);
        const rgb = parseColor(spec.color);
        if (rgb) {
          c.colors ??= new Map();
          c.colors.set(idx, rgb);
        }
      }
      const specs = this.specs.get(idx) ?? new Map<string, CvatAttributeSpec>();
      for (const a of spec.attributes) {
        specs.set(a.name, a);
        if (!this.globalSpecs.has(a.name)) this.globalSpecs.set(a.name, a);
      }
      this.specs.set(idx, specs);
    }
    // Skeletons: the labels whose parent names them, in declaration order; edges from the SVG.
    for (const spec of meta.labels) {
      if (spec.type !== 'skeleton') continue;
      const idx = this.index.get(labelKey(spec.name))!;
      if (c.skeletons?.has(idx)) continue;
      const elements = meta.labels.filter((l) => l.parent === spec.name);
      const points = elements.map((l) => l.name);
      this.skeletonElements.set(
        idx,
        elements.map((l) => this.index.get(labelKey(l.name, l.parent))!),
      );
      const skeleton: SkeletonCategory = { points, edges: parseSkeletonEdges(spec.svg ?? '', points) };
      c.skeletons ??= new Map();
      c.skeletons.set(idx, skeleton);
    }
  }

  /** Labels that no `<meta>` declares (of `<tag>` elements), added after the declared ones. */
  declare(names: string[]): void {
    for (const name of names) {
      if (this.index.has(labelKey(name))) continue;
      this.index.set(labelKey(name), this.categories.labels.length);
      this.categories.labels.push({ name });
    }
  }

  find(name: string, parent?: string): number | undefined {
    return this.index.get(labelKey(name, parent));
  }

  spec(label: number | undefined, attribute: string): CvatAttributeSpec | undefined {
    return (
      (label !== undefined ? this.specs.get(label)?.get(attribute) : undefined) ??
      this.globalSpecs.get(attribute)
    );
  }

  /** An attribute's text typed by its declaration: checkbox -> boolean, number -> number, else string ('true'/'false' -> boolean). */
  typeValue(label: number | undefined, attribute: string, raw: string): AttributeValue {
    const spec = this.spec(label, attribute);
    const lower = raw.trim().toLowerCase();
    if (spec?.inputType === 'checkbox') return lower === 'true';
    if (spec?.inputType === 'number') {
      const n = Number(raw);
      return raw.trim() !== '' && Number.isFinite(n) ? n : raw;
    }
    // 'true'/'false' (any case: CVAT writes Python's 'True'/'False') are booleans whatever the
    // declaration (as Datumaro reads them: it declares every attribute it writes as text); the rest
    // of text, select and radio values, and undeclared ones, text.
    return lower === 'true' ? true : lower === 'false' ? false : this.intern(raw);
  }
}

function parseColor(color: string | undefined): [number, number, number] | undefined {
  const m = color ? /^#?([0-9a-f]{6})$/i.exec(color) : null;
  if (!m) return undefined;
  const v = Number.parseInt(m[1]!, 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/**
 * A skeleton's edges from CVAT's SVG: `<line data-node-from="a" data-node-to="b">` between
 * `<circle data-node-id="a" data-label-name="...">` nodes, turned into 0-based point indices.
 */
export function parseSkeletonEdges(svg: string, points: string[]): [number, number][] {
  const nodeToPoint = new Map<string, number>();
  for (const m of svg.matchAll(/<circle\b[^>]*>/g)) {
    const tag = m[0];
    const node = /data-node-id="([^"]*)"/.exec(tag)?.[1];
    const name = /data-label-name="([^"]*)"/.exec(tag)?.[1];
    if (node === undefined || name === undefined) continue;
    const i = points.indexOf(name);
    if (i >= 0) nodeToPoint.set(node, i);
  }
  const edges: [number, number][] = [];
  for (const m of svg.matchAll(/<line\b[^>]*>/g)) {
    const from = /data-node-from="([^"]*)"/.exec(m[0])?.[1];
    const to = /data-node-to="([^"]*)"/.exec(m[0])?.[1];
    const a = from !== undefined ? nodeToPoint.get(from) : undefined;
    const b = to !== undefined ? nodeToPoint.get(to) : undefined;
    if (a !== undefined && b !== undefined) edges.push([a, b]);
  }
  return edges;
}
