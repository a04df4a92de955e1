/**
 * Writes MNIST's IDX files as Datumaro's exporter does: per subset `<subset>-labels-idx1-ubyte.gz`
 * (`t10k-` for test; 255 for "no label"), with saveMedia `<subset>-images-idx3-ubyte.gz`, and
 * `<subset>-meta.gz` when ids are not 0, 1, 2, ... or images are not 28x28; `labels.txt` always.
 * Unlike Datumaro's, the images file's header holds the number of images (the original's layout), not
 * the number of pixel bytes, and the size of the images when they all share one.
 */
import {
  type DatasetSource,
  type FileSink,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { concatBytes } from '@labelport/core/files';
import { gzip } from './lib/gzip.js';
import { formatIdx } from './lib/idx.js';
import { NO_LABEL } from './lib/idx-subset.js';
import { idxMetaFileOf, idxPrefixOf } from './lib/mnist-files.js';
import { imageOf, labelOf, NO_SAVE_MEDIA, writtenId } from './lib/mnist-item.js';
import { formatLabelList, LABELS_FILE } from './lib/mnist-labels.js';
import { formatU32Meta, MNIST_SIZE, metaRowsOf, type WrittenItem } from './lib/mnist-meta.js';
import type { MnistWriteOptions } from './options.js';

interface SubsetOut {
  labels: number[];
  items: WrittenItem[];
  pixels: Uint8Array[];
}

export async function writeMnist(
  source: DatasetSource,
  out: FileSink,
  options: MnistWriteOptions & WriteOptions = {},
): Promise<WriteReport> {
  const ctx = readContext(options);
  const report = new ReportBuilder();
  const labels = source.categories.labels;
  const subsets = new Map<string, SubsetOut>();
  for await (const item of ctx.iter(source.items(), source.size)) {
    report.items++;
    let s = subsets.get(item.subset);
    if (!s) {
      s = { labels: [], items: [], pixels: [] };
      subsets.set(item.subset, s);
    }
    const id = writtenId(item, s.items.length, report);
    s.labels.push(labelOf(item, labels, NO_LABEL - 1, report) ?? NO_LABEL);
    if (!options.saveMedia) {
      if (item.media) report.warn(NO_SAVE_MEDIA);
      s.items.push({ id });
      continue;
    }
    const image = await imageOf(item, ctx.limits, report);
    s.items.push({ id, size: image && { height: image.height, width: image.width } });
    if (image) s.pixels.push(image.pixels);
  }
  const gz = options.gzip !== false;
  for (const [subset, s] of subsets) await writeSubset(out, subset, s, gz);
  await out.write(LABELS_FILE, formatLabelList(labels.map((l) => l.name)));
  return report.build();
}

const maybeGzip = (data: Uint8Array, gz: boolean) => (gz ? gzip(data) : data);

async function writeSubset(out: FileSink, subset: string, s: SubsetOut, gz: boolean): Promise<void> {
  const prefix = idxPrefixOf(subset);
  const ext = gz ? '.gz' : '';
  const labelBytes = formatIdx([s.labels.length], Uint8Array.from(s.labels));
  await out.write(`${prefix}-labels-idx1-ubyte${ext}`, await maybeGzip(labelBytes, gz));
  const withImages = s.pixels.length > 0;
  if (withImages) {
    const sizes = s.items.map((it) => it.size);
    const first = sizes[0];
    const same =
      first !== undefined && sizes.every((z) => z?.height === first.height && z?.width === first.width);
    const [rows, cols] = same ? [first.height, first.width] : [MNIST_SIZE, MNIST_SIZE];
    const images = formatIdx([s.items.length, rows, cols], concatBytes(s.pixels));
    await out.write(`${prefix}-images-idx3-ubyte${ext}`, await maybeGzip(images, gz));
  }
  const meta = metaRowsOf(s.items, withImages);
  // Datumaro's importer opens the meta file with gzip whatever the option
  if (meta) await out.write(idxMetaFileOf(subset), await gzip(formatU32Meta(meta)));
}
