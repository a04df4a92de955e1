/**
 * Tags as an annotation file holds them: `{ "name": "situated", "value": "outside" }` (platform exports
 * add `id`, `tagId`, `labelerLogin`, `createdAt`, `updatedAt`); a tag without a value has
 * `"value": null` or no value at all, and old files may hold the bare name. Values are read as the tag
 * says: numbers, strings, a one-of of "true"/"false" as booleans, no value as `true`.
 */
import type { AttributeValue } from '@labelport/core';
import { asObject, badField, describeValue, stringField } from '@labelport/core/json';
import type { SlyTagMeta } from './project-meta.js';

/** The tag that ties objects into a label group (Supervisely's label groups). */
export const GROUP_TAG = '@label-group-id';
/** The image tag Supervisely's COCO exporter takes for the image's caption. */
export const CAPTION_TAG = 'caption';

export interface Tag {
  name: string;
  /** null: the tag has no value. */
  value: string | number | boolean | null;
}

export function parseTag(raw: unknown, file: string, place: string): Tag {
  if (typeof raw === 'string') return { name: raw, value: null };
  const t = asObject(raw, file, place);
  const name = stringField(t, 'name', file, place);
  const value = t.value ?? null;
  if (
    value !== null &&
    typeof value !== 'string' &&
    typeof value !== 'number' &&
    typeof value !== 'boolean'
  ) {
    badField(file, `${place}.value`, `expected a string or a number, got ${describeValue(value)}`);
  }
  return { name, value: value as Tag['value'] };
}

/** A tag's value as an attribute value. */
export function tagValue(tag: Tag, meta: SlyTagMeta | undefined): AttributeValue {
  if (tag.value === null) return true;
  if (meta?.boolean && (tag.value === 'true' || tag.value === 'false')) return tag.value === 'true';
  return tag.value;
}

/** A label group's value as a group number: its own when it is a whole number, else one of `taken`'s. */
export class GroupNumbers {
  private readonly named = new Map<string, number>();
  // from 1: Datumaro (and the formats that follow it) take group 0 for none
  private next = 1;

  constructor(private readonly taken: Set<number>) {}

  of(value: Tag['value']): number {
    const text = String(value);
    if (/^(0|-?[1-9]\d{0,14})$/.test(text)) return Number(text);
    let n = this.named.get(text);
    if (n === undefined) {
      while (this.taken.has(this.next)) this.next++;
      n = this.next++;
      this.taken.add(n);
      this.named.set(text, n);
    }
    return n;
  }
}

/** The whole-number label groups of an annotation file's objects (taken before named ones get numbers). */
export function numberedGroups(objects: unknown[]): Set<number> {
  const out = new Set<number>();
  for (const o of objects) {
    const tags = (o as { tags?: unknown })?.tags;
    if (!Array.isArray(tags)) continue;
    for (const t of tags) {
      const v =
        (t as { name?: unknown; value?: unknown })?.name === GROUP_TAG
          ? String((t as { value?: unknown }).value)
          : '';
      if (/^(0|-?[1-9]\d{0,14})$/.test(v)) out.add(Number(v));
    }
  }
  return out;
}
