/**
 * One VOC annotation XML (`Annotations/<id>.xml`), read and written.
 *
 * Boxes: Datumaro reads `<bndbox>` as x = xmin, y = ymin, w = xmax - xmin, h = ymax - ymin and
 * writes xmin = x, xmax = x + w (no 1-pixel shift either way), so the model's box is the XML's
 * numbers as they stand; we do the same, so files round-trip through both tools unchanged.
 */
import { type Attributes, type AttributeValue, DatasetError } from '@labelport/core';
import {
  xmlChild as child,
  xmlChildren as childrenNamed,
  escapeXmlText,
  parseXmlTree,
  type XmlElement,
} from '@labelport/core/files';

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

/** `'1'`/`'0'` (and true/false) as a boolean; anything else is an error. */
function parseBool(el: XmlElement, what: string, fail: (msg: string) => never): boolean {
  const s = el.text;
  if (s === '1' || s === 'true' || s === 'True') return true;
  if (s === '0' || s === 'false' || s === 'False') return false;
  return fail(`${what} must be 0 or 1, got '${s}'`);
}

function parseNumber(el: XmlElement | undefined, what: string, fail: (msg: string) => never): number {
  if (!el) return fail(`${what} is missing`);
  const s = el.text;
  const n = s === '' ? Number.NaN : Number(s);
  if (!Number.isFinite(n)) return fail(`${what} is not a number: '${s}'`);
  return n;
}

function parseBox(el: XmlElement | undefined, fail: (msg: string) => never): VocBox {
  if (!el) return fail('<bndbox> with <xmin> <ymin> <xmax> <ymax> is missing');
  const xmin = parseNumber(child(el, 'xmin'), '<bndbox><xmin>', fail);
  const ymin = parseNumber(child(el, 'ymin'), '<bndbox><ymin>', fail);
  const xmax = parseNumber(child(el, 'xmax'), '<bndbox><xmax>', fail);
  const ymax = parseNumber(child(el, 'ymax'), '<bndbox><ymax>', fail);
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
  const root = parseXmlTree(xml, file);
  if (root.name !== 'annotation')
    throw new DatasetError('bad-xml', 'the root element is not <annotation>', { file });
  const failAt =
    (place: string) =>
    (msg: string): never => {
      throw new DatasetError('bad-xml', msg, { file, place });
    };
  const out: VocAnnotation = { objects: [] };
  const filename = child(root, 'filename')?.text;
  if (filename) out.filename = filename;
  const path = child(root, 'path')?.text;
  if (path) out.path = path;
  const size = child(root, 'size');
  if (size) {
    const fail = failAt(`line ${size.line}, <size>`);
    const w = child(size, 'width');
    const h = child(size, 'height');
    if (w?.text) out.width = parseNumber(w, '<width>', fail);
    if (h?.text) out.height = parseNumber(h, '<height>', fail);
    for (const [k, v] of [
      ['width', out.width],
      ['height', out.height],
    ] as const) {
      if (v !== undefined && (!Number.isInteger(v) || v < 0)) fail(`<${k}> must be a whole number, got ${v}`);
    }
    if (!out.width || !out.height) {
      out.width = undefined;
      out.height = undefined;
    }
  }
  childrenNamed(root, 'object').forEach((obj, i) => {
    const place = `line ${obj.line}, object ${i + 1}`;
    const fail = failAt(place);
    const name = child(obj, 'name')?.text;
    if (!name) fail('<name> is missing');
    const attributes: Attributes = {};
    // an empty element (labelme2voc writes `<truncated/>`, `<pose/>`) is one not given
    for (const key of ['difficult', 'truncated', 'occluded']) {
      const el = child(obj, key);
      attributes[key] = el === undefined || el.text.trim() === '' ? false : parseBool(el, `<${key}>`, fail);
    }
    const pose = child(obj, 'pose');
    if (pose !== undefined && pose.text.trim() !== '') attributes.pose = pose.text;
    const point = child(obj, 'point');
    if (point !== undefined) {
      attributes.point_x = parseNumber(child(point, 'x'), '<point><x>', fail);
      attributes.point_y = parseNumber(child(point, 'y'), '<point><y>', fail);
    }
    const attrs = child(obj, 'attributes');
    if (attrs) {
      for (const a of childrenNamed(attrs, 'attribute')) {
        const an = child(a, 'name')?.text;
        const av = child(a, 'value');
        if (!an) fail('<attributes><attribute><name> is missing');
        if (av === undefined) fail(`<attribute> '${an}' has no <value>`);
        attributes[an!] = parseAttributeValue(av!.text);
      }
    }
    const box = parseBox(child(obj, 'bndbox'), fail);
    const parts: VocPart[] = childrenNamed(obj, 'part').map((part, k) => {
      const pfail = failAt(`line ${part.line}, object ${i + 1} <part> ${k + 1}`);
      const pname = child(part, 'name')?.text;
      if (!pname) pfail('<name> is missing');
      return { name: pname!, box: parseBox(child(part, 'bndbox'), pfail) };
    });
    const actions: Record<string, boolean> = {};
    const actionsEl = child(obj, 'actions');
    if (actionsEl)
      for (const a of actionsEl.children) actions[a.name] = parseBool(a, `<actions><${a.name}>`, fail);
    out.objects.push({ name: name!, box, attributes, parts, actions });
  });
  return out;
}

/** Numbers as the shortest text that reads back to the same double (-0 as 0), as String writes them. */
export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return v === 0 ? '0' : String(v);
  // most coordinates have at most two decimals: their text is made from the hundredths (the same
  // text as String's shortest one, which costs several times more)
  const k = Math.round(v * 100);
  if (k / 100 !== v || k >= 1e15 || k <= -1e15) return String(v);
  const a = k < 0 ? -k : k;
  const whole = Math.floor(a / 100);
  const f = a - whole * 100;
  const decimals = f % 10 === 0 ? `${f / 10}` : f < 10 ? `0${f}` : `${f}`;
  return `${k < 0 ? '-' : ''}${whole}.${decimals}`;
}

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
  return (
    `${indent}<bndbox>\n${indent}  <xmin>${formatNumber(box.x)}</xmin>\n` +
    `${indent}  <ymin>${formatNumber(box.y)}</ymin>\n` +
    `${indent}  <xmax>${formatNumber(box.x + box.w)}</xmax>\n` +
    `${indent}  <ymax>${formatNumber(box.y + box.h)}</ymax>\n${indent}</bndbox>`
  );
}

export function writeVocXml(doc: {
  /** The image's file name (no <filename> when undefined: an item whose image is not known). */
  filename: string | undefined;
  width?: number;
  height?: number;
  segmented: boolean;
  objects: VocObjectToWrite[];
}): string {
  const l: string[] = ['<annotation>', '  <folder></folder>'];
  if (doc.filename !== undefined) l.push(`  <filename>${escapeXmlText(doc.filename)}</filename>`);
  l.push(
    '  <source>',
    '    <database>Unknown</database>',
    '    <annotation>Unknown</annotation>',
    '    <image>Unknown</image>',
    '  </source>',
  );
  if (doc.width !== undefined && doc.height !== undefined) {
    l.push(
      '  <size>',
      `    <width>${doc.width}</width>`,
      `    <height>${doc.height}</height>`,
      '    <depth></depth>',
      '  </size>',
    );
  }
  l.push(`  <segmented>${doc.segmented ? 1 : 0}</segmented>`);
  for (const o of doc.objects) {
    l.push('  <object>', `    <name>${escapeXmlText(o.name)}</name>`);
    if (o.pose !== undefined) l.push(`    <pose>${escapeXmlText(o.pose)}</pose>`);
    l.push(
      `    <truncated>${o.truncated ? 1 : 0}</truncated>`,
      `    <occluded>${o.occluded ? 1 : 0}</occluded>`,
      `    <difficult>${o.difficult ? 1 : 0}</difficult>`,
    );
    if (o.point)
      l.push(
        '    <point>',
        `      <x>${formatNumber(o.point[0])}</x>`,
        `      <y>${formatNumber(o.point[1])}</y>`,
        '    </point>',
      );
    l.push(boxXml(o.box, '    '));
    for (const p of o.parts)
      l.push(
        '    <part>',
        `      <name>${escapeXmlText(p.name)}</name>`,
        boxXml(p.box, '      '),
        '    </part>',
      );
    if (o.actions.length) {
      l.push('    <actions>');
      for (const [a, v] of o.actions) l.push(`      <${a}>${v ? 1 : 0}</${a}>`);
      l.push('    </actions>');
    }
    if (o.attributes.length) {
      l.push('    <attributes>');
      for (const [k, v] of o.attributes) {
        l.push(
          '      <attribute>',
          `        <name>${escapeXmlText(k)}</name>`,
          `        <value>${escapeXmlText(v)}</value>`,
          '      </attribute>',
        );
      }
      l.push('    </attributes>');
    }
    l.push('  </object>');
  }
  l.push('</annotation>', '');
  return l.join('\n');
}
