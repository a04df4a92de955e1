import { describe, expect, it } from 'vitest';
import { isDatasetError } from '../../src/errors.js';
import { CsvHeader, csvRow, parseCsv, streamCsv, streamCsvBatches } from '../../src/files/csv.js';
import type { FileTree } from '../../src/files/tree.js';

const enc = new TextEncoder();

/** A tree of one file whose stream hands out `size`-byte chunks. */
function chunked(bytes: Uint8Array, size: number): FileTree {
  return {
    name: 'mem',
    async *stream() {
      for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
    },
  } as unknown as FileTree;
}

async function streamed(text: string | Uint8Array, size: number) {
  const out = [];
  for await (const r of streamCsv(chunked(typeof text === 'string' ? enc.encode(text) : text, size), 'a.csv'))
    out.push(r);
  return out;
}

function errorOf(f: () => unknown): { code: string; message: string; place?: string } {
  try {
    f();
  } catch (e) {
    if (isDatasetError(e)) return e as never;
    throw e;
  }
  throw new Error('no error');
}

const TRICKY =
  '\ufeffImageID,Source,Caption\r\n' +
  'a,"x,y","say ""hi"""\r\n' +
  '\r\n' +
  'b,"two\r\nlines",é\n' +
  'c\n' +
  'd,,\rlone,cr\n' +
  '"",0,\n' +
  'last,"quoted at the end"';

describe('parseCsv', () => {
  it('splits plain lines and drops a BOM, skips empty lines, keeps ragged rows', () => {
    expect(parseCsv('\ufeffa,b\n\nc\n1,2,3\n', 'f.csv')).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['c'], line: 3 },
      { fields: ['1', '2', '3'], line: 4 },
    ]);
  });

  it('follows RFC 4180 quoting, CRLF, lone CR, with the line each record starts on', () => {
    expect(parseCsv(TRICKY, 'f.csv')).toEqual([
      { fields: ['ImageID', 'Source', 'Caption'], line: 1 },
      { fields: ['a', 'x,y', 'say "hi"'], line: 2 },
      { fields: ['b', 'two\r\nlines', 'é'], line: 4 },
      { fields: ['c'], line: 6 },
      { fields: ['d', '', ''], line: 7 },
      { fields: ['lone', 'cr'], line: 8 },
      { fields: ['', '0', ''], line: 9 },
      { fields: ['last', 'quoted at the end'], line: 10 },
    ]);
  });

  it('reads what csvRow writes', () => {
    const values = ['plain', 'a,b', 'say "x"', 'line\nbreak', '', '0'];
    expect(
      parseCsv(csvRow(values) + csvRow([1.5, undefined, 0], '\r\n'), 'f.csv').map((r) => r.fields),
    ).toEqual([values, ['1.5', '', '0']]);
  });

  it('names the file and line of malformed quoting', () => {
    expect(errorOf(() => parseCsv('a\nb,"open\nc\n', 'f.csv'))).toMatchObject({
      code: 'bad-csv',
      message: 'f.csv: line 2: invalid CSV: a quoted field is not closed',
    });
    expect(errorOf(() => parseCsv('a\nb,c"d\n', 'f.csv')).message).toBe(
      'f.csv: line 2: invalid CSV: a quote inside an unquoted field',
    );
    expect(errorOf(() => parseCsv('a\n"x\ny"z\n', 'f.csv')).message).toBe(
      'f.csv: line 3: invalid CSV: text after a closing quote',
    );
  });
});

describe('streamCsv', () => {
  it('gives the same records whatever the chunk size', async () => {
    const whole = parseCsv(TRICKY, 'a.csv');
    for (const size of [1, 2, 3, 5, 7, 16, 1000]) expect(await streamed(TRICKY, size)).toEqual(whole);
  });

  it('keeps a BOM that is content, when a later chunk starts with one', async () => {
    const bytes = enc.encode('a\n\ufeffb\n');
    expect((await streamed(bytes, 2)).map((r) => r.fields[0])).toEqual(['a', '\ufeffb']);
  });

  it('hands records out in batches, one per block', async () => {
    const text = Array.from({ length: 100 }, (_, i) => `row${i},${i}\n`).join('');
    const batches = [];
    for await (const b of streamCsvBatches(chunked(enc.encode(text), 256), 'a.csv')) batches.push(b.length);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.reduce((a, b) => a + b)).toBe(100);
  });

  it('names the line of an error found in a later block', async () => {
    await expect(streamed('a\nb\nc\nd,e"f\n', 2)).rejects.toThrow(
      'a.csv: line 4: invalid CSV: a quote inside an unquoted field',
    );
  });
});

describe('CsvHeader', () => {
  it('finds columns and names the missing one', () => {
    const h = new CsvHeader(['ImageID', ' LabelName '], 'f.csv');
    expect(h.find('Nope', 'LabelName')).toBe(1);
    expect(errorOf(() => h.require('Confidence')).message).toBe(
      'f.csv: line 1: the header has no column Confidence (found: ImageID,  LabelName )',
    );
  });
});
