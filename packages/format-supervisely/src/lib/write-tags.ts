/**
 * The tags a written project needs, decided as the items go by (the annotation files are written
 * before meta.json): a tag's value type is the one `infos.supervisely` gives for its name (a project
 * read from Supervisely), else the type of its first value — numbers any_number, strings any_string,
 * booleans a one-of of "true" and "false" (read back as booleans). A value of another type than its
 * tag's is not written, and counted. Labels of images are tags without a value.
 */
import type { ReportBuilder } from '@labelport/core';
import { isObject } from '@labelport/core/json';
import type { Rgb } from './colors.js';
import { CAPTION_TAG, GROUP_TAG } from './tags.js';

export interface TagJson {
  name: string;
  value?: string | number;
}

/** What a tag of the written meta is. */
export interface TagSpec {
  name: string;
  valueType: string;
  values?: string[];
  color?: Rgb;
  applicable?: string;
  onImages: boolean;
  onObjects: boolean;
  /** The label of images carrying it (a tag without a value). */
  label?: number;
  /** Given by infos.supervisely (kept even when nothing uses it). */
  known: boolean;
  /** Named by a label's attribute list (kept even when nothing uses it). */
  declared?: boolean;
}

const BOOLEAN_VALUES = ['true', 'false'];
const isBooleanTag = (t: TagSpec) =>
  t.valueType === 'oneof_string' &&
  t.values?.length === 2 &&
  t.values.includes('true') &&
  t.values.includes('false');

/** The tag specs `infos.supervisely.tags` gives (a project read from Supervisely), by name. */
function knownTags(infos: Record<string, unknown> | undefined): Map<string, TagSpec> {
  const out = new Map<string, TagSpec>();
  const sly = infos?.supervisely;
  const tags = isObject(sly) && Array.isArray(sly.tags) ? sly.tags : [];
  for (const t of tags) {
    if (!isObject(t) || typeof t.name !== 'string' || typeof t.value_type !== 'string') continue;
    const spec: TagSpec = {
      name: t.name,
      valueType: t.value_type,
      onImages: false,
      onObjects: false,
      known: true,
    };
    if (Array.isArray(t.values)) spec.values = t.values.filter((v): v is string => typeof v === 'string');
    if (Array.isArray(t.color) && t.color.length === 3) spec.color = t.color as Rgb;
    if (typeof t.applicable_type === 'string') spec.applicable = t.applicable_type;
    out.set(t.name, spec);
  }
  return out;
}

/** The spec a first value gives a tag. */
function specOfValue(name: string, value: unknown): TagSpec | undefined {
  const spec = (valueType: string, values?: string[]): TagSpec => ({
    name,
    valueType,
    values,
    onImages: false,
    onObjects: false,
    known: false,
  });
  if (typeof value === 'boolean') return spec('oneof_string', [...BOOLEAN_VALUES]);
  if (typeof value === 'number') return spec('any_number');
  if (typeof value === 'string') return spec('any_string');
  return undefined;
}

/** `value` as a value of the tag, or undefined when the tag cannot hold it. */
function valueFor(spec: TagSpec, value: unknown): TagJson | undefined {
  const { name } = spec;
  switch (spec.valueType) {
    case 'none':
      return value === true ? { name } : undefined;
    case 'any_number':
      return typeof value === 'number' ? { name, value } : undefined;
    case 'oneof_string':
      if (isBooleanTag(spec)) return typeof value === 'boolean' ? { name, value: String(value) } : undefined;
      if (typeof value !== 'string') return undefined;
      if (!spec.values!.includes(value)) spec.values!.push(value);
      return { name, value };
    default:
      return typeof value === 'string' ? { name, value } : undefined;
  }
}

export class TagRegistry {
  readonly specs: Map<string, TagSpec>;

  constructor(
    infos: Record<string, unknown> | undefined,
    private readonly report: ReportBuilder,
  ) {
    this.specs = knownTags(infos);
    for (const s of this.specs.values()) if (s.valueType === 'oneof_string') s.values ??= [];
  }

  private spec(name: string, value: unknown): TagSpec | undefined {
    let spec = this.specs.get(name);
    if (!spec) {
      spec = specOfValue(name, value);
      if (spec) this.specs.set(name, spec);
    }
    return spec;
  }

  /** The image tag of a label annotation (a tag without a value), or undefined (counted) when the name is taken. */
  label(name: string, label: number): TagJson | undefined {
    let spec = this.specs.get(name);
    if (!spec) {
      spec = { name, valueType: 'none', onImages: false, onObjects: false, known: false };
      this.specs.set(name, spec);
    }
    if (spec.valueType !== 'none') {
      this.report.drop(
        'label',
        1,
        `the label '${name}' is also a tag with values: image labels of that name are not written`,
      );
      return undefined;
    }
    spec.onImages = true;
    spec.label = label;
    return { name };
  }

  /** An attribute as a tag of an image or an object, or undefined (counted) when it cannot be one. */
  attribute(name: string, value: unknown, on: 'image' | 'object'): TagJson | undefined {
    const kind = on === 'image' ? 'item attribute' : 'attribute';
    if (name === GROUP_TAG || (on === 'image' && name === CAPTION_TAG)) {
      this.report.drop(
        kind,
        1,
        `an attribute named '${name}' is not written: Supervisely gives that tag another meaning`,
      );
      return undefined;
    }
    const spec = this.spec(name, value);
    const tag = spec && !(on === 'image' && spec.valueType === 'none') ? valueFor(spec, value) : undefined;
    if (!tag) {
      const type = spec?.valueType ?? typeof value;
      this.report.drop(
        kind,
        1,
        `the tag '${name}' is ${type}: values of another type (or on images, for a tag without value) are not written`,
      );
      return undefined;
    }
    if (on === 'image') spec!.onImages = true;
    else spec!.onObjects = true;
    return tag;
  }

  /** The label group of an object. */
  group(group: number): TagJson {
    const spec = this.spec(GROUP_TAG, '');
    spec!.onObjects = true;
    spec!.applicable = 'objectsOnly';
    return { name: GROUP_TAG, value: String(group) };
  }

  /** The image's caption (Supervisely's COCO exporter reads the `caption` text tag). */
  caption(text: string): TagJson {
    const spec = this.spec(CAPTION_TAG, text);
    if (spec!.valueType !== 'any_string') spec!.valueType = 'any_string';
    spec!.onImages = true;
    return { name: CAPTION_TAG, value: text };
  }

  /** A tag an attribute list of the categories names (kept so that the label's list reads back). */
  declare(name: string): void {
    const spec = this.specs.get(name);
    if (spec) spec.declared = true;
    else
      this.specs.set(name, {
        name,
        valueType: 'any_string',
        onImages: false,
        onObjects: false,
        known: false,
        declared: true,
      });
  }
}
