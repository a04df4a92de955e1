import { describe, expect, it } from 'vitest';
import type { Dataset } from '../dataset.js';
import { isDatasetError } from '../errors.js';
import type { FileTree } from '../files/tree.js';
import type { AnyFormat } from '../format.js';
import { ANNOTATION_TYPES, type AnnotationType, type DatasetSource } from '../model.js';
import { createRegistry } from '../registry.js';
import type { CompareOptions } from './compare.js';
import { countAnnotations, expectSameDataset, readAll, writeAndReadBack } from './expect.js';
import { expectJsonLayoutIndependent, expectUnrelatedFileNamed } from './file-properties.js';

export interface FormatFixture {
  name: string;
  tree: FileTree | (() => FileTree | Promise<FileTree>);
  /** Whether the format's detector must recognise this fixture (default true). */
  detect?: boolean;
  readOptions?: object;
  expect?: {
    items?: number;
    subsets?: Record<string, number>;
    annotations?: Partial<Record<AnnotationType, number>>;
    labels?: string[];
  };
  check?(dataset: Dataset): void | Promise<void>;
}

export interface RoundTrip {
  name: string;
  source: DatasetSource | (() => DatasetSource | Promise<DatasetSource>);
  writeOptions?: object;
  compare?: CompareOptions;
  /** What the report may say was lost (default: nothing). */
  expectLoss?: { dropped?: Record<string, number>; converted?: Record<string, number> };
}

export interface BadInput {
  name: string;
  tree: FileTree | (() => FileTree | Promise<FileTree>);
  /** The DatasetError code expected, when it matters. */
  code?: string;
  /** A text the message must contain (a file name, a place). */
  message?: string | RegExp;
  readOptions?: object;
}

export interface DescribeFormatOptions {
  fixtures?: FormatFixture[];
  roundTrips?: RoundTrip[];
  badInputs?: BadInput[];
}

/**
 * One round trip of the kit: written, read back, the report as expected (nothing lost by default) and
 * the dataset equal within the format's capabilities. Throws (an assertion error) when it is not.
 */
export async function checkRoundTrip(format: AnyFormat, rt: RoundTrip): Promise<void> {
  const source = typeof rt.source === 'function' ? await rt.source() : rt.source;
  const { dataset, report } = await writeAndReadBack(format, source, rt.writeOptions);
  expect(report.dropped).toEqual(rt.expectLoss?.dropped ?? {});
  expect(report.converted).toEqual(rt.expectLoss?.converted ?? {});
  await expectSameDataset(dataset, source, { capabilities: format.capabilities, ...rt.compare });
}

const resolveTree = async (t: FormatFixture['tree']) => (typeof t === 'function' ? t() : t);

/**
 * The conformance suite for a format: metadata, detection of its fixtures, reading them to the
 * expected counts, write-then-read equality within its capabilities, and DatasetErrors on bad input.
 */
export function describeFormat(format: AnyFormat, options: DescribeFormatOptions = {}): void {
  describe(`format ${format.id}`, () => {
    it('has well-formed metadata', () => {
      expect(format.id).toMatch(/^[a-z0-9_]+$/);
      expect(format.title.length).toBeGreaterThan(0);
      expect(Boolean(format.read || format.write)).toBe(true);
      for (const t of format.capabilities.annotations) expect(ANNOTATION_TYPES).toContain(t);
      for (const e of format.extensions) expect(e).toMatch(/^\.[a-z0-9.]+$/);
      if (format.read) expect(typeof format.detect).toBe('function');
    });

    for (const fx of options.fixtures ?? []) {
      describe(`fixture ${fx.name}`, () => {
        if (fx.detect !== false && format.detect) {
          it('is detected', async () => {
            const { matches, rejected } = await createRegistry([format]).detect(await resolveTree(fx.tree));
            expect(
              matches.map((m) => m.id),
              JSON.stringify(rejected),
            ).toEqual([format.id]);
          });
        }
        it('reads to the expected content', async () => {
          let tree = await resolveTree(fx.tree);
          if (fx.detect !== false && format.detect) {
            const { matches } = await createRegistry([format]).detect(tree);
            if (matches[0]?.root) tree = tree.sub(matches[0].root);
          }
          const ds = await readAll(format, tree, fx.readOptions);
          const e = fx.expect ?? {};
          if (e.items !== undefined) expect(ds.size).toBe(e.items);
          if (e.subsets) {
            expect(Object.fromEntries(ds.subsets().map((s) => [s, ds.subset(s).length]))).toEqual(e.subsets);
          }
          if (e.annotations) expect(countAnnotations(ds)).toEqual(e.annotations);
          if (e.labels) expect(ds.categories.labels.map((l) => l.name)).toEqual(e.labels);
          await fx.check?.(ds);
        });
        if (format.read) {
          it('names an unrelated file added to it as not used', async () => {
            await expectUnrelatedFileNamed(
              format,
              await resolveTree(fx.tree),
              fx.readOptions,
              fx.detect !== false,
            );
          });
          it('reads the same (or fails loudly) with its JSON re-indented and its keys reordered', async () => {
            await expectJsonLayoutIndependent(
              format,
              await resolveTree(fx.tree),
              fx.readOptions,
              fx.detect !== false,
            );
          });
        }
      });
    }

    for (const rt of options.roundTrips ?? []) {
      it(`round trip: ${rt.name}`, () => checkRoundTrip(format, rt));
    }

    for (const bad of options.badInputs ?? []) {
      it(`rejects bad input: ${bad.name}`, async () => {
        let error: unknown;
        try {
          await readAll(format, await resolveTree(bad.tree), bad.readOptions);
        } catch (e) {
          error = e;
        }
        expect(error, 'reading must fail').toBeDefined();
        expect(isDatasetError(error), `expected a DatasetError, got ${String(error)}`).toBe(true);
        const err = error as { code: string; message: string };
        if (bad.code) expect(err.code).toBe(bad.code);
        if (bad.message) expect(err.message).toMatch(bad.message);
        expect(err.message).not.toContain('\n');
      });
    }
  });
}
