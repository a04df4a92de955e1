/**
 * The one XML tokenizer: text goes in chunk by chunk (a file of any size), start tags with their
 * attributes, end tags and text come out to a handler as soon as they are whole. Tags and text are
 * found with indexOf, not character by character, and element and attribute names met before are
 * recognised without being sliced again: plain XML is read at the speed of a scan.
 *
 * Strict (the default) is XML 1.0 well-formedness as a non-validating parser checks it (saxes, lxml):
 * names, quoted attributes parted by white space, no duplicate attribute, no '<' in a value, only
 * the predefined entities and character references, no ']]>' in text, no '--' in a comment, the XML
 * declaration first, a doctype before the root, one root, every element closed, only characters XML
 * allows; line ends are normalised (CR LF and CR to LF) and white space in values to spaces.
 * Tolerant (`strict: false`) reads what the small annotation files of VOC, LabelMe or KITTI have in
 * the wild: a tag's inside is taken up to its '>' with the attributes it has, and a bad reference
 * stays as written; nesting and the root are checked the same.
 *
 * Comments, processing instructions and doctypes are skipped (entities a doctype declares are never
 * expanded: no "billion laughs"); CDATA is text. A broken document is DatasetError 'bad-xml' naming
 * the file and the line (and column, with `columns`) where it is broken; nesting deeper than
 * `maxDepth` is 'too-large'. The tokenizer keeps no tree: the handler builds what it needs.
 */
import { DEFAULT_LIMITS } from '../limits.js';
import { XmlElements, type XmlHandler } from './xml-elements.js';
import { decodeReferences, decodeReferencesLoosely, mayBeReference } from './xml-entities.js';
import { after, CUT, isWhite } from './xml-input.js';
import { commentEnd, doctypeEnd, instructionEnd, LOOSE_TAG, looseAttributes } from './xml-markup.js';
import { XmlNames } from './xml-names.js';

export type { XmlHandler };

export interface XmlTokenizerOptions {
  /** The file's name, for errors. */
  file: string;
  /** XML 1.0 well-formedness (default); `false` reads as tolerantly as the module comment says. */
  strict?: boolean;
  /** The root element's name: any other root is an error. */
  root?: string;
  /** Elements nested deeper are DatasetError 'too-large' (default: limits.maxDepth's default). */
  maxDepth?: number;
  /** Errors name the column as well as the line. */
  columns?: boolean;
}

const VALUE_WHITE = /[\t\n]/g;
/** The tolerant mode's names: [A-Za-z_:] then [A-Za-z0-9_:.-]. */
const isLooseNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58;
const isLooseNameChar = (c: number) => isLooseNameStart(c) || (c >= 48 && c <= 57) || c === 46 || c === 45;

function setAttribute(attrs: Record<string, string>, name: string, value: string): boolean {
  if (attrs[name] !== undefined && Object.hasOwn(attrs, name)) return false;
  if (name === '__proto__') Object.defineProperty(attrs, name, { value, enumerable: true, writable: true });
  else attrs[name] = value;
  return true;
}

export class XmlTokenizer extends XmlElements {
  /** Cursors: the next '<', '&', tab and ']]>' at or after where they are needed. */
  private lt = -1;
  private amp = -1;
  private tab = -1;
  private cdataEnd = -1;
  private readonly names = new XmlNames();
  /** The attribute names of the last element of each name, in order: the next one's are guessed. */
  private readonly orders = new Map<string, string[]>();
  private doctypeSeen = false;

  constructor(handler: XmlHandler, options: XmlTokenizerOptions) {
    super(handler, options.strict !== false, options.file, options.columns === true);
    this.root = options.root;
    this.maxDepth = options.maxDepth ?? DEFAULT_LIMITS.maxDepth;
  }

  protected run(s: string): void {
    this.s = s;
    this.lineFrom = 0;
    this.nl = this.lt = this.amp = this.tab = this.cdataEnd = -1;
    const n = s.length;
    let p = 0;
    while (p < n) {
      if (this.lt < p) this.lt = after(s, '<', p);
      const lt = this.lt;
      if (lt > p) {
        const q = this.textRun(p, lt);
        if (q < lt) {
          p = q;
          break;
        }
        p = q;
        continue;
      }
      const q = this.markup(p);
      if (q === CUT) {
        if (this.final) this.fail(`'${this.snippet(p)}' is cut off by the end of the file`, p);
        break;
      }
      p = q;
    }
    this.shift(p);
  }

  /** Text from p to `end` (a '<' or the end of s); returns where it stopped (before a cut reference). */
  private textRun(p: number, end: number): number {
    const s = this.s;
    let stop = end;
    if (end === s.length && !this.final) {
      const amp = s.lastIndexOf('&', end - 1);
      if (amp >= p && mayBeReference(s, amp, end)) stop = amp;
      // ']]' may be the start of ']]>', which text must not hold
      else if (this.strict) while (stop > p && end - stop < 2 && s.charCodeAt(stop - 1) === 93) stop--;
      if (stop <= p) return p;
    }
    if (this.open.length === 0) this.outsideText(p, stop);
    else this.handler.text(this.strict ? this.strictText(p, stop) : this.looseText(p, stop));
    return stop;
  }

  private strictText(p: number, stop: number): string {
    const s = this.s;
    if (this.cdataEnd < p) this.cdataEnd = after(s, ']]>', p);
    if (this.amp < p) this.amp = after(s, '&', p);
    const fail = (m: string, at: number) => this.fail(m, at);
    if (this.cdataEnd < stop) {
      // (the errors in the order of the text: a bad reference before the ']]>' first)
      if (this.amp < this.cdataEnd) decodeReferences(s, p, this.cdataEnd, fail);
      this.fail(`']]>' is not allowed in text (write ]]&gt;)`, this.cdataEnd);
    }
    if (this.amp >= stop) return s.slice(p, stop);
    return decodeReferences(s, p, stop, fail);
  }

  private looseText(p: number, stop: number): string {
    if (this.amp < p) this.amp = after(this.s, '&', p);
    const t = this.s.slice(p, stop);
    return this.amp < stop ? decodeReferencesLoosely(t) : t;
  }

  private outsideText(p: number, stop: number): void {
    const s = this.s;
    if (this.strict) {
      for (let i = p; i < stop; i++)
        if (!isWhite(s.charCodeAt(i))) this.fail('text outside the root element', i);
    } else if (s.slice(p, stop).trim() !== '') this.fail('text outside the root element', p);
  }

  /** The markup at p (a '<'); returns where it ends, or CUT. */
  private markup(p: number): number {
    const s = this.s;
    if (p + 1 >= s.length) return CUT;
    const c = s.charCodeAt(p + 1);
    if (c === 47) return this.strict ? this.endTag(p) : this.looseTag(p);
    if (c === 63)
      return instructionEnd(s, p, this.strict, this.consumed + p === 0, this.names, (m, at) =>
        this.fail(m, at),
      );
    if (c === 33) return this.bang(p);
    return this.strict ? this.startTag(p) : this.looseTag(p);
  }

  private startTag(p: number): number {
    const s = this.s;
    const name = this.names.read(s, p + 1);
    if (name === CUT) return CUT;
    if (name === undefined) this.fail(`'<' must start a tag (write &lt;)`, p);
    if (this.rootClosed) this.fail(`a second root element <${name}>`, p);
    if (this.lt <= p) this.lt = after(s, '<', p + 1);
    const line = this.linesTo(p);
    const nl = this.nl;
    const i = this.attributes(p, name, line);
    if (i === CUT) {
      // (the lines counted inside the cut tag are counted again with the next chunk)
      this.line = line;
      this.lineFrom = p;
      this.nl = nl;
      return CUT;
    }
    return i;
  }

  /** The attributes of the start tag <name at p, then its end; returns where the tag ends, or CUT. */
  private attributes(p: number, name: string, line: number): number {
    const s = this.s;
    const n = s.length;
    let order = this.orders.get(name);
    if (order === undefined) {
      order = [];
      this.orders.set(name, order);
    }
    // (a plain object: elements of a kind then share a shape, faster to fill and to read)
    const attrs: Record<string, string> = {};
    const nameEnd = p + 1 + name.length;
    let i = nameEnd;
    let selfClosing = false;
    for (let k = 0; ; k++) {
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
        if (s.charCodeAt(i + 1) !== 62) this.fail(`'/' in the tag <${name}> must be followed by '>'`, i);
        selfClosing = true;
        i += 2;
        break;
      }
      if (i === white)
        this.fail(
          i === nameEnd
            ? `unexpected '${s[i]}' after <${name}`
            : `the attributes of <${name}> must be parted by white space`,
          i,
        );
      i = this.attribute(i, name, attrs, order, k);
      if (i === CUT) return CUT;
    }
    this.openElement(name, attrs, line, p);
    if (selfClosing) this.closeElement();
    return i;
  }

  /**
   * One `name="value"` at i of the tag <tag>, its k-th (guessed from `order`, the last such tag's);
   * returns where it ends, or CUT.
   */
  private attribute(
    i: number,
    tag: string,
    attrs: Record<string, string>,
    order: string[],
    k: number,
  ): number {
    const s = this.s;
    const n = s.length;
    const guess = order[k];
    let name: string | typeof CUT | undefined;
    if (guess !== undefined && s.startsWith(guess, i) && s.charCodeAt(i + guess.length) === 61) name = guess;
    else {
      name = this.names.read(s, i);
      if (name === CUT) return CUT;
      if (name === undefined) this.fail(`unexpected '${s[i]}' in the tag <${tag}>`, i);
      if (k <= order.length) order[k] = name;
    }
    let j = i + name.length;
    while (j < n && isWhite(s.charCodeAt(j))) j++;
    if (j >= n) return CUT;
    if (s.charCodeAt(j) !== 61) this.fail(`attribute '${name}' of <${tag}> has no value (name="value")`, j);
    j++;
    while (j < n && isWhite(s.charCodeAt(j))) j++;
    if (j >= n) return CUT;
    const q = s.charCodeAt(j);
    if (q !== 34 && q !== 39) this.fail(`the value of attribute '${name}' of <${tag}> must be quoted`, j);
    const start = j + 1;
    const close = s.indexOf(q === 34 ? '"' : "'", start);
    if (this.lt < (close < 0 ? n : close))
      this.fail(`'<' in the value of attribute '${name}' of <${tag}> (write &lt;)`, this.lt);
    if (close < 0) return CUT;
    if (this.amp < start) this.amp = after(s, '&', start);
    if (this.tab < start) this.tab = after(s, '\t', start);
    // (the lines are counted up to the value: the next LF then says whether the value holds one)
    this.linesTo(start);
    const value =
      this.amp < close || this.tab < close || this.nl < close
        ? this.specialValue(start, close)
        : s.slice(start, close);
    if (!setAttribute(attrs, name, value)) this.fail(`attribute '${name}' of <${tag}> is given twice`, i);
    return close + 1;
  }

  /** A value with white space to normalise (tab, LF: a space each) or references to decode. */
  private specialValue(start: number, close: number): string {
    const raw = this.s.slice(start, close);
    const value = this.tab < close || this.nl < close ? raw.replace(VALUE_WHITE, ' ') : raw;
    if (this.amp >= close) return value;
    // (one character for one: an index of `value` is one of s)
    return decodeReferences(value, 0, value.length, (m, at) => this.fail(m, start + at));
  }

  private endTag(p: number): number {
    const s = this.s;
    const gt = s.indexOf('>', p + 2);
    if (gt < 0) return CUT;
    let e = gt;
    while (e > p + 2 && isWhite(s.charCodeAt(e - 1))) e--;
    const depth = this.open.length;
    const top = this.open[depth - 1];
    if (top !== undefined && e - p - 2 === top.length && s.startsWith(top, p + 2)) {
      this.closeElement();
      return gt + 1;
    }
    const name = s.slice(p + 2, e);
    if (!/^[^\s<>/]+$/.test(name)) this.fail(`unexpected '${this.quote(p, gt + 1)}'`, p);
    return this.mismatch(name, p);
  }

  /** A start or end tag read tolerantly: its inside up to the first '>'. */
  private looseTag(p: number): number {
    const s = this.s;
    const bare = this.bareTag(p);
    if (bare !== CUT) return bare;
    const gt = s.indexOf('>', p + 1);
    if (gt < 0) return CUT;
    const m = LOOSE_TAG.exec(s.slice(p + 1, gt));
    if (!m) this.fail(`unexpected '${this.snippet(p, gt + 1)}'`, p);
    const name = m[2]!;
    if (m[1] === '/') {
      const top = this.open[this.open.length - 1];
      if (top !== name) this.mismatch(name, p);
      this.closeElement();
      return gt + 1;
    }
    if (this.rootClosed) this.fail(`a second root element <${name}>`, p);
    this.openElement(name, looseAttributes(m[3]!), this.linesTo(p), p);
    if (m[4] === '/') this.closeElement();
    return gt + 1;
  }

  /** `<name>`, `<name/>` or the `</name>` that closes the open element, read by hand; else CUT. */
  private bareTag(p: number): number {
    const s = this.s;
    if (s.charCodeAt(p + 1) === 47) {
      const top = this.open[this.open.length - 1];
      if (top === undefined || !s.startsWith(top, p + 2) || s.charCodeAt(p + 2 + top.length) !== 62)
        return CUT;
      this.closeElement();
      return p + 3 + top.length;
    }
    let i = p + 1;
    if (!isLooseNameStart(s.charCodeAt(i))) return CUT;
    while (isLooseNameChar(s.charCodeAt(++i)));
    const c = s.charCodeAt(i);
    if (c !== 62 && (c !== 47 || s.charCodeAt(i + 1) !== 62)) return CUT;
    const name = s.slice(p + 1, i);
    if (this.rootClosed) this.fail(`a second root element <${name}>`, p);
    this.openElement(name, {}, this.linesTo(p), p);
    if (c === 62) return i + 1;
    this.closeElement();
    return i + 2;
  }

  /** `<!--`, `<![CDATA[` or `<!DOCTYPE`. */
  private bang(p: number): number {
    const s = this.s;
    const fail = (m: string, at: number) => this.fail(m, at);
    if (s.startsWith('<!--', p)) return commentEnd(s, p, this.strict, fail);
    if (s.startsWith('<![CDATA[', p)) return this.cdata(p);
    if (s.startsWith('<!DOCTYPE', p)) {
      if (this.strict && (this.rootSeen || this.doctypeSeen))
        this.fail('a doctype must come once, before the root element', p);
      const end = doctypeEnd(s, p, this.strict, fail);
      if (end !== CUT) this.doctypeSeen = true;
      return end;
    }
    const rest = s.slice(p);
    if (rest.length < 9 && ['<!--', '<![CDATA[', '<!DOCTYPE'].some((k) => k.startsWith(rest))) return CUT;
    return this.fail(`'<!' must start a comment (<!--), CDATA (<![CDATA[) or a doctype (<!DOCTYPE)`, p);
  }

  private cdata(p: number): number {
    const s = this.s;
    const end = s.indexOf(']]>', p + 9);
    if (end < 0) return CUT;
    if (this.open.length > 0) this.handler.text(s.slice(p + 9, end));
    else if (this.strict) this.fail('CDATA outside the root element', p);
    return end + 3;
  }
}
