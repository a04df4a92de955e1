import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parseKeyValues } from '../src/io.js';
import { tempDir } from './run-cli.js';

it('parses writer and reader options as strings (checkOptions types them), flags and @file values', () => {
  const dir = tempDir();
  const file = join(dir, 'labelmap.txt');
  writeFileSync(file, 'cat:1,2,3::\n');
  expect(parseKeyValues(['label-map=@' + file, 'digits=6', 'strict', 'mode=polygons', 'flag=false'])).toEqual(
    {
      'label-map': 'cat:1,2,3::\n',
      digits: '6',
      strict: 'true',
      mode: 'polygons',
      flag: 'false',
    },
  );
  expect(() => parseKeyValues([`x=@${join(dir, 'missing.txt')}`])).toThrow(
    /missing\.txt: cannot read the file/,
  );
});
