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
import { DatasetError } from '../errors.js';
import { DEFAULT_LIMITS } from '../limits.js';
import { decodeReferences, decodeReferencesLoosely, mayBeReference } from './xml-entities.js';
import { CUT, NOT_XML_CHARS, XmlNames } from './xml-names.js';

export interface XmlHandler {
  /** A start tag (an empty-element tag is an `open` and a `close`); `line` is where its '<' is. */
  open(name: string, attributes: Record<string, string>, line: number): void;
  close(name: string): void;
  /** Text inside the root element, references decoded (a run of text may come in several calls). */
  text(text: string): void;
}

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

const DECLARATION =
  /^<\?xml[ \t\n]+version[ \t\n]*=[ \t\n]*(["'])1\.[0-9]+\1([ \t\n]+encoding[ \t\n]*=[ \t\n]*(["'])[A-Za-z][\w.-]*\3)?([ \t\n]+standalone[ \t\n]*=[ \t\n]*(["'])(yes|no)\5)?[ \t\n]*\?>$/;
/** A tag's inside (between '<' and '>') as the tolerant mode takes it. */
const LOOSE_TAG = /^(\/?)([A-Za-z_:][\w:.-]*)((?:\s+[^<>]*?)?)\s*(\/?)$/;
const LOOSE_ATTRIBUTE = /([A-Za-z_:][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const VALUE_WHITE = /[\t\n]/g;
const SPACE = /\s/;

/** White space inside tags after line ends are normalised: space, LF, tab. */
const isWhite = (c: number) => c === 32 || c === 10 || c === 9;

/** Where `needle` is at or after `from`, else the text's length (a cursor that is never behind). */
const after = (s: string, needle: string, from: number) => {
  const i = s.indexOf(needle, from);
  return i < 0 ? s.length : i;
};

function looseAttributes(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!s) return out;
  for (const m of s.matchAll(LOOSE_ATTRIBUTE)) out[m[1]!] = decodeReferencesLoosely(m[2] ?? m[3] ?? '');
  return out;
}

function setAttribute(attrs: Record<string, string>, name: string, value: string): boolean {
  if (attrs[name] !== undefined && Object.hasOwn(attrs, name)) return false;
  if (name === '__proto__') Object.defineProperty(attrs, name, { value, enumerable: true, writable: true });
  else attrs[name] = value;
  return true;
}

export class XmlTokenizer {
  private readonly strict: boolean;
  private readonly maxDepth: number;
  /** The text not read yet: what the last chunks left (a cut token), then the new chunk. */
  private s = '';
  /** Chunks kept until they are as long as the cut token before them (a long token is scanned O(n)). */
  private pending: string[] = [];
  private pendingLength = 0;
  private final = false;
  private started = false;
  /** The last chunk ended with CR, which may be the first half of CR LF. */
  private cr = false;
  /** The line of `lineFrom` in s; the first LF at or after it; the column before s[0]. */
  private line = 1;
  private lineFrom = 0;
  private nl = -1;
  private column0 = 0;
  /** Characters of the document before s. */
  private consumed = 0;
  /** Cursors: the next '<', '&', tab, LF (inside values) and ']]>' at or after where they are needed. */
  private lt = -1;
  private amp = -1;
  private tab = -1;
  private valueNl = -1;
  private cdataEnd = -1;
  private readonly names = new XmlNames();
  private readonly open: string[] = [];
  private readonly openLines: number[] = [];
  private rootSeen = false;
  private rootClosed = false;
  private doctypeSeen = false;

  constructor(
    private readonly handler: XmlHandler,
    private readonly options: XmlTokenizerOptions,
  ) {
    this.strict = options.strict !== false;
    this.maxDepth = options.maxDepth ?? DEFAULT_LIMITS.maxDepth;
  }

  /** The next piece of the document (whole characters). */
  write(chunk: string): void {
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (this.strict && chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (this.strict) {
      chunk = this.normaliseLineEnds(chunk);
      if (NOT_XML_CHARS.test(chunk)) return this.badCharacter(chunk);
    }
    if (this.s.length > 0 && !this.final && this.pendingLength + chunk.length < this.s.length) {
      this.pending.push(chunk);
      this.pendingLength += chunk.length;
      return;
    }
    this.run(this.takePending() + chunk);
  }

  /** The end of the document: it must be whole. */
  close(): void {
    this.final = true;
    this.run(this.takePending() + (this.cr ? '\n' : ''));
    const end = this.s.length;
    const depth = this.open.length;
    if (depth > 0)
      this.fail(
        `<${this.open[depth - 1]}> (line ${this.openLines[depth - 1]}) is not closed at the end of the file`,
        end,
      );
    if (!this.rootSeen) this.fail('no root element (the file is empty or not XML)', end);
  }

  private takePending(): string {
    const s = this.pending.length > 0 ? this.s + this.pending.join('') : this.s;
    this.pending = [];
    this.pendingLength = 0;
    return s;
  }

  private normaliseLineEnds(chunk: string): string {
    if (this.cr) {
      chunk = `\r${chunk}`;
      this.cr = false;
    }
    if (chunk.indexOf('\r') < 0) return chunk;
    if (!this.final && chunk.charCodeAt(chunk.length - 1) === 13) {
      this.cr = true;
      chunk = chunk.slice(0, -1);
    }
    return chunk.replace(/\r\n?/g, '\n');
  }

  private badCharacter(chunk: string): void {
    const at = chunk.search(NOT_XML_CHARS);
    const code = chunk.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0');
    this.write(chunk.slice(0, at));
    this.s = this.takePending();
    this.fail(`the character U+${code} is not allowed in XML`, this.s.length);
  }

  private run(s: string): void {
    this.s = s;
    this.lineFrom = 0;
    this.nl = this.lt = this.amp = this.tab = this.valueNl = this.cdataEnd = -1;
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

  /** Drops s[0, p): what is left waits for the next chunk. */
  private shift(p: number): void {
    const s = this.s;
    this.linesTo(p);
    const lastNl = p > 0 ? s.lastIndexOf('\n', p - 1) : -1;
    this.column0 = lastNl >= 0 ? p - lastNl - 1 : this.column0 + p;
    this.consumed += p;
    this.s = p === 0 ? s : s.slice(p);
    this.lineFrom = 0;
    this.nl = -1;
  }

  /** The line of position `pos` of s (counted as the reading goes: `pos` never goes back). */
  private linesTo(pos: number): number {
    const s = this.s;
    let nl = this.nl < this.lineFrom ? after(s, '\n', this.lineFrom) : this.nl;
    while (nl < pos) {
      this.line++;
      nl = after(s, '\n', nl + 1);
    }
    this.nl = nl;
    if (pos > this.lineFrom) this.lineFrom = pos;
    return this.line;
  }

  private place(at: number, withColumn: boolean): string {
    const s = this.s;
    let line = this.line;
    if (at >= this.lineFrom) {
      for (let i = s.indexOf('\n', this.lineFrom); i >= 0 && i < at; i = s.indexOf('\n', i + 1)) line++;
    } else {
      for (let i = s.indexOf('\n', at); i >= 0 && i < this.lineFrom; i = s.indexOf('\n', i + 1)) line--;
    }
    if (!withColumn) return `line ${line}`;
    const lastNl = at > 0 ? s.lastIndexOf('\n', at - 1) : -1;
    return `line ${line}, column ${lastNl >= 0 ? at - lastNl : this.column0 + at + 1}`;
  }

  private fail(message: string, at: number, code: 'bad-xml' | 'too-large' = 'bad-xml'): never {
    const bad = code === 'bad-xml';
    throw new DatasetError(code, bad ? `invalid XML: ${message}` : message, {
      file: this.options.file,
      place: this.place(at, bad && this.options.columns === true),
    });
  }

  /** The text at p, for a message: up to 10 characters of its line. */
  private snippet(p: number): string {
    return this.s.slice(p, p + 10).split('\n')[0]!;
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
    if (this.cdataEnd < stop) this.fail(`']]>' is not allowed in text (write ]]&gt;)`, this.cdataEnd);
    if (this.amp < p) this.amp = after(s, '&', p);
    if (this.amp >= stop) return s.slice(p, stop);
    return decodeReferences(s, p, stop, (m, at) => this.fail(m, at));
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
    if (c === 63) return this.instruction(p);
    if (c === 33) return this.bang(p);
    return this.strict ? this.startTag(p) : this.looseTag(p);
  }

  private startTag(p: number): number {
    const s = this.s;
    const n = s.length;
    const name = this.names.read(s, p + 1);
    if (name === CUT) return CUT;
    if (name === undefined) this.fail(`'<' must start a tag (write &lt;)`, p);
    if (this.rootClosed) this.fail(`a second root element <${name}>`, p);
    if (this.lt <= p) this.lt = after(s, '<', p + 1);
    // (a plain object: elements of a kind then share a shape, faster to fill and to read)
    const attrs: Record<string, string> = {};
    const nameEnd = p + 1 + name.length;
    let i = nameEnd;
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
      i = this.attribute(i, name, attrs);
      if (i === CUT) return CUT;
    }
    this.openElement(name, attrs, this.linesTo(p), p);
    if (selfClosing) this.closeElement();
    return i;
  }

  /** One `name="value"` at i of the tag <tag>; returns where it ends, or CUT. */
  private attribute(i: number, tag: string, attrs: Record<string, string>): number {
    const s = this.s;
    const n = s.length;
    const name = this.names.read(s, i);
    if (name === CUT) return CUT;
    if (name === undefined) this.fail(`unexpected '${s[i]}' in the tag <${tag}>`, i);
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
    if (this.valueNl < start) this.valueNl = after(s, '\n', start);
    const value =
      this.amp < close || this.tab < close || this.valueNl < close
        ? this.specialValue(start, close)
        : s.slice(start, close);
    if (!setAttribute(attrs, name, value)) this.fail(`attribute '${name}' of <${tag}> is given twice`, i);
    return close + 1;
  }

  /** A value with white space to normalise (tab, LF: a space each) or references to decode. */
  private specialValue(start: number, close: number): string {
    const raw = this.s.slice(start, close);
    const value = this.tab < close || this.valueNl < close ? raw.replace(VALUE_WHITE, ' ') : raw;
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
    if (!/^[^\s<>/]+$/.test(name)) this.fail(`unexpected '${this.snippet(p)}'`, p);
    return this.mismatch(name, p);
  }

  private mismatch(name: string, p: number): never {
    const depth = this.open.length;
    if (depth === 0) this.fail(`</${name}> closes nothing`, p);
    this.fail(`</${name}> closes <${this.open[depth - 1]}> (line ${this.openLines[depth - 1]})`, p);
  }

  /** A start or end tag read tolerantly: its inside up to the first '>'. */
  private looseTag(p: number): number {
    const s = this.s;
    const gt = s.indexOf('>', p + 1);
    if (gt < 0) return CUT;
    const m = LOOSE_TAG.exec(s.slice(p + 1, gt));
    if (!m) this.fail(`unexpected '${this.snippet(p)}'`, p);
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

  private openElement(name: string, attrs: Record<string, string>, line: number, p: number): void {
    const depth = this.open.length;
    if (depth === 0) {
      const root = this.options.root;
      if (root !== undefined && name !== root)
        this.fail(`the root element is <${name}>, expected <${root}>`, p);
      this.rootSeen = true;
    }
    if (depth >= this.maxDepth)
      this.fail(`elements nested more than ${this.maxDepth} deep (limits.maxDepth)`, p, 'too-large');
    this.open.push(name);
    this.openLines.push(line);
    this.handler.open(name, attrs, line);
  }

  private closeElement(): void {
    const name = this.open.pop()!;
    this.openLines.pop();
    if (this.open.length === 0) this.rootClosed = true;
    this.handler.close(name);
  }

  /** `<?target ...?>`: the XML declaration, first in the file, or a processing instruction (skipped). */
  private instruction(p: number): number {
    const s = this.s;
    const end = s.indexOf('?>', p + 2);
    if (end < 0) return CUT;
    if (!this.strict) return end + 2;
    const target = this.names.read(s, p + 2);
    if (
      typeof target !== 'string' ||
      !(isWhite(s.charCodeAt(p + 2 + target.length)) || p + 2 + target.length === end)
    )
      this.fail(`a processing instruction needs a name ('<?name ...?>')`, p);
    if (target.toLowerCase() !== 'xml') return end + 2;
    if (target !== 'xml' || this.consumed + p !== 0)
      this.fail('the XML declaration (<?xml ...?>) must come first in the file', p);
    if (!DECLARATION.test(s.slice(p, end + 2)))
      this.fail(`the XML declaration '${this.snippet(p)}...' is malformed`, p);
    return end + 2;
  }

  /** `<!--`, `<![CDATA[` or `<!DOCTYPE`. */
  private bang(p: number): number {
    const s = this.s;
    if (s.startsWith('<!--', p)) return this.comment(p);
    if (s.startsWith('<![CDATA[', p)) return this.cdata(p);
    if (s.startsWith('<!DOCTYPE', p)) return this.doctype(p);
    const rest = s.slice(p);
    if (rest.length < 9 && ['<!--', '<![CDATA[', '<!DOCTYPE'].some((k) => k.startsWith(rest))) return CUT;
    return this.fail(`unexpected '${this.snippet(p)}'`, p);
  }

  private comment(p: number): number {
    const s = this.s;
    const end = s.indexOf('-->', p + 4);
    if (end < 0) return CUT;
    if (this.strict) {
      const dashes = s.indexOf('--', p + 4);
      if (dashes < end) this.fail(`'--' is not allowed inside a comment`, dashes);
    }
    return end + 3;
  }

  private cdata(p: number): number {
    const s = this.s;
    const end = s.indexOf(']]>', p + 9);
    if (end < 0) return CUT;
    if (this.open.length > 0) this.handler.text(s.slice(p + 9, end));
    else if (this.strict) this.fail('CDATA outside the root element', p);
    return end + 3;
  }

  /** A doctype (its internal subset too) is skipped: nothing it declares is used. */
  private doctype(p: number): number {
    const s = this.s;
    const n = s.length;
    if (this.strict) {
      if (this.rootSeen || this.doctypeSeen)
        this.fail('a doctype must come once, before the root element', p);
      if (p + 9 < n && !isWhite(s.charCodeAt(p + 9))) this.fail(`unexpected '${this.snippet(p)}'`, p);
    }
    let i = p + 9;
    while (i < n && s.charCodeAt(i) !== 62 && s.charCodeAt(i) !== 91) i++;
    if (i >= n) return CUT;
    if (s.charCodeAt(i) === 62) return ((this.doctypeSeen = true), i + 1);
    // the internal subset ends at the first ']' followed by '>' (white space between)
    for (let j = s.indexOf(']', i); j >= 0; j = s.indexOf(']', j + 1)) {
      let k = j + 1;
      while (k < n && SPACE.test(s[k]!)) k++;
      if (k >= n) return CUT;
      if (s.charCodeAt(k) === 62) {
        this.doctypeSeen = true;
        return k + 1;
      }
    }
    return CUT;
  }
}
