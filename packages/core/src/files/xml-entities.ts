/**
 * Entity and character references of XML text and attribute values: the five predefined entities
 * and `&#...;` / `&#x...;`. Entities declared in a doctype are never expanded (no "billion laughs").
 */
import { isNameChar, isNameStart } from './xml-names.js';

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** True for a code point XML allows in a document (production 2, Char). */
function isXmlChar(cp: number): boolean {
  return (
    cp === 9 ||
    cp === 10 ||
    cp === 13 ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** The character of a reference's inside (`amp`, `#38`, `#x26`), or undefined when it is none. */
function referenced(ref: string): string | undefined {
  if (ref.charCodeAt(0) !== 35) return PREDEFINED[ref];
  const hex = ref.charCodeAt(1) === 120;
  const digits = ref.slice(hex ? 2 : 1);
  if (!(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return undefined;
  const cp = Number.parseInt(digits, hex ? 16 : 10);
  return isXmlChar(cp) ? String.fromCodePoint(cp) : undefined;
}

/** The longest reference's inside: `#x10FFFF` with some leading zeros. */
const LONGEST = 40;

/** A character of a reference's inside: a name character or '#'. */
const isReferenceChar = (c: number) => c === 35 || isNameChar(c);

/**
 * What is wrong with the reference from the '&' at `amp`: `j` is where its characters stop (at a ';'
 * for a whole one). Only the text up to s[j] is quoted (a text cut before a '&' that may start a
 * reference holds s[j] already): the message is the same however the text came in chunks.
 */
function badReference(s: string, amp: number, j: number): string {
  const ref = s.slice(amp + 1, j);
  if (j - amp > LONGEST) return `'&${ref.slice(0, 10)}...' is not a reference (no ';' after it)`;
  if (j >= s.length) return `the reference '&${ref}' does not end with ';'`;
  if (s.charCodeAt(j) !== 59) return `'&' must start a reference such as &amp; (got '&${ref}${s[j]}')`;
  if (ref.charCodeAt(0) === 35) return `'&${ref};' is not a character XML allows`;
  let name = ref.length > 0 && isNameStart(ref.charCodeAt(0));
  for (let i = 1; name && i < ref.length; i++) name = isNameChar(ref.charCodeAt(i));
  return name
    ? `the entity '&${ref};' is not defined (only &lt; &gt; &amp; &quot; &apos; are)`
    : `'&${ref};' is not a reference`;
}

/**
 * `s[start, end)` with its references replaced by their characters. A reference that is not one (an
 * undefined entity, a bare '&', a character XML does not allow) is given to `fail` with its index.
 */
export function decodeReferences(
  s: string,
  start: number,
  end: number,
  fail: (message: string, at: number) => never,
): string {
  let out = '';
  let i = start;
  for (let amp = s.indexOf('&', i); amp >= 0 && amp < end; amp = s.indexOf('&', i)) {
    out += s.slice(i, amp);
    let j = amp + 1;
    while (j < end && j - amp <= LONGEST && isReferenceChar(s.charCodeAt(j))) j++;
    const char = j < end && s.charCodeAt(j) === 59 ? referenced(s.slice(amp + 1, j)) : undefined;
    if (char === undefined) fail(badReference(s, amp, j), amp);
    out += char;
    i = j + 1;
  }
  return i === start ? s.slice(start, end) : out + s.slice(i, end);
}

/**
 * True when `s[amp, end)` (from a '&' to the end of the text so far) may still become a reference:
 * the rest of it may come with the next chunk.
 */
export function mayBeReference(s: string, amp: number, end: number): boolean {
  if (end - amp > LONGEST) return false;
  for (let i = amp + 1; i < end; i++) if (!isReferenceChar(s.charCodeAt(i))) return false;
  return true;
}

const LOOSE_REFERENCE = /&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;

/** The tolerant form: a reference that is not one stays as it is. */
export function decodeReferencesLoosely(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(LOOSE_REFERENCE, (whole, e: string) => {
    if (e.charCodeAt(0) !== 35) return PREDEFINED[e]!;
    const cp = e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
  });
}
