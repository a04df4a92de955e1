/**
 * A tokenizer for the plain XML that CVAT and our writer produce: ASCII, start tags with quoted
 * attributes, end tags, text without entities, an XML declaration first. It finds tags with indexOf
 * instead of looking at every character as saxes does. Anything else (comments, CDATA, entities,
 * other characters, any error) makes it give up (`GIVE_UP` is thrown), and the file is read with
 * saxes, which says what is wrong and where: this path never fails a file saxes would read, nor reads
 * one saxes would fail.
 */

export const GIVE_UP = new Error('not plain XML: read with saxes');

export interface FastXmlHandlers {
  open(name: string, attrs: Record<string, string>, line: number): void;
  close(): void;
  text(t: string): void;
}

/** Characters left to saxes: all but printable ASCII, tab and newline. */
const OTHER_CHARS = /[^\t\n\x20-\x7e]/;
const DECLARATION =
  /^<\?xml[ \t\n]+version[ \t\n]*=[ \t\n]*(["'])1\.0\1([ \t\n]+encoding[ \t\n]*=[ \t\n]*(["'])(utf-8|UTF-8)\3)?([ \t\n]+standalone[ \t\n]*=[ \t\n]*(["'])(yes|no)\6)?[ \t\n]*\?>$/;
const WHITE = /^[ \t\n]*$/;

const isWhite = (c: number) => c === 32 || c === 10 || c === 9;
const isNameStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isNameChar = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;

/** -1: the tag is cut by the end of the text so far. */
const CUT = -1;

/**
 * The names met so far, by their first character: a name is then the same string each time, hashed
 * once (as a key or in a Set), instead of a new slice of the text per element and attribute.
 */
class Names {
  private readonly byFirst: string[][] = [];

  /** The name at i of s (its first character checked); CUT when it may go on past the text's end. */
  read(s: string, i: number): string | typeof CUT {
    const n = s.length;
    const c = s.charCodeAt(i);
    if (!isNameStart(c)) throw GIVE_UP;
    let known = this.byFirst[c];
    if (known) {
      for (const k of known) {
        const end = i + k.length;
        if (end < n && s.startsWith(k, i) && !isNameChar(s.charCodeAt(end))) return k;
      }
    } else known = this.byFirst[c] = [];
    let end = i + 1;
    while (end < n && isNameChar(s.charCodeAt(end))) end++;
    if (end >= n) return CUT;
    const name = s.slice(i, end);
    if (known.length < 32) known.push(name);
    return name;
  }
}

export class FastXml {
  private rest = '';
  private line = 1;
  /** The names of the open elements. */
  private readonly open: string[] = [];
  private readonly names = new Names();
  private seen = false;
  private rootClosed = false;
  /** The text being read has a '&' or a tab somewhere (values must then be looked at for them). */
  private special = false;

  constructor(
    private readonly h: FastXmlHandlers,
    private readonly root: string,
    private readonly maxDepth: number,
  ) {}

  /** The next piece of text (whole characters). */
  feed(chunk: string): void {
    if (OTHER_CHARS.test(chunk)) throw GIVE_UP;
    const s = this.rest ? this.rest + chunk : chunk;
    this.special = s.includes('&') || s.includes('\t');
    const n = s.length;
    let p = 0;
    while (p < n) {
      const lt = s.indexOf('<', p);
      if (lt < 0) {
        this.textRun(s, p, n);
        p = n;
        break;
      }
      if (lt > p) this.textRun(s, p, lt);
      const next = s.charCodeAt(lt + 1) === 47 ? this.endTag(s, lt) : this.startTag(s, lt);
      if (next === CUT) {
        this.rest = s.slice(lt);
        return;
      }
      p = next;
    }
    this.rest = '';
  }

  /** The end of the file: the document must be whole. */
  end(): void {
    if (this.rest !== '' || this.open.length > 0 || !this.rootClosed) throw GIVE_UP;
  }

  private countLines(s: string, from: number, to: number): void {
    for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) this.line++;
  }

  private textRun(s: string, from: number, to: number): void {
    this.seen = true;
    const t = s.slice(from, to);
    this.countLines(s, from, to);
    if (this.open.length === 0) {
      if (!WHITE.test(t)) throw GIVE_UP;
      return;
    }
    if (t.includes('&') || t.includes(']]>') || t.charCodeAt(t.length - 1) === 93) throw GIVE_UP;
    this.h.text(t);
  }

  private endTag(s: string, lt: number): number {
    const gt = s.indexOf('>', lt + 2);
    if (gt < 0) return CUT;
    let e = gt;
    while (e > lt + 2 && isWhite(s.charCodeAt(e - 1))) e--;
    const names = this.open;
    const top = names[names.length - 1];
    if (top === undefined || e - lt - 2 !== top.length || !s.startsWith(top, lt + 2)) throw GIVE_UP;
    this.countLines(s, lt, gt);
    names.pop();
    this.h.close();
    if (names.length === 0) this.rootClosed = true;
    return gt + 1;
  }

  private startTag(s: string, lt: number): number {
    const n = s.length;
    if (lt + 1 >= n) return CUT;
    const first = s.charCodeAt(lt + 1);
    if (first === 63) return this.declaration(s, lt);
    if (first === 33 || this.rootClosed) throw GIVE_UP;
    const name = this.names.read(s, lt + 1);
    if (name === CUT) return CUT;
    let i = lt + 1 + name.length;
    // (a plain object: elements of a kind then share a shape, faster to fill and to read)
    const attrs: Record<string, string> = {};
    // the next '<': a value reaching past it holds one
    let next = s.indexOf('<', lt + 1);
    if (next < 0) next = n;
    let selfClosing = false;
    for (;;) {
      const white = i;
      while (i < n && isWhite(s.charCodeAt(i))) i++;
      if (i >= n) return CUT;
      const c = s.charCodeAt(i);
      if (c === 62) {
        i++;
        break;
      }
      if (c === 47) {
        if (i + 1 >= n) return CUT;
        if (s.charCodeAt(i + 1) !== 62) throw GIVE_UP;
        selfClosing = true;
        i += 2;
        break;
      }
      if (i === white) throw GIVE_UP; // attributes are parted by white space
      i = this.attribute(s, i, attrs, next);
      if (i === CUT) return CUT;
    }
    this.seen = true;
    this.countLines(s, lt, i);
    const names = this.open;
    if ((names.length === 0 && name !== this.root) || names.length + 1 > this.maxDepth) throw GIVE_UP;
    names.push(name);
    this.h.open(name, attrs, this.line);
    if (selfClosing) {
      names.pop();
      this.h.close();
      if (names.length === 0) this.rootClosed = true;
    }
    return i;
  }

  /** One `name="value"` at i; returns where it ends. */
  private attribute(s: string, i: number, attrs: Record<string, string>, next: number): number {
    const n = s.length;
    const name = this.names.read(s, i);
    if (name === CUT) return CUT;
    i += name.length;
    while (i < n && isWhite(s.charCodeAt(i))) i++;
    if (i >= n) return CUT;
    // (a name Object.prototype has, say 'constructor', is left to saxes as a duplicate would be)
    if (s.charCodeAt(i) !== 61 || attrs[name] !== undefined || name === '__proto__') throw GIVE_UP;
    i++;
    while (i < n && isWhite(s.charCodeAt(i))) i++;
    if (i >= n) return CUT;
    const q = s.charCodeAt(i);
    if (q !== 34 && q !== 39) throw GIVE_UP;
    const close = s.indexOf(q === 34 ? '"' : "'", i + 1);
    if (close < 0) return CUT;
    const value = s.slice(i + 1, close);
    // saxes turns tabs and newlines of values into spaces, expands entities and refuses '<'
    if (
      close > next ||
      value.includes('\n') ||
      (this.special && (value.includes('&') || value.includes('\t')))
    )
      throw GIVE_UP;
    attrs[name] = value;
    return close + 1;
  }

  private declaration(s: string, lt: number): number {
    if (this.seen || lt !== 0) throw GIVE_UP;
    const end = s.indexOf('?>', lt);
    if (end < 0) return CUT;
    if (!DECLARATION.test(s.slice(lt, end + 2))) throw GIVE_UP;
    this.countLines(s, lt, end);
    this.seen = true;
    return end + 2;
  }
}
