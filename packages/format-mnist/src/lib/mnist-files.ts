/**
 * MNIST's file names. The original's `train-images-idx3-ubyte.gz`, `train-labels-idx1-ubyte.gz`,
 * `t10k-images-idx3-ubyte.gz`, `t10k-labels-idx1-ubyte.gz` (also un-gzipped, and with a dot before
 * `idx` as some mirrors name them); Fashion-MNIST and KMNIST use the same names, EMNIST a longer prefix
 * (`emnist-letters-train-...`). The prefix is the subset, `t10k` being `test`; Datumaro's CSV variant
 * is `mnist_<subset>.csv`.
 */
import { basename, dirname } from '@labelport/core/files';

const IDX_FILE = /^(.+)-(images|labels)[-.]idx([13])-ubyte(\.gz)?$/i;
export const CSV_FILE = /^mnist_(.+)\.csv$/i;

/** An IDX file of the folder: its subset and what it holds. */
export interface IdxFile {
  path: string;
  subset: string;
  kind: 'images' | 'labels';
  gz: boolean;
}

/** The original's test prefix. */
const TEST_PREFIX = 't10k';

export function idxFileOf(path: string): IdxFile | undefined {
  const m = IDX_FILE.exec(basename(path));
  if (!m) return undefined;
  const kind = m[2]!.toLowerCase() as 'images' | 'labels';
  // idx1 holds labels and idx3 images: another pairing is not an MNIST file
  if ((kind === 'labels') !== (m[3] === '1')) return undefined;
  return { path, subset: m[1] === TEST_PREFIX ? 'test' : m[1]!, kind, gz: m[4] !== undefined };
}

/** The folder the dataset is in: the shallowest one holding files of `isMine`, or undefined. */
export function datasetDir(paths: string[], isMine: (path: string) => boolean): string | undefined {
  const depth = (d: string) => (d === '' ? 0 : d.split('/').length);
  let best: string | undefined;
  for (const p of paths) {
    if (!isMine(p)) continue;
    const d = dirname(p);
    if (best === undefined || depth(d) < depth(best) || (depth(d) === depth(best) && d < best)) best = d;
  }
  return best;
}

/** The file name prefix a subset is written under (`test` as the original's `t10k`). */
export const idxPrefixOf = (subset: string): string => (subset === 'test' ? TEST_PREFIX : subset);

/** Datumaro's meta file of a subset (named by the subset, `test` too). */
export const idxMetaFileOf = (subset: string): string => `${subset}-meta.gz`;
export const csvMetaFileOf = (subset: string): string => `meta_${subset}.csv`;
