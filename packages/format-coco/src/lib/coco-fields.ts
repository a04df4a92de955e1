/** COCO's own field readers (the generic ones are core's, `@labelport/core/json`). */
import type { Attributes, AttributeValue } from '@labelport/core';
import { badField, describeValue, isObject, type JsonObject } from '@labelport/core/json';

/** `iscrowd` as 0/1 (booleans too); missing means 0. */
export function crowdField(o: JsonObject, file: string, place: string): boolean {
  const v = o.iscrowd;
  if (v === undefined || v === 0 || v === false || v === null) return false;
  if (v === 1 || v === true) return true;
  return badField(file, `${place}.iscrowd`, `expected 0 or 1, got ${describeValue(v)}`);
}

/**
 * The annotation's attributes as Datumaro reads them: the `attributes` object (a Datumaro and CVAT
 * extension) without CVAT's defaults (`occluded: false`, `rotation: 0`), plus `score` when present.
 */
export function readAttributes(o: JsonObject, file: string, place: string): Attributes {
  const out: Attributes = {};
  const attrs = o.attributes;
  if (attrs !== undefined && attrs !== null) {
    if (!isObject(attrs))
      badField(file, `${place}.attributes`, `expected an object, got ${describeValue(attrs)}`);
    for (const k in attrs) {
      const v = attrs[k];
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
        out[k] = v as AttributeValue;
      else
        badField(
          file,
          `${place}.attributes.${k}`,
          `expected a string, number or boolean, got ${describeValue(v)}`,
        );
    }
  }
  // CVAT writes its defaults on every shape ("occluded": false, "rotation": 0.0): values nobody set,
  // which a conversion would otherwise report as lost
  if (out.occluded === false) delete out.occluded;
  if (out.rotation === 0) delete out.rotation;
  const score = o.score;
  if (score !== undefined) {
    if (typeof score !== 'number' || !Number.isFinite(score)) {
      badField(file, `${place}.score`, `expected a number, got ${describeValue(score)}`);
    }
    out.score = score;
  }
  return out;
}
