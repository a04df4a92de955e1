/**
 * XML names (XML 1.0, fifth edition, productions 4 and 4a) for the tokenizer: which characters may
 * start and continue a name, and a cache that hands out the same string for a name each time it is
 * met, so that element and attribute names are not sliced anew per element (and are the same
 * internalised key of every attributes object).
 */

/** NameStartChar; a surrogate half is taken as one (the planes 1 to 14 are name characters). */
export function isNameStart(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58;
  return (
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    c === 0x200c ||
    c === 0x200d ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xdfff) ||
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd)
  );
}

/** NameChar: a NameStartChar, '-', '.', a digit, U+00B7, U+0300-U+036F, U+203F-U+2040. */
export function isNameChar(c: number): boolean {
  if (c < 128)
    return (
      (c >= 97 && c <= 122) ||
      (c >= 65 && c <= 90) ||
      (c >= 48 && c <= 57) ||
      c === 95 ||
      c === 58 ||
      c === 45 ||
      c === 46
    );
  return isNameStart(c) || c === 0xb7 || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040;
}

/** The name at i is not whole yet: the text may go on with more of it. */
export const CUT = -1;

/** Names kept per first character: a document has few, and a scan of them must stay short. */
const KEPT = 32;

/**
 * The names met so far, by their first (ASCII) character: a known name is then recognised with a
 * `startsWith` and handed out as the same string.
 */
export class XmlNames {
  private readonly byFirst: (string[] | undefined)[] = [];

  /**
   * The name at i of s; CUT when it reaches the end of s (it may go on in the next chunk), and
   * undefined when s has no name start at i.
   */
  read(s: string, i: number): string | typeof CUT | undefined {
    const n = s.length;
    const c = s.charCodeAt(i);
    if (!isNameStart(c)) return i >= n ? CUT : undefined;
    let known = c < 128 ? this.byFirst[c] : undefined;
    if (known) {
      for (const k of known) {
        const end = i + k.length;
        if (end < n && s.startsWith(k, i) && !isNameChar(s.charCodeAt(end))) return k;
      }
    } else if (c < 128) known = this.byFirst[c] = [];
    let end = i + 1;
    while (end < n && isNameChar(s.charCodeAt(end))) end++;
    if (end >= n) return CUT;
    const name = s.slice(i, end);
    if (known && known.length < KEPT) known.push(name);
    return name;
  }
}

/** Characters XML 1.0 does not allow anywhere (the C0 controls but tab, LF and CR; U+FFFE, U+FFFF). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for
export const NOT_XML_CHARS = /[\0-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;
