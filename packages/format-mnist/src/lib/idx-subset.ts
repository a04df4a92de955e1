/**
 * One subset of an MNIST folder, loaded: its labels file, its images file and Datumaro's meta file,
 * each checked against the others (counts, sizes, lengths) before any item is made. The pixels stay
 * in the inflated file's bytes; an item's image is a view into them.
 */
import { checkPixels, DatasetError, type DatasetLimits, type FileTree } from '@labelport/core';
import { joinPath } from '@labelport/core/files';
import { readMaybeGzip } from './gzip.js';
import { parseIdx } from './idx.js';
import { type IdxFile, idxMetaFileOf } from './mnist-files.js';
import { type MetaRow, parseU32Meta } from './mnist-meta.js';

/** Datumaro's "no label" (a label byte of 255). */
export const NO_LABEL = 255;

/** A subset's files, as found in the folder. */
export interface IdxSubsetFiles {
  subset: string;
  labels?: IdxFile;
  images?: IdxFile;
  meta?: string;
}

/** Where one item's image is in the images file (height 0: the item has none). */
export interface IdxImageSpan {
  offset: number;
  height: number;
  width: number;
}

export interface IdxSubset {
  files: IdxSubsetFiles;
  count: number;
  labels?: Uint8Array;
  /** The images file's pixels, and each item's span in them. */
  pixels?: Uint8Array;
  spans?: IdxImageSpan[];
  meta?: MetaRow[];
}

/** The subsets of the IDX files of a folder (a `.gz` file wins over the same file un-gzipped). */
export function subsetFiles(files: IdxFile[], paths: Set<string>, dir: string): IdxSubsetFiles[] {
  const bySubset = new Map<string, IdxSubsetFiles>();
  for (const f of [...files].sort((a, b) => Number(b.gz) - Number(a.gz))) {
    const s = bySubset.get(f.subset) ?? { subset: f.subset };
    bySubset.set(f.subset, s);
    if (!s[f.kind]) s[f.kind] = f;
  }
  for (const s of bySubset.values()) {
    const meta = joinPath(dir, idxMetaFileOf(s.subset));
    if (paths.has(meta)) s.meta = meta;
  }
  return [...bySubset.values()].sort((a, b) => (a.subset < b.subset ? -1 : 1));
}

async function readLabels(tree: FileTree, file: string, limits: DatasetLimits): Promise<Uint8Array> {
  const { dims, data } = parseIdx(await readMaybeGzip(tree, file, limits), 1, file);
  const count = dims[0]!;
  if (data.length < count) {
    throw new DatasetError(
      'bad-binary',
      `truncated: ${data.length} of the ${count} labels its header declares`,
      {
        file,
        place: `byte ${8 + data.length}`,
      },
    );
  }
  if (data.length > count) {
    throw new DatasetError(
      'bad-binary',
      `${data.length - count} bytes after the ${count} labels its header declares`,
      {
        file,
        place: `byte ${8 + count}`,
      },
    );
  }
  return data;
}

/** Spans from Datumaro's meta sizes: the images one after another, each its own size. */
function spansOfMeta(meta: MetaRow[], limits: DatasetLimits, file: string): IdxImageSpan[] {
  let offset = 0;
  return meta.map((row, i) => {
    const height = row.height ?? 0;
    const width = row.width ?? 0;
    const n = checkPixels(width, height, { file, place: `image ${i}` }, limits);
    const span = { offset, height, width };
    offset += n;
    return span;
  });
}

function checkLength(spans: IdxImageSpan[], data: Uint8Array, file: string): void {
  const last = spans[spans.length - 1];
  const need = last ? last.offset + last.height * last.width : 0;
  if (data.length < need) {
    const i = spans.findIndex((s) => s.offset + s.height * s.width > data.length);
    throw new DatasetError(
      'bad-binary',
      `truncated: ${data.length} of the ${need} pixel bytes of its images`,
      {
        file,
        place: `image ${i}`,
      },
    );
  }
  if (data.length > need) {
    throw new DatasetError('bad-binary', `${data.length - need} bytes after its ${spans.length} images`, {
      file,
      place: `byte ${16 + need}`,
    });
  }
}

/**
 * The images' count and spans from the header: n images of rows x cols. Datumaro's exporter writes the
 * number of pixel bytes where the count of images belongs (its importer ignores the count): a count
 * equal to the bytes present is read so.
 */
function spansOfHeader(
  dims: number[],
  data: Uint8Array,
  limits: DatasetLimits,
  file: string,
): IdxImageSpan[] {
  const [declared, rows, cols] = dims as [number, number, number];
  const per = checkPixels(cols, rows, { file, place: 'byte 8' }, limits);
  let n = declared;
  if (per > 0 && declared * per !== data.length && declared === data.length && data.length % per === 0) {
    n = data.length / per;
  }
  if (per === 0 && n > 0) {
    throw new DatasetError('bad-binary', `images of ${rows}x${cols} pixels`, { file, place: 'byte 8' });
  }
  const spans: IdxImageSpan[] = [];
  // never more spans than the bytes could hold (a hostile count of 2^32 - 1 allocates nothing)
  for (let i = 0, offset = 0; i < n && offset + per <= data.length; i++, offset += per) {
    spans.push({ offset, height: rows, width: cols });
  }
  if (spans.length < n) {
    throw new DatasetError(
      'bad-binary',
      `truncated: ${spans.length} whole images of the ${n} its header declares`,
      {
        file,
        place: `image ${spans.length}`,
      },
    );
  }
  checkLength(spans, data, file);
  return spans;
}

async function readImages(
  tree: FileTree,
  file: string,
  meta: MetaRow[] | undefined,
  limits: DatasetLimits,
): Promise<{ pixels: Uint8Array; spans: IdxImageSpan[] }> {
  const { dims, data } = parseIdx(await readMaybeGzip(tree, file, limits), 3, file);
  if (meta?.[0]?.height !== undefined) {
    const spans = spansOfMeta(meta, limits, file);
    checkLength(spans, data, file);
    return { pixels: data, spans };
  }
  return { pixels: data, spans: spansOfHeader(dims, data, limits, file) };
}

/** A subset's files read and checked against each other. */
export async function loadIdxSubset(
  tree: FileTree,
  files: IdxSubsetFiles,
  limits: DatasetLimits,
): Promise<IdxSubset> {
  const labels = files.labels ? await readLabels(tree, files.labels.path, limits) : undefined;
  let meta: MetaRow[] | undefined;
  // Datumaro writes a meta file beside a labels file only: its rows are the labels' items
  if (files.meta && labels)
    meta = parseU32Meta(await readMaybeGzip(tree, files.meta, limits), labels.length, files.meta);
  const images = files.images ? await readImages(tree, files.images.path, meta, limits) : undefined;
  const count = labels?.length ?? images?.spans.length ?? 0;
  if (labels && images && images.spans.length !== labels.length) {
    throw new DatasetError(
      'bad-layout',
      `${images.spans.length} images, and ${labels.length} labels in ${files.labels!.path}`,
      { file: files.images!.path },
    );
  }
  return { files, count, labels, pixels: images?.pixels, spans: images?.spans, meta };
}
