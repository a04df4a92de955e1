import { DatasetError, type DatasetLimits } from '@labelport/core';
import { parseXmlTree, type XmlElement, xmlChild, xmlChildren } from '@labelport/core/files';

/** One `<object>` of a LabelMe XML, as written (before it becomes annotations). */
export interface LabelMeObject {
  /** Position among the file's objects (0-based), for messages. */
  index: number;
  line?: number;
  id: number;
  name: string;
  deleted: boolean;
  occluded: boolean;
  attributes: string;
  /** `bounding_box` for boxes drawn as boxes. */
  type?: string;
  polygon?: { points: number[]; username: string };
  segm?: { mask: string; username: string };
  hasParts: number[];
  isPartOf: number[];
}

export interface LabelMeDocument {
  filename: string;
  folder: string;
  width?: number;
  height?: number;
  objects: LabelMeObject[];
}

/** The trimmed text of `el`'s child `name`, '' when there is none. */
const textOf = (el: XmlElement | undefined, name: string): string => (el && xmlChild(el, name)?.text) ?? '';

const idList = (s: string, fail: (msg: string) => never): number[] => {
  if (!s) return [];
  return s.split(',').map((p) => {
    const n = Number(p.trim());
    if (!Number.isInteger(n)) fail(`part id '${p.trim()}' is not a whole number`);
    return n;
  });
};

function polygonOf(el: XmlElement, fail: (msg: string) => never): LabelMeObject['polygon'] {
  const points: number[] = [];
  xmlChildren(el, 'pt').forEach((pt, k) => {
    const xs = textOf(pt, 'x');
    const ys = textOf(pt, 'y');
    const x = Number(xs);
    const y = Number(ys);
    if (xs === '' || ys === '' || !Number.isFinite(x) || !Number.isFinite(y))
      fail(`<pt> ${k} needs numbers in <x> and <y>`);
    points.push(x, y);
  });
  return { points, username: textOf(el, 'username') };
}

function objectOf(el: XmlElement, index: number, file: string): LabelMeObject {
  const place = `object ${index} (line ${el.line})`;
  const fail = (msg: string): never => {
    throw new DatasetError('bad-field', msg, { file, place });
  };
  if (el.children.length === 0) fail('the object is empty');
  const idText = textOf(el, 'id');
  const id = idText === '' ? index : Number(idText);
  if (!Number.isInteger(id)) fail(`<id> '${idText}' is not a whole number`);
  const parts = xmlChild(el, 'parts');
  const out: LabelMeObject = {
    index,
    line: el.line,
    id,
    name: textOf(el, 'name'),
    deleted: Number(textOf(el, 'deleted') || 0) !== 0,
    occluded: textOf(el, 'occluded') === 'yes',
    attributes: textOf(el, 'attributes'),
    type: textOf(el, 'type') || undefined,
    hasParts: idList(textOf(parts, 'hasparts'), fail),
    isPartOf: idList(textOf(parts, 'ispartof'), fail),
  };
  const polygon = xmlChild(el, 'polygon');
  const segm = xmlChild(el, 'segm');
  if (polygon) out.polygon = polygonOf(polygon, fail);
  else if (segm) {
    const mask = textOf(segm, 'mask');
    if (!mask) fail('<segm> has no <mask> file name');
    out.segm = { mask, username: textOf(segm, 'username') };
  }
  return out;
}

/**
 * Parses a LabelMe annotation file with core's XML tree. Syntax errors name the line; a bad object
 * names its position and line (`object 3 (line 12): ...`); nesting past `limits.maxDepth` is
 * 'too-large'.
 */
export function parseLabelMeXml(xml: string, file: string, limits?: DatasetLimits): LabelMeDocument {
  const root = parseXmlTree(xml, file, limits);
  if (root.name !== 'annotation')
    throw new DatasetError('bad-field', 'the root element is not <annotation>', {
      file,
      place: `line ${root.line}`,
    });
  const size = xmlChild(root, 'imagesize');
  const dim = (s: string) => {
    const n = Number(s);
    return s !== '' && Number.isInteger(n) && n > 0 ? n : undefined;
  };
  return {
    filename: textOf(root, 'filename'),
    folder: textOf(root, 'folder'),
    width: dim(textOf(size, 'ncols')),
    height: dim(textOf(size, 'nrows')),
    objects: xmlChildren(root, 'object').map((o, index) => objectOf(o, index, file)),
  };
}
