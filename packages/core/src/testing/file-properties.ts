/**
 * Two properties every reader has, checked on each fixture of the conformance kit: a file that has
 * nothing to do with the dataset is named as not used (nothing disappears without a word), and JSON
 * annotation files pretty-printed another way, with their keys in another order, read the same or fail
 * with a DatasetError (no reader depends on a byte window or on key order).
 */
import { expect } from 'vitest';
import { readAccounted } from '../account.js';
import { isDatasetError } from '../errors.js';
import { memoryTree } from '../files/memory.js';
import { decodeText } from '../files/text.js';
import type { FileTree } from '../files/tree.js';
import type { AnyFormat } from '../format.js';
import { createRegistry } from '../registry.js';
import { normalizeDataset } from './compare.js';

/** The tree's files in memory, with `extra` added. */
export async function copyTree(
  tree: FileTree,
  extra: Record<string, string> = {},
): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const { path } of await tree.list()) files.set(path, await tree.read(path));
  for (const [path, text] of Object.entries(extra)) files.set(path, new TextEncoder().encode(text));
  return files;
}

async function rootOf(format: AnyFormat, tree: FileTree, detect: boolean): Promise<string> {
  if (!detect || !format.detect) return '';
  const { matches } = await createRegistry([format]).detect(tree);
  return matches[0]?.root ?? '';
}

export const UNRELATED_FILE = 'zz-unrelated-notes.qqq';

/** Reads the fixture with an unrelated file added: the account must name that file. */
export async function expectUnrelatedFileNamed(
  format: AnyFormat,
  tree: FileTree,
  readOptions: object | undefined,
  detect: boolean,
): Promise<void> {
  const root = await rootOf(format, tree, detect);
  const path = root === '' ? UNRELATED_FILE : `${root}/${UNRELATED_FILE}`;
  const withExtra = memoryTree(await copyTree(tree, { [path]: 'nothing to see here\n' }), tree.name);
  const source = await readAccounted(format, withExtra, readOptions, root);
  for await (const _ of source.items());
  const { unused } = await source.files();
  expect(unused.map((u) => u.path)).toContain(path);
}

/** Object keys in reverse order, all the way down (arrays keep their order). */
function reorder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorder);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).reverse()) out[k] = reorder((value as Record<string, unknown>)[k]);
  return out;
}

/** The fixture's JSON files rewritten (indent 2 and 4, keys reversed): each reads the same or fails loudly. */
export async function expectJsonLayoutIndependent(
  format: AnyFormat,
  tree: FileTree,
  readOptions: object | undefined,
  detect: boolean,
): Promise<void> {
  const files = await copyTree(tree);
  const jsonPaths = [...files.keys()].filter((p) => p.toLowerCase().endsWith('.json'));
  if (jsonPaths.length === 0) return;
  const root = await rootOf(format, tree, detect);
  const read = async (t: FileTree) => {
    const source = await format.read!(root === '' ? t : t.sub(root), readOptions);
    return normalizeDataset(source, { capabilities: format.capabilities });
  };
  const expected = await read(memoryTree(files, tree.name));
  for (const indent of [2, 4]) {
    const changed = new Map(files);
    for (const p of jsonPaths) {
      let doc: unknown;
      try {
        doc = JSON.parse(decodeText(files.get(p)!));
      } catch {
        continue;
      }
      changed.set(p, new TextEncoder().encode(JSON.stringify(reorder(doc), null, indent)));
    }
    try {
      expect(await read(memoryTree(changed, tree.name)), `JSON indented by ${indent}, keys reversed`).toEqual(
        expected,
      );
    } catch (e) {
      if (!isDatasetError(e)) throw e;
    }
  }
}
