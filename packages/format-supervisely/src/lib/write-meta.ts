/**
 * The written `meta.json`, as the SDK's ProjectMeta.to_json lays it out: every label an object uses
 * is a class of the shape its objects have ("any" when they have several), a label no object uses a
 * class of its known shape (`infos.supervisely`), of "graph" when it has a skeleton, else of "any" —
 * unless it is only a label of images, which is a tag without a value. Graph classes carry their
 * skeleton as `geometry_config` (nodes keyed "0", "1", ... in point order, named by `label`).
 */
import type { Categories, ReportBuilder, SkeletonCategory } from '@labelport/core';
import { isObject } from '@labelport/core/json';
import { hexColor, paletteColor, type Rgb } from './colors.js';
import type { TagRegistry, TagSpec } from './write-tags.js';

export class ClassRegistry {
  /** Label -> the geometry names its objects have. */
  private readonly shapes = new Map<number, Set<string>>();
  private readonly knownShapes: Map<string, string>;

  constructor(
    private readonly categories: Categories,
    infos: Record<string, unknown> | undefined,
  ) {
    const sly = infos?.supervisely;
    const classes = isObject(sly) && isObject(sly.classes) ? sly.classes : {};
    this.knownShapes = new Map(
      Object.entries(classes).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
  }

  /** An object of `label` with `geometry` is written. */
  use(label: number, geometry: string): void {
    const set = this.shapes.get(label) ?? new Set<string>();
    this.shapes.set(label, set);
    set.add(geometry);
  }

  /** The shape of the class of `label`, or undefined when the label is no class. */
  shapeOf(label: number, tags: TagRegistry): string | undefined {
    const used = this.shapes.get(label);
    if (used?.size === 1) return [...used][0]!;
    if (used && used.size > 1) return 'any';
    const name = this.categories.labels[label]!.name;
    const known = this.knownShapes.get(name);
    if (known) return known;
    if (tags.specs.get(name)?.label === label || tags.specs.get(name)?.valueType === 'none') return undefined;
    return this.categories.skeletons?.has(label) ? 'graph' : 'any';
  }

  colorOf(label: number): Rgb {
    return this.categories.colors?.get(label) ?? paletteColor(label);
  }
}

/** A skeleton as a graph class's geometry_config. */
function graphConfig(skeleton: SkeletonCategory, color: string): Record<string, unknown> {
  const nodes: Record<string, unknown> = {};
  skeleton.points.forEach((label, i) => {
    nodes[String(i)] = { label, loc: [20 + 40 * (i % 8), 20 + 40 * Math.floor(i / 8)], color };
  });
  const edges = skeleton.edges.map(([a, b]) => ({ src: String(a), dst: String(b), color }));
  return { nodes, edges };
}

function classesJson(
  categories: Categories,
  classes: ClassRegistry,
  tags: TagRegistry,
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  categories.labels.forEach((l, label) => {
    const shape = classes.shapeOf(label, tags);
    if (shape === undefined) return;
    const color = hexColor(classes.colorOf(label));
    const skeleton = categories.skeletons?.get(label);
    const config = skeleton && (shape === 'graph' || shape === 'any') ? graphConfig(skeleton, color) : {};
    out.push({ title: l.name, shape, color, geometry_config: config, hotkey: '' });
  });
  return out;
}

/**
 * Where a tag applies. The reader takes a tag without a value that images may carry for a label: such
 * a tag that is no label is for objects only.
 */
function applicableOf(spec: TagSpec): string {
  if (spec.label !== undefined) return spec.onObjects ? 'all' : 'imagesOnly';
  if (spec.valueType === 'none') return 'objectsOnly';
  if (spec.onImages && spec.onObjects) return 'all';
  if (spec.onImages) return 'imagesOnly';
  if (spec.onObjects) return 'objectsOnly';
  return spec.applicable ?? 'all';
}

/** Tags without a value that name labels (of a project read from Supervisely) stay labels when unused. */
function labelKnownTags(categories: Categories, tags: TagRegistry): void {
  const index = new Map(categories.labels.map((l, i) => [l.name, i]));
  for (const s of tags.specs.values()) {
    if (s.valueType !== 'none' || s.label !== undefined || s.applicable === 'objectsOnly') continue;
    if (s.known && index.has(s.name)) s.label = index.get(s.name);
  }
}

function tagsJson(
  categories: Categories,
  classes: ClassRegistry,
  tags: TagRegistry,
): Record<string, unknown>[] {
  const specs = [...tags.specs.values()].filter((s) => s.known || s.onImages || s.onObjects || s.declared);
  // labels of images in label order (they read back after the classes in this order), then the rest
  const labelled = specs.filter((s) => s.label !== undefined).sort((a, b) => a.label! - b.label!);
  const rest = specs.filter((s) => s.label === undefined);
  return [...labelled, ...rest].map((s, i) => {
    const color =
      s.label !== undefined
        ? classes.colorOf(s.label)
        : (s.color ?? paletteColor(categories.labels.length + i));
    const json: Record<string, unknown> = { name: s.name, value_type: s.valueType, color: hexColor(color) };
    if (s.valueType === 'oneof_string') json.values = s.values ?? [];
    json.hotkey = '';
    json.applicable_type = applicableOf(s);
    json.classes = categories.labels
      .filter((l, label) => l.attributes?.includes(s.name) && classes.shapeOf(label, tags) !== undefined)
      .map((l) => l.name);
    return json;
  });
}

/** The project meta JSON. */
export function metaJson(
  categories: Categories,
  classes: ClassRegistry,
  tags: TagRegistry,
  report: ReportBuilder,
) {
  for (const l of categories.labels) for (const a of l.attributes ?? []) tags.declare(a);
  labelKnownTags(categories, tags);
  const parents = categories.labels.filter((l) => l.parent).length;
  report.drop('label parent', parents, 'Supervisely classes have no parents');
  return {
    classes: classesJson(categories, classes, tags),
    tags: tagsJson(categories, classes, tags),
    projectType: 'images',
  };
}
