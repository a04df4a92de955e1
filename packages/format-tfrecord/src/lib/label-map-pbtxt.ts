import { checkDepth, DatasetError } from '@labelport/core';

/**
 * `label_map.pbtxt`: a StringIntLabelMap in protobuf text format.
 *   item { id: 1 name: 'cat' display_name: "Cat" }
 * Fields may come in any order, separated by spaces, newlines, ',' or ';'; strings take single or
 * double quotes with C escapes; '#' starts a comment. Unknown fields (and nested messages such as
 * `keypoints { ... }`) are skipped.
 */
export interface LabelMapItem {
  id?: number;
  name?: string;
  displayName?: string;
}

type Token =
  | { kind: 'ident'; text: string; line: number }
  | { kind: 'string'; text: string; line: number }
  | { kind: 'number'; text: string; line: number }
  | { kind: 'punct'; text: string; line: number };

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '?': '?',
};

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function tokenize(text: string, file: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      const start = line;
      // Escapes give bytes (\303\251 is UTF-8 for é), so the string is built as UTF-8 bytes.
      const bytes: number[] = [];
      i++;
      for (;;) {
        if (i >= n || text[i] === '\n') {
          throw new DatasetError('bad-line', 'a string is not closed', { file, place: `line ${start}` });
        }
        const d = text[i]!;
        if (d === c) {
          i++;
          break;
        }
        if (d === '\\') {
          const e = text[i + 1] ?? '';
          if (/[0-7]/.test(e)) {
            const m = /^[0-7]{1,3}/.exec(text.slice(i + 1))![0];
            bytes.push(Number.parseInt(m, 8) & 0xff);
            i += 1 + m.length;
          } else if (e === 'x') {
            const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2))?.[0];
            if (!m) throw new DatasetError('bad-line', 'bad \\x escape', { file, place: `line ${line}` });
            bytes.push(Number.parseInt(m, 16));
            i += 2 + m.length;
          } else if (e in ESCAPES) {
            bytes.push(ESCAPES[e]!.charCodeAt(0));
            i += 2;
          } else {
            throw new DatasetError('bad-line', `unknown escape \\${e}`, { file, place: `line ${line}` });
          }
          continue;
        }
        const cp = text.codePointAt(i)!;
        const ch = String.fromCodePoint(cp);
        for (const b of encoder.encode(ch)) bytes.push(b);
        i += ch.length;
      }
      // Protobuf text joins adjacent strings.
      const decoded = decoder.decode(Uint8Array.from(bytes));
      const prev = tokens[tokens.length - 1];
      if (prev?.kind === 'string') prev.text += decoded;
      else tokens.push({ kind: 'string', text: decoded, line: start });
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i, i + 200))![0];
      tokens.push({ kind: 'ident', text: m, line });
      i += m.length;
    } else if (/[-+0-9.]/.test(c)) {
      const m = /^[-+]?(0[xX][0-9a-fA-F]+|[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?[fF]?)/.exec(
        text.slice(i, i + 100),
      )?.[0];
      if (!m) throw new DatasetError('bad-line', `unexpected '${c}'`, { file, place: `line ${line}` });
      tokens.push({ kind: 'number', text: m, line });
      i += m.length;
    } else if ('{}<>:,;[]'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, line });
      i++;
    } else {
      throw new DatasetError('bad-line', `unexpected character '${c}'`, { file, place: `line ${line}` });
    }
  }
  return tokens;
}

const isPunct = (t: Token | undefined, text: string) => t?.kind === 'punct' && t.text === text;

/** A protobuf text reader over the tokens, as much as a label map needs. */
class LabelMapParser {
  private pos = 0;
  // readValue and skipMessage recurse once per level of nesting: the depth is held to limits.maxDepth.
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly file: string,
  ) {}

  fail(msg: string, t?: Token): never {
    const line = t?.line ?? this.tokens[this.tokens.length - 1]?.line ?? 1;
    throw new DatasetError('bad-line', msg, { file: this.file, place: `line ${line}` });
  }

  peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  next(): Token {
    return this.tokens[this.pos++] ?? this.fail('the file ends too early (an unclosed { ?)');
  }

  skipSeparators(): void {
    while (isPunct(this.peek(), ',') || isPunct(this.peek(), ';')) this.pos++;
  }

  /** A field name and its optional ':'. */
  fieldName(t: Token): string {
    if (t.kind !== 'ident') this.fail(`expected a field name, got '${t.text}'`, t);
    if (isPunct(this.peek(), ':')) this.pos++;
    return t.text;
  }

  /** Reads a value after `name:` or a `{...}` message, returning the scalar (or undefined for messages and lists). */
  readValue(): Token | undefined {
    const t = this.next();
    if (t.kind !== 'punct') return t;
    if (t.text !== '{' && t.text !== '<' && t.text !== '[') this.fail(`unexpected '${t.text}'`, t);
    checkDepth(++this.depth, { file: this.file, place: `line ${t.line}` });
    if (t.text === '[') {
      while (this.peek() && !isPunct(this.peek(), ']')) {
        this.readValue();
        this.skipSeparators();
      }
      this.next();
    } else this.skipMessage(t.text === '{' ? '}' : '>');
    this.depth--;
    return undefined;
  }

  skipMessage(close: string): void {
    for (;;) {
      this.skipSeparators();
      const t = this.next();
      if (isPunct(t, close)) return;
      this.fieldName(t);
      this.readValue();
    }
  }

  /** The fields of an `item { ... }` up to `close`: id, name, display_name (others skipped). */
  readItem(close: string): LabelMapItem {
    const item: LabelMapItem = {};
    for (;;) {
      this.skipSeparators();
      const f = this.next();
      if (isPunct(f, close)) return item;
      const field = this.fieldName(f);
      const v = this.readValue();
      if (!v) continue;
      if (field === 'id') {
        if (v.kind !== 'number' || !/^[-+]?\d+$/.test(v.text))
          this.fail(`id must be an integer, got '${v.text}'`, v);
        item.id = Number(v.text);
      } else if (field === 'name' || field === 'display_name') {
        if (v.kind !== 'string') this.fail(`${field} must be a quoted string`, v);
        if (field === 'name') item.name = v.text;
        else item.displayName = v.text;
      }
    }
  }

  /** The top level: `item` messages in order; any other field is skipped. */
  items(): LabelMapItem[] {
    const items: LabelMapItem[] = [];
    for (;;) {
      this.skipSeparators();
      const t = this.peek();
      if (!t) return items;
      this.pos++;
      if (t.kind !== 'ident') this.fail(`expected 'item', got '${t.text}'`, t);
      if (isPunct(this.peek(), ':')) this.pos++;
      if (t.text !== 'item') {
        this.readValue();
        continue;
      }
      const open = this.next();
      if (!isPunct(open, '{') && !isPunct(open, '<')) this.fail(`expected '{' after 'item'`, open);
      items.push(this.readItem(open.text === '{' ? '}' : '>'));
    }
  }
}

/** Parses the items of a label map, in file order. */
export function parseLabelMap(text: string, file: string): LabelMapItem[] {
  return new LabelMapParser(tokenize(text, file), file).items();
}

/** A label map as Datumaro writes it: ids from 1 in label order, names single-quoted, tab-indented. */
export function formatLabelMap(names: string[]): string {
  const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  return names.map((name, i) => `item {\n\tid: ${i + 1}\n\tname: ${quote(name)}\n}\n\n`).join('');
}
