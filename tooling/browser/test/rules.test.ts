// The suite's own rules: what counts as a use of Node's globals, and which changesets excuse growth.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { MARK_GLOBALS, nodeGlobals } from '../src/bundle.js';
import { sizeChangesets } from '../src/sizes.js';

/** What the bundle check reports for a snippet, bundled as the suite bundles packages. */
async function globalsIn(code: string): Promise<string[]> {
  const out = await build({
    stdin: { contents: code, loader: 'ts' },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    define: MARK_GLOBALS,
  });
  return nodeGlobals(out.outputFiles[0]!.text);
}

describe('Node globals in a browser bundle', () => {
  it('reports bare uses of Buffer and process', async () => {
    expect(await globalsIn('export const a = Buffer.from([1]);')).toHaveLength(1);
    expect(await globalsIn('export const e = () => process.env.X;')).toHaveLength(1);
  });

  it('accepts feature tests, properties, strings and locals', async () => {
    const ok = [
      'export const a = typeof Buffer < "u" && Buffer.isBuffer(1);',
      'export const b = (globalThis as any).Buffer?.from;',
      'export const c = { process: 1 }.process + "Buffer.from";',
      'export function d(process: number) { return process + 1; }',
    ];
    for (const code of ok) expect(await globalsIn(code), code).toEqual([]);
  });
});

describe('changesets that excuse growth', () => {
  it('mention the package and the word size', () => {
    const dir = mkdtempSync(`${tmpdir()}/changesets-`);
    try {
      writeFileSync(
        `${dir}/a.md`,
        '---\n"@labelport/format-coco": minor\n---\nPanoptic support: the size grows by 9 KB.\n',
      );
      writeFileSync(`${dir}/b.md`, '---\n"@labelport/core": patch\n---\nA fix.\n');
      writeFileSync(`${dir}/c.md`, '---\n"@labelport/core": patch\n---\nSmaller bundle size.\n');
      expect(sizeChangesets('@labelport/format-coco', `${dir}/`)).toEqual(['a.md']);
      expect(sizeChangesets('@labelport/core', `${dir}/`)).toEqual(['c.md']);
      // the meta-package's name is not found inside the scoped names
      expect(sizeChangesets('labelport', `${dir}/`)).toEqual([]);
      expect(sizeChangesets('@labelport/format-voc', `${dir}/`)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
