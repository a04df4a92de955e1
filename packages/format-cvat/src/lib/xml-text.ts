/** Text escaped for an XML element's content. */
export function escapeText(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Text escaped for a double-quoted XML attribute; newlines and tabs survive as character references. */
export function escapeAttr(s: string): string {
  return s.replace(/[&<>"\n\r\t]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case '\n':
        return '&#10;';
      case '\r':
        return '&#13;';
      default:
        return '&#9;';
    }
  });
}

/** A number as written to the XML: the shortest text that reads back to the same double. */
export function formatNumber(n: number): string {
  return Object.is(n, -0) ? '0' : String(n);
}

/** `name="value"` pairs, skipping undefined values. */
export function attrsText(attrs: [string, string | number | undefined][]): string {
  let s = '';
  for (const [k, v] of attrs) {
    if (v === undefined) continue;
    s += ` ${k}="${escapeAttr(typeof v === 'number' ? formatNumber(v) : v)}"`;
  }
  return s;
}
