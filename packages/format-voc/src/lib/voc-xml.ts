/**
 * One VOC annotation XML (`Annotations/<id>.xml`), read and written.
 *
 * Boxes: Datumaro reads `<bndbox>` as x = xmin, y = ymin, w = xmax - xmin, h = ymax - ymin and
 * writes xmin = x, xmax = x + w (no 1-pixel shift either way), so the model's box is the XML's
 * numbers as they stand; we do the same, so files round-trip through both tools unchanged.
 */
import { type AttributeValue, type Attributes, DatasetError } from '@labelport/core';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface VocBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface VocPart {
  name: string;
  box: VocBox;
}

export interface VocObject {
  name: string;
  box: VocBox;
  /** difficult, truncated, occluded (booleans), pose, point_x/point_y, and `<attributes>` entries. */
  attributes: Attributes;
  parts: VocPart[];
  /** `<actions>` children, as written. */
  actions: Record<string, boolean>;
}

export interface VocAnnotation {
  filename?: string;
  path?: string;
  width?: number;
  height?: number;
  objects: VocObject[];
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'object' || name === 'part' || name === 'attribute',
});

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : v === undefined || v === null ? undefined : isNode(v) ? undefined : String(v));

/** Lines of the `<object>` start tags, so an error can name the line. */
function objectLines(xml: string): number[] {
  const lines: number[] = [];
  const re = /<object[\s>]/g;
  let m: RegExpExecArray | null;
  let line = 1;
  let last = 0;
  // biome-ignore lint/suspicious/noAssignInExpressions: a plain regex scan
  while ((m = re.exec(xml)) !== null) {
    for (let i = last; i < m.index; i++) if (xml.charCodeAt(i) === 10) line++;
    last = m.index;
    lines.push(line);
  }
  return lines;
}

/** `'1'`/`'0'` (and true/false) as a boolean; anything else is an error. */
function parseBool(v: unknown, what: string, fail: (msg: string) => never): boolean {
  const s = text(v)?.trim();
  if (s === '1' || s === 'true' || s === 'True') return true;
  if (s === '0' || s === 'false' || s === 'False') return false;
  return fail(`${what} must be 0 or 1, got '${s ?? ''}'`);
}

function parseNumber(v: unknown, what: string, fail: (msg: string) => never): number {
  const s = text(v)?.trim();
  if (s === undefined) return fail(`${what} is missing`);
  const n = s === '' ? Number.NaN : Number(s);
  if (!Number.isFinite(n)) return fail(`${what} is not a number: '${s}'`);
  return n;
}

function parseBox(node: unknown, fail: (msg: string) => never): VocBox {
  if (!isNode(node)) return fail('<bndbox> with <xmin> <ymin> <xmax> <ymax> is missing');
  const xmin = parseNumber(node.xmin, '<bndbox><xmin>', fail);
  const ymin = parseNumber(node.ymin, '<bndbox><ymin>', fail);
  const xmax = parseNumber(node.xmax, '<bndbox><xmax>', fail);
  const ymax = parseNumber(node.ymax, '<bndbox><ymax>', fail);
  return { x: xmin, y: ymin, w: xmax - xmin, h: ymax - ymin };
}

/** Attribute values come back typed: 'true'/'false' as booleans, numbers as numbers, the rest as text. */
export function parseAttributeValue(s: string): AttributeValue {
  if (s === 'true' || s === 'True') return true;
  if (s === 'false' || s === 'False') return false;
  if (/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return Number(s);
  return s;
}

export function parseVocXml(xml: string, file: string): VocAnnotation {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new DatasetError('bad-xml', `invalid XML: ${valid.err.msg}`, { file, place: `line ${valid.err.line}` });
  }
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (e) {
    throw new DatasetError('bad-xml', `invalid XML: ${e instanceof Error ? e.message : String(e)}`, { file });
  }
  const root = doc.annotation;
  if (!isNode(root)) {
    if (doc.annotation === '') return { objects: [] };
    throw new DatasetError('bad-voc-xml', 'the root element is not <annotation>', { file });
  }
  const failAt = (place: string) => (msg: string): never => {
    throw new DatasetError('bad-voc-xml', msg, { file, place });
  };
  const out: VocAnnotation = { objects: [] };
  const filename = text(root.filename)?.trim();
  if (filename) out.filename = filename;
  const path = text(root.path)?.trim();
  if (path) out.path = path;
  if (isNode(root.size)) {
    const size = root.size;
    const w = text(size.width)?.trim();
    const h = text(size.height)?.trim();
    if (w) out.width = parseNumber(w, '<size><width>', failAt('<size>'));
    if (h) out.height = parseNumber(h, '<size><height>', failAt('<size>'));
    for (const [k, v] of [['width', out.width], ['height', out.height]] as const) {
      if (v !== undefined && (!Number.isInteger(v) || v < 0)) failAt('<size>')(`<${k}> must be a whole number, got ${v}`);
    }
    if (!out.width || !out.height) {
      out.width = undefined;
      out.height = undefined;
    }
  }
  const objects = Array.isArray(root.object) ? root.object : [];
  const lines = objectLines(xml);
  objects.forEach((obj, i) => {
    const place = `line ${lines[i] ?? '?'}, object ${i + 1}`;
    const fail = failAt(place);
    if (!isNode(obj)) fail('<object> has no <name> and <bndbox>');
    const name = text(obj.name)?.trim();
    if (!name) fail('<name> is missing');
    const attributes: Attributes = {};
    for (const key of ['difficult', 'truncated', 'occluded']) {
      attributes[key] = obj[key] === undefined ? false : parseBool(obj[key], `<${key}>`, fail);
    }
    const pose = text(obj.pose);
    if (pose !== undefined) attributes.pose = pose;
    if (obj.point !== undefined) {
      const p = isNode(obj.point) ? obj.point : {};
      attributes.point_x = parseNumber(p.x, '<point><x>', fail);
      attributes.point_y = parseNumber(p.y, '<point><y>', fail);
    }
    if (isNode(obj.attributes) && Array.isArray(obj.attributes.attribute)) {
      for (const a of obj.attributes.attribute) {
        const an = isNode(a) ? text(a.name) : undefined;
        const av = isNode(a) ? text(a.value) : undefined;
        if (!an) fail('<attributes><attribute><name> is missing');
        if (av === undefined) fail(`<attribute> '${an}' has no <value>`);
        attributes[an!] = parseAttributeValue(av!);
      }
    }
    const box = parseBox(obj.bndbox, fail);
    const parts: VocPart[] = [];
    if (Array.isArray(obj.part)) {
      obj.part.forEach((part: unknown, k: number) => {
        const pfail = failAt(`${place} <part> ${k + 1}`);
        const pname = isNode(part) ? text(part.name)?.trim() : undefined;
        if (!pname) pfail('<name> is missing');
        parts.push({ name: pname!, box: parseBox(isNode(part) ? part.bndbox : undefined, pfail) });
      });
    }
    const actions: Record<string, boolean> = {};
    if (isNode(obj.actions)) {
      for (const [k, v] of Object.entries(obj.actions)) actions[k] = parseBool(v, `<actions><${k}>`, fail);
    }
    out.objects.push({ name: name!, box, attributes, parts, actions });
  });
  return out;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Numbers as the shortest text that reads back to the same double. */
export const formatNumber = (v: number) => (Object.is(v, -0) ? '0' : String(v));

export interface VocObjectToWrite {
  name: string;
  box: VocBox;
  pose?: string;
  truncated: boolean;
  occluded: boolean;
  difficult: boolean;
  point?: [number, number];
  parts: VocPart[];
  actions: [string, boolean][];
  attributes: [string, AttributeValue][];
}

function boxXml(box: VocBox, indent: string): string {
  return [
    `${indent}<bndbox>`,
    `${indent}  <xmin>${formatNumber(box.x)}</xmin>`,
    `${indent}  <ymin>${formatNumber(box.y)}</ymin>`,
    `${indent}  <xmax>${formatNumber(box.x + box.w)}</xmax>`,
    `${indent}  <ymax>${formatNumber(box.y + box.h)}</ymax>`,
    `${indent}</bndbox>`,
  ].join('\n');
}

export function writeVocXml(doc: {
  filename: string;
  width?: number;
  height?: number;
  segmented: boolean;
  objects: VocObjectToWrite[];
}): string {
  const l: string[] = ['<annotation>', '  <folder></folder>', `  <filename>${escapeXml(doc.filename)}</filename>`];
  l.push('  <source>', '    <database>Unknown</database>', '    <annotation>Unknown</annotation>', '    <image>Unknown</image>', '  </source>');
  if (doc.width !== undefined && doc.height !== undefined) {
    l.push('  <size>', `    <width>${doc.width}</width>`, `    <height>${doc.height}</height>`, '    <depth></depth>', '  </size>');
  }
  l.push(`  <segmented>${doc.segmented ? 1 : 0}</segmented>`);
  for (const o of doc.objects) {
    l.push('  <object>', `    <name>${escapeXml(o.name)}</name>`);
    if (o.pose !== undefined) l.push(`    <pose>${escapeXml(o.pose)}</pose>`);
    l.push(`    <truncated>${o.truncated ? 1 : 0}</truncated>`, `    <occluded>${o.occluded ? 1 : 0}</occluded>`, `    <difficult>${o.difficult ? 1 : 0}</difficult>`);
    if (o.point) l.push('    <point>', `      <x>${formatNumber(o.point[0])}</x>`, `      <y>${formatNumber(o.point[1])}</y>`, '    </point>');
    l.push(boxXml(o.box, '    '));
    for (const p of o.parts) l.push('    <part>', `      <name>${escapeXml(p.name)}</name>`, boxXml(p.box, '      '), '    </part>');
    if (o.actions.length) {
      l.push('    <actions>');
      for (const [a, v] of o.actions) l.push(`      <${a}>${v ? 1 : 0}</${a}>`);
      l.push('    </actions>');
    }
    if (o.attributes.length) {
      l.push('    <attributes>');
      for (const [k, v] of o.attributes) {
        l.push('      <attribute>', `        <name>${escapeXml(k)}</name>`, `        <value>${escapeXml(String(v))}</value>`, '      </attribute>');
      }
      l.push('    </attributes>');
    }
    l.push('  </object>');
  }
  l.push('</annotation>', '');
  return l.join('\n');
}
