import type { Attributes, AttributeValue } from '@labelport/core';

// LabelMe keeps an object's attributes as one text: `name=value, flag, other="12"`. Backslash escapes
// protect `=`, `"`, `,` and `\` (as Datumaro reads and writes them).
const PLACEHOLDERS: [string, string][] = [
  ['\\=', '\u0000eq\u0000'],
  ['\\"', '\u0000dq\u0000'],
  ['\\,', '\u0000comma\u0000'],
  ['\\\\', '\u0000bs\u0000'],
];
const EXPORT_ESCAPES: [string, string][] = [
  ['\\', '\\\\'],
  ['=', '\\='],
  ['"', '\\"'],
  [',', '\\,'],
];

const replaceAll = (s: string, from: string, to: string) => s.split(from).join(to);

function unescapeText(s: string): string {
  for (const [escaped, ph] of PLACEHOLDERS) s = replaceAll(s, ph, escaped);
  for (const [raw, escaped] of EXPORT_ESCAPES) s = replaceAll(s, escaped, raw);
  return s;
}

export function escapeAttributeText(s: string): string {
  for (const [raw, escaped] of EXPORT_ESCAPES) s = replaceAll(s, raw, escaped);
  return s;
}

/** How Python prints a float: `2.4`, `1.0`. */
const pyFloat = (n: number) => (Number.isInteger(n) ? n.toFixed(1) : String(n));

/** A value text typed as Datumaro types it: booleans, quoted strings, then ints and floats that print back the same. */
function typeValue(value: string): AttributeValue {
  if (value.toLowerCase() === 'true' || value.toLowerCase() === 'false')
    return value.toLowerCase() === 'true';
  if (value.length > 1 && value.startsWith('"') && value.endsWith('"'))
    return unescapeText(value.slice(1, -1));
  if (/^[-+]?\d+$/.test(value) && String(Number.parseInt(value, 10)) === value)
    return Number.parseInt(value, 10);
  const f = Number(value);
  if (value.trim() !== '' && Number.isFinite(f) && pyFloat(f) === value) return f;
  return unescapeText(value);
}

/** `a=1, b, c="x"` -> { a: 1, b: true, c: 'x' }. */
export function parseAttributeText(text: string, into: Attributes = {}): Attributes {
  let s = text;
  for (const [escaped, ph] of PLACEHOLDERS) s = replaceAll(s, escaped, ph);
  for (const part of s.split(',')) {
    const attr = part.trim();
    if (!attr) continue;
    const eq = attr.indexOf('=');
    if (eq >= 0) into[unescapeText(attr.slice(0, eq))] = typeValue(attr.slice(eq + 1));
    else into[unescapeText(attr)] = true;
  }
  return into;
}

/** The attributes as LabelMe text; strings that would read back as numbers are quoted. */
export function formatAttributeText(attributes: Attributes, skip: ReadonlySet<string>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(attributes)) {
    if (skip.has(k)) continue;
    let text: string;
    if (typeof v === 'string') {
      const looksTyped = typeValue(v) !== v || v === '' || v.startsWith('"');
      text = looksTyped ? `"${escapeAttributeText(v)}"` : escapeAttributeText(v);
    } else text = String(v);
    parts.push(`${escapeAttributeText(k)}=${text}`);
  }
  return parts.join(', ');
}
