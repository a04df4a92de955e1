/** The objects of a LabelMe XML as annotations: boxes, polygons and masks (`<segm>`). */
import {
  type Annotation,
  type Attributes,
  DatasetError,
  type DatasetLimits,
  isDatasetError,
  lazyMask,
} from '@labelport/core';
import { dirname, joinPath, safeRelativePath } from '@labelport/core/files';
import { decodeBinaryMaskPng } from '@labelport/core/png';
import { parseAttributeText } from './labelme-attributes.js';
import type { LabelMeDocument, LabelMeObject } from './labelme-xml.js';

export const MASKS_DIR = 'Masks';

/** What an object needs from its file and the tree. */
export interface ObjectContext {
  doc: LabelMeDocument;
  /** The XML file. */
  path: string;
  listing: Set<string>;
  read: (path: string) => Promise<Uint8Array>;
  labelOf: (name: string) => number | undefined;
  /** Object id -> group, from the part hierarchy. */
  groups: Map<number, number>;
  limits: DatasetLimits;
}

type Base = { label?: number; id: number; group?: number; attributes: Attributes };

/** The smallest box around a polygon's points. */
function boxOf(p: number[], base: Base): Annotation {
  let [x0, y0, x1, y1] = [
    Number.POSITIVE_INFINITY,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ];
  for (let i = 0; i < p.length; i += 2) {
    x0 = Math.min(x0, p[i]!);
    x1 = Math.max(x1, p[i]!);
    y0 = Math.min(y0, p[i + 1]!);
    y1 = Math.max(y1, p[i + 1]!);
  }
  return { type: 'bbox', x: x0, y: y0, w: x1 - x0, h: y1 - y0, ...base };
}

/** A `<segm>` object: its mask PNG, found in Masks/<folder>/, Masks/ or beside the XML, loaded lazily. */
function maskOf(o: LabelMeObject, base: Base, c: ObjectContext, place: string): Annotation {
  const { doc, path, limits } = c;
  const maskName = safeRelativePath(o.segm!.mask, { file: path, place });
  const maskPath = [
    joinPath(MASKS_DIR, doc.folder, maskName),
    joinPath(MASKS_DIR, maskName),
    joinPath(dirname(path), MASKS_DIR, maskName),
  ].find((p) => c.listing.has(p));
  if (!maskPath) {
    // control characters escaped: a name from the file may hold a newline; the error is one line
    const shown = joinPath(MASKS_DIR, doc.folder, maskName).replace(/\p{Cc}/gu, (ch) =>
      JSON.stringify(ch).slice(1, -1),
    );
    throw new DatasetError('bad-field', `the mask file '${shown}' does not exist`, { file: path, place });
  }
  const size =
    doc.width !== undefined && doc.height !== undefined
      ? { width: doc.width, height: doc.height }
      : undefined;
  const mask = lazyMask(async () => {
    try {
      // as Datumaro reads LabelMe masks: any channel, alpha included (a black object on a
      // transparent background is an object)
      return decodeBinaryMaskPng(await c.read(maskPath), maskPath, { limits, alpha: true });
    } catch (e) {
      if (isDatasetError(e)) throw e.withLocation(maskPath);
      throw e;
    }
  }, size);
  return { type: 'mask', mask, ...base };
}

/** One object as an annotation (undefined for an object with neither polygon nor mask). */
export function objectAnnotation(o: LabelMeObject, c: ObjectContext): Annotation | undefined {
  const place = `object ${o.index}${o.line ? ` (line ${o.line})` : ''}`;
  const attributes: Attributes = parseAttributeText(o.attributes);
  attributes.occluded = o.occluded;
  const base: Base = { id: o.id, attributes };
  const label = c.labelOf(o.name);
  if (label !== undefined) base.label = label;
  const group = c.groups.get(o.id);
  if (group !== undefined) base.group = group;
  if (o.polygon) {
    attributes.username = o.polygon.username;
    const p = o.polygon.points;
    const fail = (msg: string) => new DatasetError('bad-field', msg, { file: c.path, place });
    if (o.type === 'bounding_box' || p.length === 4) {
      if (p.length < 4) throw fail('a box needs at least 2 points');
      return boxOf(p, base);
    }
    if (p.length < 6) throw fail(`a polygon needs at least 3 points (it has ${p.length / 2})`);
    return { type: 'polygon', points: p, ...base };
  }
  if (o.segm) {
    attributes.username = o.segm.username;
    return maskOf(o, base, c, place);
  }
  return undefined;
}
