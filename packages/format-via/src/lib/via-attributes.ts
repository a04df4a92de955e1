/**
 * VIA's attributes: `region_attributes` and `file_attributes` hold text (strings), the option id of a
 * dropdown or radio attribute, or a checkbox's `{option id: true}`. One region attribute names the label
 * (the read option `labelAttribute`; by default one named label, class or name, else the first that
 * holds text); every other one is an annotation attribute, and file attributes are item attributes.
 * A checkbox's object is kept as its JSON text and written back as the object.
 */
import type { Attributes, AttributeValue } from '@labelport/core';
import { isObject, type JsonObject } from '@labelport/core/json';

/** Region attribute names that name the label, in this order of preference (case ignored). */
const LABEL_NAMES = ['label', 'class', 'name'];

/** What a first pass over the regions found: attribute names in first-seen order, and which hold text. */
export class AttributeSurvey {
  readonly names: string[] = [];
  private readonly seen = new Set<string>();
  private readonly text = new Set<string>();

  add(attributes: unknown): void {
    if (!isObject(attributes)) return;
    for (const [k, v] of Object.entries(attributes)) {
      if (k === '') continue;
      if (!this.seen.has(k)) {
        this.seen.add(k);
        this.names.push(k);
      }
      if (typeof v === 'string' && v !== '') this.text.add(k);
    }
  }

  /** The attribute that names the label: a label/class/name one, else the first holding text. */
  labelAttribute(): string | undefined {
    for (const want of LABEL_NAMES) {
      const hit = this.names.find((n) => n.toLowerCase() === want);
      if (hit !== undefined) return hit;
    }
    return this.names.find((n) => this.text.has(n));
  }
}

/** An attribute value as labelport keeps it: text, numbers and booleans as they are, objects as JSON. */
export function attributeValue(v: unknown): AttributeValue | undefined {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (v === null || v === undefined) return undefined;
  return JSON.stringify(v);
}

/** VIA's attributes as labelport's, leaving out the names in `skip` and the empty name VIA ignores. */
export function attributesOf(raw: JsonObject, skip?: string): Attributes {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === '' || k === skip) continue;
    const value = attributeValue(v);
    if (value !== undefined) out[k] = value;
  }
  return out;
}

/** A checkbox attribute kept as JSON text (`{"a":true}`) back as its object; any other value as it is. */
export function viaValue(v: AttributeValue): unknown {
  if (typeof v !== 'string' || !v.startsWith('{') || !v.endsWith('}')) return v;
  try {
    const o: unknown = JSON.parse(v);
    return isObject(o) && Object.values(o).every((x) => typeof x === 'boolean') ? o : v;
  } catch {
    return v;
  }
}

/** labelport's attributes as VIA's, leaving out `skip`. */
export function viaAttributes(attributes: Attributes, skip: ReadonlySet<string>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(attributes)) if (!skip.has(k)) out[k] = viaValue(v);
  return out;
}

/** The label of a region's label attribute value: its option's description, else the value itself. */
export function labelOfValue(v: unknown, options: Map<string, string> | undefined): string | undefined {
  const id = typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
  if (id === undefined || id === '') return undefined;
  return options?.get(id) || id;
}

/** The options of a dropdown or radio attribute definition (`_via_attributes.region.<name>`): id -> name. */
export function optionsOf(definition: unknown): Map<string, string> | undefined {
  if (!isObject(definition) || !isObject(definition.options)) return undefined;
  const type = definition.type;
  if (type !== 'dropdown' && type !== 'radio') return undefined;
  const out = new Map<string, string>();
  for (const [id, description] of Object.entries(definition.options)) {
    out.set(id, typeof description === 'string' && description !== '' ? description : id);
  }
  return out;
}
