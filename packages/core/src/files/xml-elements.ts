/**
 * The elements open while the XML tokenizer reads: end tags must close them in order, the document
 * has one root (of the expected name), nesting is held to a depth, and the handler hears of each.
 */
import { XmlInput } from './xml-input.js';

export interface XmlHandler {
  /** A start tag (an empty-element tag is an `open` and a `close`); `line` is where its '<' is. */
  open(name: string, attributes: Record<string, string>, line: number): void;
  close(name: string): void;
  /** Text inside the root element, references decoded (a run of text may come in several calls). */
  text(text: string): void;
}

export abstract class XmlElements extends XmlInput {
  /** The names of the open elements, and the lines of their start tags. */
  protected readonly open: string[] = [];
  protected readonly openLines: number[] = [];
  protected rootSeen = false;
  protected rootClosed = false;
  /** The root element's expected name, and the deepest nesting allowed. */
  protected root: string | undefined;
  protected maxDepth = 0;

  constructor(
    protected readonly handler: XmlHandler,
    strict: boolean,
    file: string,
    columns: boolean,
  ) {
    super(strict, file, columns);
  }

  protected atEnd(): void {
    const end = this.s.length;
    const depth = this.open.length;
    if (depth > 0)
      this.fail(
        `<${this.open[depth - 1]}> (line ${this.openLines[depth - 1]}) is not closed at the end of the file`,
        end,
      );
    if (!this.rootSeen) this.fail('no root element (the file is empty or not XML)', end);
  }

  protected mismatch(name: string, p: number): never {
    const depth = this.open.length;
    if (depth === 0) this.fail(`</${name}> closes nothing`, p);
    this.fail(`</${name}> closes <${this.open[depth - 1]}> (line ${this.openLines[depth - 1]})`, p);
  }

  protected openElement(name: string, attrs: Record<string, string>, line: number, p: number): void {
    const depth = this.open.length;
    if (depth === 0) {
      const root = this.root;
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

  protected closeElement(): void {
    const name = this.open.pop()!;
    this.openLines.pop();
    if (this.open.length === 0) this.rootClosed = true;
    this.handler.close(name);
  }
}
