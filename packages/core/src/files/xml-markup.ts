/**
 * The markup the XML tokenizer reads beside strict tags and text: processing instructions (the XML
 * declaration checked), comments and doctypes, which it skips, and tags as the tolerant mode takes
 * them. Each `...End` function returns where the markup at p ends, or CUT when it goes on past the
 * text so far; `fail` is given what is wrong and where.
 */
import { decodeReferencesLoosely } from './xml-entities.js';
import { isWhite } from './xml-input.js';
import { CUT, type XmlNames } from './xml-names.js';

type Fail = (message: string, at: number) => never;

const DECLARATION =
  /^<\?xml[ \t\n]+version[ \t\n]*=[ \t\n]*(["'])1\.[0-9]+\1([ \t\n]+encoding[ \t\n]*=[ \t\n]*(["'])[A-Za-z][\w.-]*\3)?([ \t\n]+standalone[ \t\n]*=[ \t\n]*(["'])(yes|no)\5)?[ \t\n]*\?>$/;
const SPACE = /\s/;

/**
 * `<?target ...?>`: a processing instruction, or the XML declaration, which must be `first` in the
 * document. Tolerant, anything up to '?>'.
 */
export function instructionEnd(
  s: string,
  p: number,
  strict: boolean,
  first: boolean,
  names: XmlNames,
  fail: Fail,
): number {
  const end = s.indexOf('?>', p + 2);
  if (end < 0) return CUT;
  if (!strict) return end + 2;
  const target = names.read(s, p + 2);
  if (
    typeof target !== 'string' ||
    !(isWhite(s.charCodeAt(p + 2 + target.length)) || p + 2 + target.length === end)
  )
    fail(`a processing instruction needs a name ('<?name ...?>')`, p);
  if (target.toLowerCase() !== 'xml') return end + 2;
  if (target !== 'xml' || !first) fail('the XML declaration (<?xml ...?>) must come first in the file', p);
  if (!DECLARATION.test(s.slice(p, end + 2))) {
    const text = end + 2 - p > 44 ? `${s.slice(p, p + 40)}...` : s.slice(p, end + 2);
    fail(`the XML declaration '${text}' is malformed`, p);
  }
  return end + 2;
}

/** `<!-- ... -->`; strict, without '--' inside. */
export function commentEnd(s: string, p: number, strict: boolean, fail: Fail): number {
  const end = s.indexOf('-->', p + 4);
  if (end < 0) return CUT;
  if (strict) {
    const dashes = s.indexOf('--', p + 4);
    if (dashes < end) fail(`'--' is not allowed inside a comment`, dashes);
  }
  return end + 3;
}

/**
 * `<!DOCTYPE ...>` with its internal subset, if any (skipped: nothing it declares is used). The
 * subset ends at the ']' followed by '>' that is in no quoted string and no comment.
 */
export function doctypeEnd(s: string, p: number, strict: boolean, fail: Fail): number {
  const n = s.length;
  if (strict && p + 9 < n && !isWhite(s.charCodeAt(p + 9)))
    fail(`'<!DOCTYPE' must be followed by white space`, p);
  let i = p + 9;
  for (let inSubset = false; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 34 || c === 39) {
      const close = s.indexOf(c === 34 ? '"' : "'", i + 1);
      if (close < 0) return CUT;
      i = close;
    } else if (inSubset && c === 60 && s.startsWith('<!--', i)) {
      const close = s.indexOf('-->', i + 4);
      if (close < 0) return CUT;
      i = close + 2;
    } else if (c === 91) inSubset = true;
    else if (c === 93 && inSubset) {
      let k = i + 1;
      while (k < n && SPACE.test(s[k]!)) k++;
      if (k >= n) return CUT;
      if (s.charCodeAt(k) !== 62) fail(`the doctype's internal subset must be followed by '>'`, k);
      return k + 1;
    } else if (c === 62 && !inSubset) return i + 1;
  }
  return CUT;
}

/** A tag's inside (between '<' and '>') as the tolerant mode takes it. */
export const LOOSE_TAG = /^(\/?)([A-Za-z_:][\w:.-]*)((?:\s+[^<>]*?)?)\s*(\/?)$/;
const LOOSE_ATTRIBUTE = /([A-Za-z_:][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The attributes of a tolerant tag's inside: every `name="value"` in it; the rest is ignored. */
export function looseAttributes(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!s) return out;
  for (const m of s.matchAll(LOOSE_ATTRIBUTE)) out[m[1]!] = decodeReferencesLoosely(m[2] ?? m[3] ?? '');
  return out;
}
