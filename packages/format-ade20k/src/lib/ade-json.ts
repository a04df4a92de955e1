import { DatasetError } from '@labelport/core';
import { parseJson } from '@labelport/core/files';
import { isObject } from '@labelport/core/json';

/** One object of an ADE20K 2020 `<image>.json`, with what Datumaro reads of it. */
export interface AdeObject {
  id: number;
  /** `name_ndx`: the class index in the level images. */
  classIndex: number;
  partLevel: number;
  label: string;
  attributes: string[];
  /** Relative to the image's folder. */
  instanceMask: string;
  /** Flat x,y. */
  polygon: number[];
}

/** core's parseJson, with the message kept on one line (V8 quotes the text around the error, newlines and all). */
export function parseJsonLine(text: string, file: string): unknown {
  try {
    return parseJson(text, file);
  } catch (e) {
    if (e instanceof DatasetError && /[\r\n]/.test(e.detail)) {
      throw new DatasetError(e.code, e.detail.replace(/\s*[\r\n]\s*/g, ' '), {
        file: e.file,
        place: e.place,
        cause: e,
      });
    }
    throw e;
  }
}

export function parseAdeJson(text: string, file: string): AdeObject[] {
  const doc = parseJsonLine(text, file);
  const fail = (place: string, msg: string): never => {
    throw new DatasetError('bad-field', msg, { file, place });
  };
  if (!isObject(doc) || !isObject(doc.annotation))
    return fail('annotation', 'expected an object with an "annotation" object');
  const objects = doc.annotation.object ?? [];
  if (!Array.isArray(objects)) return fail('annotation.object', 'expected a list');
  return objects.map((o, i): AdeObject => {
    const place = `annotation.object[${i}]`;
    if (!isObject(o)) return fail(place, 'expected an object');
    const wholeNumber = (v: unknown, field: string) => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
        return fail(`${place}.${field}`, `expected a non-negative integer, got ${JSON.stringify(v)}`);
      return v;
    };
    const parts = isObject(o.parts) ? o.parts : fail(`${place}.parts`, 'expected an object');
    if (typeof o.raw_name !== 'string') fail(`${place}.raw_name`, 'expected a string');
    if (typeof o.instance_mask !== 'string') fail(`${place}.instance_mask`, 'expected a string');
    const attrs =
      typeof o.attributes === 'string'
        ? [o.attributes]
        : Array.isArray(o.attributes)
          ? o.attributes.map(String)
          : [];
    const polygon: number[] = [];
    if (o.polygon !== undefined) {
      const p = isObject(o.polygon) ? o.polygon : fail(`${place}.polygon`, 'expected an object with x and y');
      const xs = Array.isArray(p.x) ? p.x : fail(`${place}.polygon.x`, 'expected a list of numbers');
      const ys = Array.isArray(p.y) ? p.y : fail(`${place}.polygon.y`, 'expected a list of numbers');
      for (let k = 0; k < Math.min(xs.length, ys.length); k++) {
        if (typeof xs[k] !== 'number' || typeof ys[k] !== 'number')
          fail(`${place}.polygon`, `point ${k} is not two numbers`);
        polygon.push(xs[k] as number, ys[k] as number);
      }
    }
    return {
      id: wholeNumber(o.id, 'id'),
      classIndex: wholeNumber(o.name_ndx, 'name_ndx'),
      partLevel: wholeNumber(parts.part_level, 'parts.part_level'),
      label: o.raw_name as string,
      attributes: attrs.filter((a) => a !== ''),
      instanceMask: o.instance_mask as string,
      polygon,
    };
  });
}

export interface AdeObjectOut {
  id: number;
  classIndex: number;
  partLevel: number;
  label: string;
  attributes: string[];
  occluded: boolean;
  instanceMask: string;
  polygon: number[];
  depth: number;
}

/** The JSON of one image, in the ADE20K 2021 index layout. */
/** JSON with every non-ASCII character escaped: Datumaro reads these files as Latin-1. */
export function asciiJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function formatAdeJson(
  image: { filename: string; folder: string; width: number; height: number },
  objects: AdeObjectOut[],
): string {
  return `${asciiJson(
    {
      annotation: {
        filename: image.filename,
        folder: image.folder,
        imsize: [image.height, image.width, 3],
        source: { folder: '', filename: '', origin: '' },
        scene: [],
        object: objects.map((o) => ({
          id: o.id,
          name: o.label,
          name_ndx: o.classIndex,
          hypernym: [],
          raw_name: o.label,
          attributes: o.attributes,
          depth_ordering_rank: o.depth,
          occluded: o.occluded ? 'yes' : 'no',
          crop: 0,
          parts: { hasparts: [], ispartof: [], part_level: o.partLevel },
          instance_mask: o.instanceMask,
          polygon: { x: o.polygon.filter((_, k) => k % 2 === 0), y: o.polygon.filter((_, k) => k % 2 === 1) },
        })),
      },
    },
    2,
  )}\n`;
}
