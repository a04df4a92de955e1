import { describe, expect, it } from 'vitest';
import { formatImagesMeta, parseImagesMeta, shellQuote, shellSplit } from '../../src/meta/images-meta.js';

describe('images.meta', () => {
  it("reads Datumaro's lines: plain, quoted, escaped, commented; extra fields ignored", () => {
    const text = [
      'a 480 640',
      '"my image" 10 20 extra',
      "'it''s' 1 2",
      'b\\ c 3 4 # a comment',
      '# only a comment',
      '',
      '"q\\"x" 5 6',
    ].join('\n');
    expect([...parseImagesMeta(text, 'images.meta')]).toEqual([
      ['a', { width: 640, height: 480 }],
      ['my image', { width: 20, height: 10 }],
      ['its', { width: 2, height: 1 }],
      ['b c', { width: 4, height: 3 }],
      ['q"x', { width: 6, height: 5 }],
    ]);
  });

  it('names the line of a bad one', () => {
    expect(() => parseImagesMeta('a 1 2\nb 3', 'images.meta')).toThrow(/^images\.meta: line 2: expected/);
    expect(() => parseImagesMeta('a -1 2', 'm')).toThrow(/^m: line 1: the height and width must be whole/);
    expect(() => parseImagesMeta('a 1e309 2', 'm')).toThrow(/whole numbers/);
    expect(() => parseImagesMeta('"a 1 2', 'm')).toThrow(/^m: line 1: no closing quotation/);
  });

  it('writes what it reads back, quoting as shlex.quote does', () => {
    const entries = [
      { name: 'plain/a.jpg', width: 3, height: 2 },
      { name: "it's here", width: 5, height: 4 },
      { name: '', width: 1, height: 1 },
    ];
    const text = formatImagesMeta(entries);
    expect(text).toBe(`plain/a.jpg 2 3\n'it'"'"'s here' 4 5\n'' 1 1\n`);
    expect([...parseImagesMeta(text, 'm')].map(([name, s]) => ({ name, ...s }))).toEqual(entries);
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellSplit("x 'y z'")).toEqual(['x', 'y z']);
  });
});
