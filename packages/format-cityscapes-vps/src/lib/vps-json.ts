// The COCO-panoptic-like JSONs of Cityscapes-VPS, read with core's field readers.
import { safeRelativePath } from '@labelport/core/files';
import {
  asObject,
  intField,
  type JsonObject,
  listField,
  optionalList,
  stringField,
} from '@labelport/core/json';
import type { VpsCategory } from './vps-categories.js';

export interface JsonImage {
  id: string;
  file_name: string;
  width?: number;
  height?: number;
}
export interface JsonSegment {
  id: number;
  category_id: number;
  iscrowd?: number;
}
export interface JsonAnnotation {
  image_id: string;
  file_name: string;
  segments_info: JsonSegment[];
}

/** The categories (sorted by id), or undefined when the file has none. */
export function parseCategories(doc: JsonObject, file: string): VpsCategory[] | undefined {
  if (doc.categories === undefined) return undefined;
  return optionalList(doc, 'categories', file, '')
    .map((c, i) => {
      const place = `categories[${i}]`;
      const o = asObject(c, file, place);
      const color =
        Array.isArray(o.color) && o.color.length === 3
          ? (o.color.map(Number) as [number, number, number])
          : [0, 0, 0];
      return {
        id: intField(o, 'id', file, place),
        name: String(o.name),
        supercategory: String(o.supercategory ?? ''),
        isthing: o.isthing ? 1 : 0,
        color,
      } as VpsCategory;
    })
    .sort((a, b) => a.id - b.id);
}

export function parseImages(doc: JsonObject, file: string): JsonImage[] {
  return optionalList(doc, 'images', file, '').map((x, i) => {
    const place = `images[${i}]`;
    const o = asObject(x, file, place);
    return {
      id: String(o.id),
      file_name: safeRelativePath(stringField(o, 'file_name', file, place), {
        file,
        place: `${place}.file_name`,
      }),
      width: typeof o.width === 'number' ? o.width : undefined,
      height: typeof o.height === 'number' ? o.height : undefined,
    };
  });
}

function parseSegment(s: unknown, file: string, place: string): JsonSegment {
  const o = asObject(s, file, place);
  return {
    id: intField(o, 'id', file, place),
    category_id: intField(o, 'category_id', file, place),
    iscrowd: o.iscrowd ? 1 : 0,
  };
}

export function parseAnnotations(doc: JsonObject, file: string): JsonAnnotation[] {
  return optionalList(doc, 'annotations', file, '').map((x, i) => {
    const place = `annotations[${i}]`;
    const o = asObject(x, file, place);
    const segments = listField(o, 'segments_info', file, place);
    return {
      image_id: String(o.image_id),
      file_name: safeRelativePath(stringField(o, 'file_name', file, place), {
        file,
        place: `${place}.file_name`,
      }),
      segments_info: segments.map((s, k) => parseSegment(s, file, `${place}.segments_info[${k}]`)),
    };
  });
}
