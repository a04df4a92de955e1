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

/** Parses the items of a label map, in file order. */
export function parseLabelMap(text: string, file: string): LabelMapItem[] {
  const tokens = tokenize(text, file);
  let pos = 0;
  const lastLine = () => tokens[tokens.length - 1]?.line ?? 1;
  const fail = (msg: string, t?: Token): never => {
    throw new DatasetError('bad-line', msg, { file, place: `line ${t?.line ?? lastLine()}` });
  };
  const peek = () => tokens[pos];
  const next = () => tokens[pos++] ?? fail('the file ends too early (an unclosed { ?)');
  const skipSeparators = () => {
    while (peek()?.kind === 'punct' && (peek()!.text === ',' || peek()!.text === ';')) pos++;
  };

  // readValue and skipMessage recurse once per level of nesting: the depth is held to limits.maxDepth.
  let depth = 0;
  /** Reads a value after `name:` or a `{...}` message, returning the scalar (or undefined for messages and lists). */
  const readValue = (): Token | undefined => {
    const t = next();
    const nested = t.kind === 'punct' && (t.text === '{' || t.text === '<' || t.text === '[');
    if (nested) checkDepth(++depth, { file, place: `line ${t.line}` });
    if (t.kind === 'punct' && (t.text === '{' || t.text === '<')) {
      skipMessage(t.text === '{' ? '}' : '>');
      depth--;
      return undefined;
    }
    if (t.kind === 'punct' && t.text === '[') {
      while (peek() && !(peek()!.kind === 'punct' && peek()!.text === ']')) {
        readValue();
        skipSeparators();
      }
      next();
      depth--;
      return undefined;
    }
    if (t.kind === 'punct') fail(`unexpected '${t.text}'`, t);
    return t;
  };
  const skipMessage = (close: string) => {
    for (;;) {
      skipSeparators();
      const t = next();
      if (t.kind === 'punct' && t.text === close) return;
      if (t.kind !== 'ident') fail(`expected a field name, got '${t.text}'`, t);
      if (peek()?.kind === 'punct' && peek()!.text === ':') pos++;
      readValue();
    }
  };

  const items: LabelMapItem[] = [];
  for (;;) {
    skipSeparators();
    const t = peek();
    if (!t) break;
    pos++;
    if (t.kind !== 'ident') fail(`expected 'item', got '${t.text}'`, t);
    if (peek()?.kind === 'punct' && peek()!.text === ':') pos++;
    const open = next();
    if (t.text !== 'item') {
      // Another top-level field: skip it.
      pos--;
      readValue();
      continue;
    }
    if (open.kind !== 'punct' || (open.text !== '{' && open.text !== '<'))
      fail(`expected '{' after 'item'`, open);
    const close = open.text === '{' ? '}' : '>';
    const item: LabelMapItem = {};
    for (;;) {
      skipSeparators();
      const f = next();
      if (f.kind === 'punct' && f.text === close) break;
      if (f.kind !== 'ident') fail(`expected a field name, got '${f.text}'`, f);
      if (peek()?.kind === 'punct' && peek()!.text === ':') pos++;
      const v = readValue();
      if (!v) continue;
      if (f.text === 'id') {
        if (v.kind !== 'number' || !/^[-+]?\d+$/.test(v.text))
          fail(`id must be an integer, got '${v.text}'`, v);
        item.id = Number(v.text);
      } else if (f.text === 'name' || f.text === 'display_name') {
        if (v.kind !== 'string') fail(`${f.text} must be a quoted string`, v);
        if (f.text === 'name') item.name = v.text;
        else item.displayName = v.text;
      }
    }
    items.push(item);
  }
  return items;
}

/** A label map as Datumaro writes it: ids from 1 in label order, names single-quoted, tab-indented. */
export function formatLabelMap(names: string[]): string {
  const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  return names.map((name, i) => `item {\n\tid: ${i + 1}\n\tname: ${quote(name)}\n}\n\n`).join('');
}
