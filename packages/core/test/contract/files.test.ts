import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { globToRegExp, parseJson, safeRelativePath, stripExtension } from '../../src/files/index.js';
import { memoryTree } from '../../src/index.js';
import { directorySink, directoryTree, openTree } from '../../src/node.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'lp-files-'));

describe('paths', () => {
  it('normalises safe paths and refuses unsafe ones', () => {
    expect(safeRelativePath('a\\b/./c//d')).toBe('a/b/c/d');
    expect(safeRelativePath('a/../b')).toBe('b');
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'C:/x', 'C:\\x']) {
      expect(() => safeRelativePath(bad), bad).toThrow(/leaves the dataset root|absolute/);
    }
  });
  it('globs', () => {
    expect(globToRegExp('**/annotations/*.json').test('annotations/a.json')).toBe(true);
    expect(globToRegExp('**/annotations/*.json').test('x/y/annotations/a.json')).toBe(true);
    expect(globToRegExp('**/annotations/*.json').test('annotations/x/a.json')).toBe(false);
    expect(globToRegExp('*.{jpg,png}').test('a.png')).toBe(true);
    expect(stripExtension('a.b/c.jpg')).toBe('a.b/c');
    expect(stripExtension('a.b/c')).toBe('a.b/c');
  });
});

describe('parseJson', () => {
  it('places syntax errors by line and column, and says truncated', () => {
    expect(() => parseJson('{\n "a": 1,\n "b": 2 x }', 'f.json')).toThrow(
      /^f\.json: line 3, column 9: invalid JSON: Expected/,
    );
    expect(() => parseJson('{"b": }', 'f.json')).toThrow(/^f\.json: invalid JSON: Unexpected token '}'$/);
    expect(() => parseJson('{"a": [1, 2', 'f.json')).toThrow(
      /f\.json: line 1, column \d+: the JSON ends too early/,
    );
  });
});

describe('memoryTree', () => {
  it('lists, reads, ranges, sub-trees, and names missing files', async () => {
    const t = memoryTree({ 'a/b.txt': 'hello', 'c.txt': 'x' });
    expect((await t.list()).map((e) => e.path)).toEqual(['a/b.txt', 'c.txt']);
    expect(new TextDecoder().decode(await t.readRange('a/b.txt', 1, 3))).toBe('el');
    const sub = t.sub('a');
    expect((await sub.list()).map((e) => e.path)).toEqual(['b.txt']);
    await expect(sub.read('nope.txt')).rejects.toThrow('nope.txt: file not found');
    await expect(t.read('../x')).rejects.toMatchObject({ code: 'unsafe-path' });
  });
});

describe('directory trees and sinks', () => {
  it('leaves out links that leave the root and refuses to read through them', async () => {
    const outside = tmp();
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    const root = tmp();
    writeFileSync(join(root, 'ok.txt'), 'ok');
    symlinkSync(join(outside, 'secret.txt'), join(root, 'link.txt'));
    symlinkSync(join(root, 'ok.txt'), join(root, 'inside.txt'));
    const t = directoryTree(root);
    expect((await t.list()).map((e) => e.path)).toEqual(['inside.txt', 'ok.txt']);
    // the link is not part of the tree: reading it is an error, and nothing of the target leaks
    await expect(t.read('link.txt')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('follows a link back up the tree once, not forever', async () => {
    const root = tmp();
    mkdirSync(join(root, 'a', 'b'), { recursive: true });
    writeFileSync(join(root, 'a', 'b', 'x.txt'), 'x');
    symlinkSync('..', join(root, 'a', 'b', 'up')); // -> a
    symlinkSync('../..', join(root, 'a', 'b', 'top')); // -> the root itself
    const paths = (await directoryTree(root).list()).map((e) => e.path);
    expect(paths).toEqual(['a/b/up/b/x.txt', 'a/b/x.txt']);
    expect(new TextDecoder().decode(await directoryTree(root).read('a/b/up/b/x.txt'))).toBe('x');
  });

  it('commits atomically and never overwrites without overwrite', async () => {
    const parent = tmp();
    const out = join(parent, 'out');
    const sink = await directorySink(out);
    await sink.write('a/b.txt', 'x');
    const w = await sink.open('big.txt');
    await w.write('1');
    await w.write(new Uint8Array([50]));
    await w.close();
    expect(readdirSync(parent).filter((n) => n === 'out')).toEqual([]);
    await sink.commit();
    expect(readFileSync(join(out, 'big.txt'), 'utf8')).toBe('12');
    await expect(directorySink(out)).rejects.toMatchObject({ code: 'output-exists' });
    const again = await directorySink(out, { overwrite: true });
    await again.write('new.txt', 'n');
    await again.commit();
    expect(readdirSync(out)).toEqual(['new.txt']);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('an aborted sink leaves nothing', async () => {
    const parent = tmp();
    const sink = await directorySink(join(parent, 'out'));
    await sink.write('a.txt', 'x');
    await sink.abort();
    expect(readdirSync(parent)).toEqual([]);
  });

  it('openTree opens folders, zips and single files', async () => {
    const root = tmp();
    mkdirSync(join(root, 'd'));
    writeFileSync(join(root, 'd', 'x.json'), '{}');
    expect((await (await openTree(join(root, 'd'))).list()).map((e) => e.path)).toEqual(['x.json']);
    expect((await (await openTree(join(root, 'd', 'x.json'))).list()).map((e) => e.path)).toEqual(['x.json']);
    await expect(openTree(join(root, 'nope'))).rejects.toMatchObject({ code: 'not-found' });
  });

  it('a single file lists itself alone, and reads the files beside it (never above it)', async () => {
    const root = tmp();
    mkdirSync(join(root, 'd', 'images'), { recursive: true });
    writeFileSync(join(root, 'd', 'labels.json'), '{}');
    writeFileSync(join(root, 'd', 'a.png'), 'png bytes');
    writeFileSync(join(root, 'd', 'images', 'b.png'), 'more');
    writeFileSync(join(root, 'secret.txt'), 'no');
    symlinkSync(join(root, 'secret.txt'), join(root, 'd', 'link.txt'));
    const tree = await openTree(join(root, 'd', 'labels.json'));
    expect((await tree.list()).map((e) => e.path)).toEqual(['labels.json']);
    expect(new TextDecoder().decode(await tree.read('a.png'))).toBe('png bytes');
    expect(await tree.stat('images/b.png')).toEqual({ path: 'images/b.png', size: 4 });
    expect(new TextDecoder().decode(await tree.readRange('images/b.png', 1, 3))).toBe('or');
    expect(await tree.exists('c.png')).toBe(false);
    await expect(tree.read('c.png')).rejects.toMatchObject({ code: 'not-found' });
    await expect(tree.read('../secret.txt')).rejects.toThrow(/leaves the dataset root/);
    await expect(tree.read('link.txt')).rejects.toMatchObject({ code: 'unsafe-path' });
  });
});

describe('zip sink', () => {
  it('packs what was written into an archive that reads back, and refuses to overwrite', async () => {
    const { zipSink, fileAccess } = await import('../../src/node.js');
    const { zipTree } = await import('../../src/index.js');
    const dir = tmp();
    const file = join(dir, 'out.zip');
    const sink = await zipSink(file);
    const big = 'x'.repeat(3_000_000);
    const w = await sink.open('annotations/train.json');
    await w.write('{"items": [');
    await w.write(big);
    await w.close();
    await sink.write('images/a.png', new Uint8Array([1, 2, 3]));
    expect(readdirSync(dir).filter((n) => n === 'out.zip')).toEqual([]);
    await sink.commit();
    expect(readdirSync(dir)).toEqual(['out.zip']);
    const tree = await zipTree(await fileAccess(file), file);
    expect((await tree.list()).map((e) => [e.path, e.size])).toEqual([
      ['annotations/train.json', 11 + big.length],
      ['images/a.png', 3],
    ]);
    expect(new TextDecoder().decode(await tree.read('annotations/train.json')).slice(0, 12)).toBe(
      '{"items": [x',
    );
    await expect(zipSink(file)).rejects.toMatchObject({ code: 'output-exists' });
    const aborted = await zipSink(join(dir, 'other.zip'));
    await aborted.write('a.txt', 'a');
    await aborted.abort();
    expect(readdirSync(dir)).toEqual(['out.zip']);
  });
});
