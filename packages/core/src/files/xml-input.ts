/**
 * The input side of the XML tokenizer: the text of a document as it comes in chunks (what a cut token
 * leaves waits for the next chunk), CR LF made LF, the characters XML does not allow refused, and
 * the line and column of any position, for the errors.
 */
import { DatasetError } from '../errors.js';
import { CUT, NOT_XML_CHARS } from './xml-names.js';

/** White space inside tags after line ends are normalised: space, LF, tab. */
export const isWhite = (c: number) => c === 32 || c === 10 || c === 9;

/** Where `needle` is at or after `from`, else the text's length (a cursor that is never behind). */
export const after = (s: string, needle: string, from: number) => {
  const i = s.indexOf(needle, from);
  return i < 0 ? s.length : i;
};

export { CUT };

export abstract class XmlInput {
  /** The text not read yet: what the last chunks left (a cut token), then the new chunk. */
  protected s = '';
  /** Chunks kept until they are as long as the cut token before them (a long token is scanned O(n)). */
  private pending: string[] = [];
  private pendingLength = 0;
  /** The last chunk has come: a token cut by the end is an error. */
  protected final = false;
  private started = false;
  /** The last chunk ended with CR, which may be the first half of CR LF. */
  private cr = false;
  /** The line of `lineFrom` in s; the first LF at or after it; the column before s[0]. */
  protected line = 1;
  protected lineFrom = 0;
  protected nl = -1;
  private column0 = 0;
  /** Characters of the document before s. */
  protected consumed = 0;

  constructor(
    protected readonly strict: boolean,
    private readonly file: string,
    private readonly columns: boolean,
  ) {}

  /** Reads s as far as it can, then `shift`s what it read off. */
  protected abstract run(s: string): void;
  /** The document has ended (s is what is left of it): is it whole? */
  protected abstract atEnd(): void;

  /** The next piece of the document (whole characters). */
  write(chunk: string): void {
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (this.strict && chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (this.strict) {
      chunk = this.normaliseLineEnds(chunk);
      if (NOT_XML_CHARS.test(chunk)) {
        this.badCharacter(chunk);
        return;
      }
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
    this.atEnd();
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
    // what comes before it is read first (an error there comes first)
    this.cr = false;
    this.write(chunk.slice(0, at));
    this.run(this.takePending());
    this.fail(`the character U+${code} is not allowed in XML`, this.s.length);
  }

  /** Drops s[0, p): what is left waits for the next chunk. */
  protected shift(p: number): void {
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
  protected linesTo(pos: number): number {
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

  protected fail(message: string, at: number, code: 'bad-xml' | 'too-large' = 'bad-xml'): never {
    const bad = code === 'bad-xml';
    throw new DatasetError(code, bad ? `invalid XML: ${message}` : message, {
      file: this.file,
      place: this.place(at, bad && this.columns),
    });
  }

  /** s[p, end) for a message, shortened: the token it quotes is whole (the same however it came). */
  protected quote(p: number, end: number): string {
    return end - p > 24 ? `${this.s.slice(p, p + 20)}...` : this.s.slice(p, end);
  }

  /** The text at p, for a message: up to 10 characters of its line (and not past `end`). */
  protected snippet(p: number, end = p + 10): string {
    return this.s.slice(p, Math.min(p + 10, end)).split('\n')[0]!;
  }
}
