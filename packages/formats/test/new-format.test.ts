import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AnyFormat, memoryTree } from '@labelport/core';
import { readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain .mjs scripts without types
import { metaIndex, metaIndexFile } from '../../../scripts/meta-package.mjs';
// @ts-expect-error: plain .mjs scripts without types
import { newFormat } from '../../../scripts/new-format.mjs';

const repo = join(import.meta.dirname, '../../..');

describe('the meta-package and pnpm new:format', () => {
  it("the meta-package's list of imports is generated from its dependencies (node scripts/meta-package.mjs --write)", () => {
    expect(readFileSync(metaIndexFile(), 'utf8')).toBe(metaIndex());
  });

  it('new:format writes a package that works: conformance test, options, meta-package wiring', async () => {
    const root = mkdtempSync(join(tmpdir(), 'labelport-new-format-'));
    mkdirSync(join(root, 'packages/formats/src'), { recursive: true });
    cpSync(join(repo, 'LICENSE'), join(root, 'LICENSE'));
    cpSync(join(repo, 'tooling/tsconfig'), join(root, 'tooling/tsconfig'), { recursive: true });
    cpSync(join(repo, 'packages/formats/package.json'), join(root, 'packages/formats/package.json'));
    const { dir } = newFormat('boxes-json', root);
    for (const f of [
      'package.json',
      'tsconfig.json',
      'tsup.config.ts',
      'README.md',
      'LICENSE',
      'src/index.ts',
      'src/boxes-json.ts',
      'src/options.ts',
      'src/read-boxes-json.ts',
      'src/write-boxes-json.ts',
      'test/boxes-json.test.ts',
    ]) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    expect(existsSync(join(root, '.changeset/format-boxes-json-initial.md'))).toBe(true);
    const meta = JSON.parse(readFileSync(join(root, 'packages/formats/package.json'), 'utf8'));
    expect(meta.dependencies['@labelport/format-boxes-json']).toBe('workspace:^');
    expect(readFileSync(join(root, 'packages/formats/src/index.ts'), 'utf8')).toMatch(
      /import \{ formats as boxesJson \} from '@labelport\/format-boxes-json';[\s\S]*\.\.\.boxesJson,/,
    );
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.repository.directory).toBe('packages/format-boxes-json');
    expect(() => newFormat('boxes-json', root)).toThrow(/exists already/);
    expect(() => newFormat('Bad Name', root)).toThrow(/not a package name/);

    const { formats } = (await import(join(dir, 'src/index.ts'))) as { formats: AnyFormat[] };
    const [format] = formats;
    expect(format!.id).toBe('boxes_json');
    expect(format!.options?.write?.indent?.type).toBe('integer');
    // the new shape: the format object apart from its reader and writer, on core's item loop
    const object = readFileSync(join(dir, 'src/boxes-json.ts'), 'utf8');
    expect(object).not.toMatch(/readJson|ReportBuilder/);
    for (const f of ['boxes-json.ts', 'read-boxes-json.ts', 'write-boxes-json.ts']) {
      expect(readFileSync(join(dir, 'src', f), 'utf8'), f).not.toMatch(/\b(onProgress|signal|lenient)\b/);
    }
    expect(readFileSync(join(dir, 'src/read-boxes-json.ts'), 'utf8')).toMatch(/readerSource\(/);
    expect(readFileSync(join(dir, 'src/write-boxes-json.ts'), 'utf8')).toMatch(/\.iter\(source\.items\(\)/);
    const tree = memoryTree({
      'annotations.json': JSON.stringify({ labels: ['cat'], items: [{ id: 'a', boxes: [[0, 1, 2, 3, 4]] }] }),
    });
    const ds = await readAll(format!, tree);
    expect(ds.size).toBe(1);
    const { dataset: back } = await writeAndReadBack(format!, ds);
    expect(back.size).toBe(1);
    // detected by parsing, whatever the key order and indentation
    const reordered = memoryTree({
      'annotations.json': JSON.stringify(
        { items: [{ boxes: [[0, 1, 2, 3, 4]], id: 'a' }], labels: ['cat'] },
        null,
        4,
      ),
    });
    expect(
      (
        await format!.detect!({
          tree: reordered,
          files: await reordered.list(),
          has: (p: string) => p === 'annotations.json',
          glob: () => [],
          readHead: async () => '',
          reject: (r: string) => {
            throw new Error(r);
          },
        })
      ).confidence,
    ).toBe(0.5);
  });
});
