import { DatasetError } from '@labelport/core';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

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

// fast-xml-parser: a LabelMe file is one image's small document, parsed whole; parseTagValue is off
// so that names and values stay text, and repeated elements are always arrays.
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'object' || name === 'pt',
});

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function objectLines(xml: string): number[] {
  const lines: number[] = [];
  const re = /<object[\s>]/g;
  let line = 1;
  let last = 0;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    for (let i = last; i < m.index; i++) if (xml.charCodeAt(i) === 10) line++;
    last = m.index;
    lines.push(line);
  }
  return lines;
}

const idList = (v: unknown, fail: (msg: string) => never): number[] => {
  const s = text(v).trim();
  if (!s) return [];
  return s.split(',').map((p) => {
    const n = Number(p.trim());
    if (!Number.isInteger(n)) fail(`part id '${p.trim()}' is not a whole number`);
    return n;
  });
};

/**
 * Parses a LabelMe annotation file. Syntax errors name the line; a bad object names its position
 * and line (`object 3 (line 12): ...`).
 */
export function parseLabelMeXml(xml: string, file: string): LabelMeDocument {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new DatasetError('bad-xml', `invalid XML: ${valid.err.msg}`, {
      file,
      place: `line ${valid.err.line}`,
    });
  }
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (e) {
    // fast-xml-parser's own limits (nesting, entities) throw plain Errors: they are bad input too.
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new DatasetError(/nested|exceeded/i.test(why) ? 'too-large' : 'bad-xml', `invalid XML: ${why}`, {
      file,
    });
  }
  const root = doc.annotation;
  if (!isNode(root)) throw new DatasetError('bad-field', 'the root element is not <annotation>', { file });
  const size = isNode(root.imagesize) ? root.imagesize : undefined;
  const dim = (v: unknown) => {
    const n = Number(text(v));
    return text(v).trim() !== '' && Number.isInteger(n) && n > 0 ? n : undefined;
  };
  const lines = objectLines(xml);
  const objects: LabelMeObject[] = [];
  const raw = Array.isArray(root.object) ? root.object : [];
  raw.forEach((o: unknown, index) => {
    const place = `object ${index}${lines[index] ? ` (line ${lines[index]})` : ''}`;
    const fail = (msg: string): never => {
      throw new DatasetError('bad-field', msg, { file, place });
    };
    if (!isNode(o)) fail('the object is empty');
    const obj = o as Node;
    const idText = text(obj.id).trim();
    const id = idText === '' ? index : Number(idText);
    if (!Number.isInteger(id)) fail(`<id> '${idText}' is not a whole number`);
    const parts = isNode(obj.parts) ? obj.parts : {};
    const out: LabelMeObject = {
      index,
      line: lines[index],
      id,
      name: text(obj.name),
      deleted: Number(text(obj.deleted) || 0) !== 0,
      occluded: text(obj.occluded) === 'yes',
      attributes: text(obj.attributes),
      type: text(obj.type) || undefined,
      hasParts: idList(parts.hasparts, fail),
      isPartOf: idList(parts.ispartof, fail),
    };
    if (isNode(obj.polygon)) {
      const points: number[] = [];
      const pts = Array.isArray(obj.polygon.pt) ? obj.polygon.pt : [];
      pts.forEach((pt: unknown, k) => {
        const p = isNode(pt) ? pt : {};
        const x = Number(text(p.x));
        const y = Number(text(p.y));
        if (
          text(p.x).trim() === '' ||
          text(p.y).trim() === '' ||
          !Number.isFinite(x) ||
          !Number.isFinite(y)
        ) {
          fail(`<pt> ${k} needs numbers in <x> and <y>`);
        }
        points.push(x, y);
      });
      out.polygon = { points, username: text(obj.polygon.username) };
    } else if (isNode(obj.segm)) {
      const mask = text(obj.segm.mask).trim();
      if (!mask) fail('<segm> has no <mask> file name');
      out.segm = { mask, username: text(obj.segm.username) };
    }
    objects.push(out);
  });
  return {
    filename: text(root.filename).trim(),
    folder: text(root.folder).trim(),
    width: dim(size?.ncols),
    height: dim(size?.nrows),
    objects,
  };
}
