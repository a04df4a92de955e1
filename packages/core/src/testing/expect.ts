import { existsSync } from 'node:fs';
import { expect } from 'vitest';
import { Dataset } from '../dataset.js';
import { memorySink } from '../files/memory.js';
import type { FileTree } from '../files/tree.js';
import type { AnyFormat } from '../format.js';
import type { AnnotationType, DatasetSource } from '../model.js';
import { isLossKey, type WriteReport } from '../report.js';
import { type CompareOptions, normalizeDataset } from './compare.js';

/** Reads a tree with a format into memory. */
export async function readAll(format: AnyFormat, tree: FileTree, options?: object): Promise<Dataset> {
  if (!format.read) throw new Error(`${format.id} cannot read`);
  return Dataset.from(await format.read(tree, options));
}

/** Annotation counts by type, with skeleton elements not counted separately. */
export function countAnnotations(
  ds: Iterable<{ annotations: { type: AnnotationType }[] }>,
): Partial<Record<AnnotationType, number>> {
  const out: Partial<Record<AnnotationType, number>> = {};
  for (const item of ds) for (const a of item.annotations) out[a.type] = (out[a.type] ?? 0) + 1;
  return out;
}

export async function expectSameDataset(
  actual: DatasetSource,
  expected: DatasetSource,
  options?: CompareOptions,
): Promise<void> {
  const want = (await normalizeDataset(expected, options)) as NormalizedDataset;
  const got = (await normalizeDataset(actual, options)) as NormalizedDataset;
  // A media path the source did not have may appear (a format that names every image's file): only a
  // path that was known and is lost is a difference.
  const unknown = new Set(want.items.filter((i) => i.media?.path === undefined).map((i) => i.key));
  const none = new Set(want.items.filter((i) => i.media === undefined).map((i) => i.key));
  for (const item of got.items) {
    if (!item.media || !unknown.has(item.key)) continue;
    delete item.media.path;
    // nothing but the kind and that path: no more than the source's "no media"
    if (none.has(item.key) && Object.keys(item.media).every((k) => k === 'kind')) delete item.media;
  }
  expect(got).toEqual(want);
}

interface NormalizedDataset {
  items: { key: string; media?: { path?: string } }[];
}

/** Writes `source` with `format` into memory and reads it back with `readFormat` (default: the same). */
export async function writeAndReadBack(
  format: AnyFormat,
  source: DatasetSource,
  writeOptions?: object,
  readFormat: AnyFormat = format,
): Promise<{ dataset: Dataset; report: WriteReport; tree: FileTree }> {
  if (!format.write) throw new Error(`${format.id} cannot write`);
  const sink = memorySink(`${format.id}-out`);
  const report = await format.write(source, sink, writeOptions);
  expectLossKeys(report);
  await sink.commit();
  const tree = sink.tree();
  return { dataset: await readAll(readFormat, tree), report, tree };
}

/**
 * The corpus of real samples (`LABELPORT_FIXTURES`), or undefined when it is absent; tests that
 * need it skip, saying so.
 */
export function fixturesDir(): string | undefined {
  const dir = process.env.LABELPORT_FIXTURES;
  if (!dir) return undefined;
  if (!existsSync(dir)) {
    console.warn(`LABELPORT_FIXTURES names ${dir}, which does not exist: the corpus tests are skipped`);
    return undefined;
  }
  return dir;
}

/** Every key of the report is a loss kind (LOSS_KINDS), or `from->to` of two: one key per loss. */
export function expectLossKeys(report: WriteReport): void {
  for (const k of Object.keys(report.dropped))
    expect(isLossKey(k), `'${k}' is not one of LOSS_KINDS`).toBe(true);
  for (const k of Object.keys(report.converted))
    expect(isLossKey(k, true), `'${k}' is not 'from->to' of LOSS_KINDS`).toBe(true);
}
