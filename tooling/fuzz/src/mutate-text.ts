/**
 * Structure-aware mutations of text files: JSON (values replaced by wrong types, huge or negative
 * numbers, deep nesting), XML (tags nested deep, sizes replaced, tags cut), CSV and line formats
 * (fields replaced or dropped, lines repeated). Each returns the new text and what it did.
 */
import { INTERESTING_NUMBERS, type Rng } from './rng.js';

export interface Mutated {
  text: string;
  what: string;
}

const DEEP = [1000, 20_000, 200_000];

function deepJson(rng: Rng): string {
  const n = rng.pick(DEEP);
  return rng.chance(0.5) ? '['.repeat(n) + ']'.repeat(n) : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
}

const WRONG_TYPES = ['null', '"x"', '[]', '{}', 'true', '-1', '1e309', '"NaN"', '[[1,2],[3]]', '{"a":null}'];

/** Replaces one JSON value (found by a token scan) by a wrong type, an odd number or deep nesting. */
export function mutateJson(text: string, rng: Rng): Mutated {
  // Value tokens: numbers, strings after ':' or in arrays, literals, and opening brackets.
  const tokens: { at: number; end: number }[] = [];
  const re = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|"(?:[^"\\]|\\.)*"(?!\s*:)|true|false|null|[[{]/g;
  for (let m = re.exec(text); m && tokens.length < 100_000; m = re.exec(text)) {
    tokens.push({ at: m.index, end: m.index + m[0].length });
  }
  if (tokens.length === 0)
    return { text: deepJson(rng), what: 'json: whole document replaced by deep nesting' };
  const t = rng.pick(tokens);
  let end = t.end;
  if (text[t.at] === '[' || text[t.at] === '{') end = matchingClose(text, t.at);
  const roll = rng.int(10);
  let value: string;
  let what: string;
  if (roll < 2) {
    value = deepJson(rng);
    what = 'deep nesting';
  } else if (roll < 5) {
    value = rng.pick(INTERESTING_NUMBERS);
    if (!/^-?\d/.test(value)) value = JSON.stringify(value);
    what = `number ${value}`;
  } else if (roll < 8) {
    value = rng.pick(WRONG_TYPES);
    what = `wrong type ${value}`;
  } else if (roll < 9) {
    const v = text.slice(t.at, end);
    // Cases stay small: a large value is repeated twice only.
    value = `[${Array(v.length > 4096 ? 2 : rng.pick([2, 50, 5000]))
      .fill(v)
      .join(',')}]`;
    what = 'value repeated in an array';
  } else {
    value = '';
    what = 'value removed';
  }
  return { text: text.slice(0, t.at) + value + text.slice(end), what: `json: ${what} at ${t.at}` };
}

function matchingClose(text: string, at: number): number {
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

/** XML: a tag's text replaced by an odd value, tags nested deep, a closing tag removed, an entity. */
export function mutateXml(text: string, rng: Rng): Mutated {
  const roll = rng.int(8);
  const texts = [...text.matchAll(/>([^<>]*)</g)];
  const attrs = [...text.matchAll(/="([^"]*)"/g)];
  if (roll < 3 && texts.length > 0) {
    const m = rng.pick(texts);
    const at = m.index! + 1;
    const v = rng.pick(INTERESTING_NUMBERS);
    return { text: text.slice(0, at) + v + text.slice(at + m[1]!.length), what: `xml: text ${v} at ${at}` };
  }
  if (roll < 5 && attrs.length > 0) {
    const m = rng.pick(attrs);
    const at = m.index! + 2;
    const v = rng.pick(INTERESTING_NUMBERS);
    return {
      text: text.slice(0, at) + v + text.slice(at + m[1]!.length),
      what: `xml: attribute ${v} at ${at}`,
    };
  }
  const close = text.lastIndexOf('</');
  if (roll < 7 && close > 0) {
    const n = rng.pick(DEEP);
    const nest = rng.chance(0.5) ? '<a>'.repeat(n) + '</a>'.repeat(n) : '<object>'.repeat(n);
    return { text: text.slice(0, close) + nest + text.slice(close), what: `xml: ${n} nested tags` };
  }
  const tags = [...text.matchAll(/<\/[^>]+>/g)];
  if (tags.length > 0 && rng.chance(0.5)) {
    const m = rng.pick(tags);
    return {
      text: text.slice(0, m.index!) + text.slice(m.index! + m[0].length),
      what: 'xml: closing tag removed',
    };
  }
  return {
    text: text.replace(/<\?xml[^>]*\?>/, '$&<!DOCTYPE a [<!ENTITY e "&e;&e;">]>&e;'),
    what: 'xml: recursive entity',
  };
}

/** Line formats (CSV, TXT): a field replaced or dropped, a line repeated, a very long line. */
export function mutateLines(text: string, rng: Rng): Mutated {
  const lines = text.split('\n');
  const i = rng.int(lines.length);
  const line = lines[i]!;
  const sep = line.includes(',') ? ',' : line.includes('\t') ? '\t' : ' ';
  const fields = line.split(sep);
  const roll = rng.int(6);
  let what: string;
  if (roll < 3) {
    const f = rng.int(fields.length);
    fields[f] = rng.pick(INTERESTING_NUMBERS);
    what = `field ${f} = ${fields[f]}`;
  } else if (roll < 4) {
    fields.splice(rng.int(fields.length), 1);
    what = 'field dropped';
  } else if (roll < 5) {
    // At most 2,000 copies: 20,000 items of a few KB of text are real work (seconds), not a hang.
    const n = line.length > 400 ? 2 : rng.pick([2, 100, 2000]);
    lines.splice(i, 0, ...Array(n).fill(line));
    return { text: lines.join('\n'), what: `lines: line ${i} repeated ${n} times` };
  } else {
    fields.push('9'.repeat(rng.pick([400, 100_000])));
    what = 'long field';
  }
  lines[i] = fields.join(sep);
  return { text: lines.join('\n'), what: `lines: line ${i}: ${what}` };
}
