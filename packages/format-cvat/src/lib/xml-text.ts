import { escapeXmlAttribute } from '@labelport/core/files';

/** A number as written to the XML: the shortest text that reads back to the same double. */
export function formatNumber(n: number): string {
  return Object.is(n, -0) ? '0' : String(n);
}

/** `name="value"` pairs, skipping undefined values. */
export function attrsText(attrs: [string, string | number | undefined][]): string {
  let s = '';
  for (const [k, v] of attrs) {
    if (v === undefined) continue;
    s += ` ${k}="${escapeXmlAttribute(typeof v === 'number' ? formatNumber(v) : v)}"`;
  }
  return s;
}
