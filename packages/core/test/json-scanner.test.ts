import { describe, expect, it } from 'vitest';
import { DatasetError } from '../src/errors.js';
import { memoryTree } from '../src/files/memory.js';
import {
  type JsonEvent,
  JsonScanner,
  type JsonScanOptions,
  readJsonRange,
  readJsonTop,
  scanJson,
} from '../src/json/index.js';

const enc = new TextEncoder();
/** Bytes [s, e) of a text's UTF-8, parsed (offsets are in bytes, not characters). */
const parseSlice = (text: string, s: number, e: number) =>
  JSON.parse(new TextDecoder().decode(enc.encode(text).subarray(s, e)));

/** Scans `text` pushed in chunks of `size` bytes. */
function scan(text: string, size: number, options?: JsonScanOptions): JsonEvent[] {
  const bytes = enc.encode(text);
  const s = new JsonScanner('a.json', options);
  const out: JsonEvent[] = [];
  for (let i = 0; i < bytes.length; i += size) s.push(bytes.subarray(i, i + size), out);
  s.end(out);
  return out;
}

const tricky = {
  info: { name: 'brackets ] } [ { in "strings"', esc: '\\', uni: 'é世界🙂', empty: '' },
  items: [
    { id: 0, s: 'a\\"b', nested: [[1, [2, { x: [] }]], {}] },
    'a string with \\ and " and ]',
    -12.5e3,
    true,
    null,
    [],
    { id: '世界', t: '\\\\' },
  ],
  categories: { label: { labels: [{ name: 'cat' }, { name: 'dog' }] } },
  n: 0,
  e: [],
};

describe('JsonScanner', () => {
  it('finds root keys and array elements in every chunking, with their byte ranges', () => {
    const text = JSON.stringify(tricky, null, 1);
    const bytes = enc.encode(text);
    const dec = new TextDecoder();
    for (const size of [1, 2, 3, 5, 7, 64, 1 << 20]) {
      const events = scan(text, size);
      const elements = events.filter((e) => e.type === 'element');
      expect(elements.map((e) => e.value)).toEqual(tricky.items);
      for (const e of elements) {
        expect(JSON.parse(dec.decode(bytes.subarray(e.start, e.end)))).toEqual(e.value);
      }
      const values = Object.fromEntries(
        events.filter((e) => e.type === 'value').map((e) => [e.key, e.value]),
      );
      expect(values).toEqual({ info: tricky.info, categories: tricky.categories, n: 0 });
      const ends = events.filter((e) => e.type === 'array-end');
      expect(ends.map((e) => [e.key, e.type === 'array-end' && e.count])).toEqual([
        ['items', 7],
        ['e', 0],
      ]);
      const itemsEnd = ends[0]!;
      expect(JSON.parse(dec.decode(bytes.subarray(itemsEnd.start, itemsEnd.end)))).toEqual(tricky.items);
    }
  });

  it('streams a root array and takes a leading BOM', () => {
    const events = scan('\ufeff [ {"a":1} , 2,"x" ] \n', 3);
    expect(events.map((e) => e.type === 'element' && [e.key, e.index, e.value])).toEqual([
      [undefined, 0, { a: 1 }],
      [undefined, 1, 2],
      [undefined, 2, 'x'],
      false,
    ]);
  });

  it('reads keys with escapes and non-ASCII, and CRLF line ends', () => {
    const text = '{\r\n"a\\"b\\u00e9": [1,\r\n2],\r\n"clé": {"x": "\\""}\r\n}';
    for (const size of [1, 3, 100]) {
      const events = scan(text, size);
      expect(events.map((e) => [e.type, e.key])).toEqual([
        ['element', 'a"bé'],
        ['element', 'a"bé'],
        ['array-end', 'a"bé'],
        ['value', 'clé'],
      ]);
      expect(events[3]!.type === 'value' && events[3]!.value).toEqual({ x: '"' });
    }
  });

  it('parses a bare root value whole', () => {
    expect(scan('42', 1).map((e) => e.type === 'value' && e.value)).toEqual([42]);
    expect(scan(' "s" ', 2).map((e) => e.type === 'value' && e.value)).toEqual(['s']);
  });

  it('follows the plan: offsets without parsing, skipped values, whole arrays', () => {
    const text = JSON.stringify(tricky);
    const events = scan(text, 4, {
      plan: (key) => (key === 'items' ? 'offsets' : key === 'info' ? 'skip' : 'whole'),
    });
    const elements = events.filter((e) => e.type === 'element');
    expect(elements).toHaveLength(7);
    expect(elements.every((e) => e.value === undefined)).toBe(true);
    const info = events.find((e) => e.key === 'info')!;
    expect(info.type === 'value' && info.value).toBeUndefined();
    expect(parseSlice(text, info.start, info.end)).toEqual(tricky.info);
    expect(events.find((e) => e.key === 'e')).toMatchObject({ type: 'value', value: [] });
  });

  it('says where bad input is', () => {
    const err = (text: string, options?: JsonScanOptions) => {
      try {
        scan(text, 3, options);
      } catch (e) {
        expect(e).toBeInstanceOf(DatasetError);
        expect((e as DatasetError).code).toBe('bad-json');
        return (e as DatasetError).message;
      }
      throw new Error(`no error for ${text}`);
    };
    expect(err('{"items":[{"a":1},{"a":}]}')).toBe(
      "a.json: items[1] (byte 18): invalid JSON: Unexpected token '}'",
    );
    expect(err('{"items":[1,2')).toBe('a.json: byte 13: the JSON ends too early (truncated file?)');
    expect(err('{"items":[1 2]}')).toMatch(
      /^a\.json: byte 12: invalid JSON: unexpected "2", expected ',' or ']'$/,
    );
    expect(err('{"a":1}x')).toMatch(/byte 7: .*expected the end of the file/);
    expect(err('{"a" 1}')).toMatch(/byte 5: .*expected ':'/);
    expect(err('{a:1}')).toMatch(/byte 1: .*expected a key/);
    expect(err('{"a":1,}')).toMatch(/byte 7: .*expected a key/);
    expect(err('[1,]')).toMatch(/byte 3: .*expected a value/);
    expect(err('{"items":[{"a":[1}]}]}')).toMatch(/byte 17: invalid JSON: unexpected "}", expected ']'$/);
    expect(err('{"skip":[{"a":1]]}', { plan: () => 'skip' })).toMatch(/byte 15: .*expected '}'$/);
    expect(err('')).toMatch(/ends too early/);
    expect(err('{"items":[{"a":"unterminated}]}')).toMatch(/ends too early/);
    expect(err(`{"items":[${'['.repeat(20)}${']'.repeat(20)}]}`, { maxDepth: 10 })).toMatch(
      /byte 18: invalid JSON: nested too deeply/,
    );
    expect(err(`{"deep":${'['.repeat(20)}${']'.repeat(20)}}`, { maxDepth: 10 })).toMatch(/nested too deeply/);
  });

  it('holds one element, not the file: the depth limit (DEFAULT_LIMITS.maxDepth, 512) passes, a million nested brackets fail fast', () => {
    const ok = `[${'['.repeat(510)}${']'.repeat(510)}]`;
    expect(scan(ok, 1 << 16)).toHaveLength(2);
    const bad = `[${'['.repeat(1_000_000)}`;
    expect(() => scan(bad, 1 << 16)).toThrow(/nested too deeply/);
  });
});

describe('scanJson over a FileTree', () => {
  const text = JSON.stringify(tricky);
  const tree = memoryTree({ 'a.json': text });

  it('streams a file and scans a byte range again, by its root key', async () => {
    const events: JsonEvent[] = [];
    for await (const e of scanJson(tree, 'a.json', { plan: (_k, isArray) => (isArray ? 'offsets' : 'skip') }))
      events.push(e);
    const items = events.find((e) => e.type === 'array-end' && e.key === 'items')!;
    const again: unknown[] = [];
    for await (const e of scanJson(tree, 'a.json', {
      range: [items.start, items.end],
      rootKey: 'items',
      chunkSize: 5,
    })) {
      if (e.type === 'element') {
        expect(e.key).toBe('items');
        expect(await readJsonRange(tree, 'a.json', e.start, e.end)).toEqual(e.value);
        again.push(e.value);
      }
    }
    expect(again).toEqual(tricky.items);
  });

  it('reads the small root values and the ranges of the rest', async () => {
    const { values, ranges } = await readJsonTop(tree, 'a.json', (k) => k === 'items');
    expect([...values.keys()]).toEqual(['info', 'categories', 'n', 'e']);
    expect(values.get('categories')).toEqual(tricky.categories);
    const [s, e] = ranges.get('items')!;
    expect(parseSlice(text, s, e)).toEqual(tricky.items);
  });

  it('an element read again that is not JSON names the place', async () => {
    await expect(readJsonRange(tree, 'a.json', 0, 5, 'items[3]')).rejects.toThrow(
      /^a\.json: items\[3\]: invalid JSON/,
    );
  });
});

describe('errors of a streamed file', () => {
  const collect = async (text: string) => {
    const tree = memoryTree({ 'a.json': text });
    for await (const _ of scanJson(tree, 'a.json', { chunkSize: 4 })) {
      // drain
    }
  };
  it('name the line, the column and the byte', async () => {
    await expect(collect('{\n  "items": [\n    1,\n    2')).rejects.toThrow(
      'a.json: line 4, column 6 (byte 27): the JSON ends too early (truncated file?)',
    );
    await expect(collect('{\n "items": [\n {"a": 1},\n {"a": x}\n]}')).rejects.toThrow(
      /^a\.json: items\[1\] \(line 4, column 2, byte 26\): invalid JSON/,
    );
  });
});
