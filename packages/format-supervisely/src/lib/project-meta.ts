/**
 * `meta.json`, the project's classes and tags (the SDK's ProjectMeta):
 *   { "classes": [{ "title", "shape", "color", "geometry_config", "hotkey", "id"? }],
 *     "tags": [{ "name", "value_type", "color", "values"?, "hotkey", "applicable_type", "classes" }],
 *     "projectType": "images", "projectSettings"? }
 * Labels are the classes in order, then the tags without a value that images may carry (an image's
 * tag without a value is a label of the image, as Supervisely's classification projects use them).
 * A graph class's `geometry_config` is its skeleton: the nodes (ordered by key, so that the order does
 * not depend on the file's key order) named by their `label`, and the edges.
 */
import type { Categories, LabelCategory, SkeletonCategory } from '@labelport/core';
import { DatasetError } from '@labelport/core';
import {
  asObject,
  badField,
  describeValue,
  isObject,
  listField,
  optionalList,
  optionalString,
  stringField,
} from '@labelport/core/json';
import { parseHexColor, type Rgb } from './colors.js';

/** A graph class's nodes: their keys in point order, and the skeleton they make. */
export interface GraphTemplate {
  keys: string[];
  index: Map<string, number>;
  skeleton: SkeletonCategory;
}

export interface SlyClass {
  title: string;
  /** rectangle, polygon, line, point, bitmap, graph, oriented_bbox, any, ... */
  shape: string;
  label: number;
  graph?: GraphTemplate;
}

export interface SlyTagMeta {
  name: string;
  /** none, any_string, any_number, oneof_string, date. */
  valueType: string;
  values?: string[];
  /** all, imagesOnly or objectsOnly. */
  applicable: string;
  /** The classes the tag is for (none: every class). */
  classes: string[];
  color?: Rgb;
  /** A one-of tag of the values "true" and "false": read as booleans. */
  boolean: boolean;
  /** The label an image carrying this tag (without a value) has. */
  label?: number;
}

export interface ProjectMeta {
  classes: Map<string, SlyClass>;
  tags: Map<string, SlyTagMeta>;
  categories: Categories;
  /** What the model has no place for, for a writer to give back (`infos.supervisely`). */
  infos?: Record<string, unknown>;
}

/** Keys in a fixed order whatever the file's: whole numbers by value first, then the rest. */
export function orderedKeys(keys: string[]): string[] {
  const numeric = (k: string) => /^(0|[1-9]\d{0,14})$/.test(k);
  return [...keys].sort((a, b) => {
    const na = numeric(a);
    const nb = numeric(b);
    if (na && nb) return Number(a) - Number(b);
    if (na !== nb) return na ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

function parseGraph(config: unknown, file: string, place: string): GraphTemplate {
  const o = asObject(config, file, place);
  const nodes = isObject(o.nodes)
    ? o.nodes
    : badField(file, `${place}.nodes`, `expected the graph's nodes, got ${describeValue(o.nodes)}`);
  const keys = orderedKeys(Object.keys(nodes));
  const index = new Map(keys.map((k, i) => [k, i]));
  const points = keys.map((k) => {
    const node = asObject(nodes[k], file, `${place}.nodes.${k}`);
    return optionalString(node, 'label', file, `${place}.nodes.${k}`) ?? k;
  });
  const edges = optionalList(o, 'edges', file, place).map((raw, i): [number, number] => {
    const at = `${place}.edges[${i}]`;
    const e = asObject(raw, file, at);
    const end = (key: 'src' | 'dst') => {
      const k = stringField(e, key, file, at);
      return index.get(k) ?? badField(file, `${at}.${key}`, `'${k}' is not a node of the graph`);
    };
    return [end('src'), end('dst')];
  });
  return { keys, index, skeleton: { points, edges } };
}

function parseClass(raw: unknown, label: number, file: string, place: string): SlyClass {
  const c = asObject(raw, file, place);
  const title = stringField(c, 'title', file, place);
  const shape = stringField(c, 'shape', file, place);
  const config = c.geometry_config;
  const hasNodes = isObject(config) && config.nodes !== undefined;
  if (shape === 'graph' && !hasNodes)
    badField(file, `${place}.geometry_config`, 'a graph class needs its nodes (geometry_config.nodes)');
  const cls: SlyClass = { title, shape, label };
  if (hasNodes) cls.graph = parseGraph(config, file, `${place}.geometry_config`);
  return cls;
}

function parseTagMeta(raw: unknown, file: string, place: string): SlyTagMeta {
  const t = asObject(raw, file, place);
  const name = stringField(t, 'name', file, place);
  const valueType = stringField(t, 'value_type', file, place);
  const values = optionalList(t, 'values', file, place).map((v, i) =>
    typeof v === 'string'
      ? v
      : badField(file, `${place}.values[${i}]`, `expected a string, got ${describeValue(v)}`),
  );
  const classes = optionalList(t, 'classes', file, place).filter((c): c is string => typeof c === 'string');
  const meta: SlyTagMeta = {
    name,
    valueType,
    applicable: optionalString(t, 'applicable_type', file, place) ?? 'all',
    classes,
    boolean:
      valueType === 'oneof_string' &&
      values.length === 2 &&
      values.includes('true') &&
      values.includes('false'),
  };
  if (valueType === 'oneof_string') meta.values = values;
  const color = parseHexColor(t.color);
  if (color) meta.color = color;
  return meta;
}

/** The classes, in order, as labels with their colours and skeletons. */
function readClasses(
  doc: Record<string, unknown>,
  file: string,
  categories: Categories,
): Map<string, SlyClass> {
  const classes = new Map<string, SlyClass>();
  optionalList(doc, 'classes', file, '').forEach((raw, i) => {
    const cls = parseClass(raw, categories.labels.length, file, `classes[${i}]`);
    if (classes.has(cls.title))
      badField(file, `classes[${i}].title`, `the class '${cls.title}' is declared twice`);
    classes.set(cls.title, cls);
    categories.labels.push({ name: cls.title });
    const color = parseHexColor((raw as Record<string, unknown>).color);
    if (color) categories.colors!.set(cls.label, color);
    if (cls.graph) categories.skeletons!.set(cls.label, cls.graph.skeleton);
  });
  return classes;
}

/** The tags; those without a value that images may carry are labels too (after the classes). */
function readTags(doc: Record<string, unknown>, file: string, meta: ProjectMeta): void {
  const { categories, classes, tags } = meta;
  optionalList(doc, 'tags', file, '').forEach((raw, i) => {
    const tag = parseTagMeta(raw, file, `tags[${i}]`);
    if (tags.has(tag.name)) badField(file, `tags[${i}].name`, `the tag '${tag.name}' is declared twice`);
    tags.set(tag.name, tag);
    if (tag.valueType === 'none' && tag.applicable !== 'objectsOnly') {
      const cls = classes.get(tag.name);
      tag.label = cls ? cls.label : categories.labels.push({ name: tag.name }) - 1;
      if (!cls && tag.color) categories.colors!.set(tag.label, tag.color);
    }
    for (const title of tag.classes) {
      const label: LabelCategory | undefined = categories.labels[classes.get(title)?.label ?? -1];
      if (!label) continue;
      label.attributes ??= [];
      label.attributes.push(tag.name);
    }
  });
}

/** What a writer needs again and the model does not hold: class shapes, tag types and values. */
function infosOf(meta: ProjectMeta): Record<string, unknown> | undefined {
  if (meta.classes.size === 0 && meta.tags.size === 0) return undefined;
  const classes = Object.fromEntries([...meta.classes.values()].map((c) => [c.title, c.shape]));
  const tags = [...meta.tags.values()].map((t) => {
    const out: Record<string, unknown> = { name: t.name, value_type: t.valueType };
    if (t.values) out.values = t.values;
    if (t.color) out.color = t.color;
    if (t.applicable !== 'all') out.applicable_type = t.applicable;
    return out;
  });
  return { supervisely: { classes, tags } };
}

/** The project meta of `meta.json` (parsed). An images project only. */
export function parseProjectMeta(raw: unknown, file: string): ProjectMeta {
  const doc = asObject(raw, file, '');
  const type = doc.projectType;
  if (type !== undefined && type !== 'images') {
    throw new DatasetError(
      'unsupported',
      `a Supervisely ${String(type)} project: only images projects are read`,
      { file, place: 'projectType' },
    );
  }
  listField(doc, 'classes', file, '');
  const categories: Categories = { labels: [], colors: new Map(), skeletons: new Map() };
  const meta: ProjectMeta = { classes: new Map(), tags: new Map(), categories };
  meta.classes = readClasses(doc, file, categories);
  readTags(doc, file, meta);
  if (categories.colors!.size === 0) delete categories.colors;
  if (categories.skeletons!.size === 0) delete categories.skeletons;
  meta.infos = infosOf(meta);
  return meta;
}
