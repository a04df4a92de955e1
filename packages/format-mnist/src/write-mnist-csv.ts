/**
 * Writes MNIST as CSV as Datumaro's `mnist_csv` exporter does: per subset `mnist_<subset>.csv`, each
 * line the label (-1 for none) and, with saveMedia, the image's pixels; `meta_<subset>.csv` when ids
 * are not the line numbers or images are not 28x28; `labels.txt` always. An item without an image is
 * its label alone (Datumaro writes `label,None` for an image without data, which its importer cannot
 * read back).
 */
import {
  type DatasetSource,
  type FileSink,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { csvField } from '@labelport/core/files';
import { CSV_NO_LABEL } from './lib/csv-rows.js';
import { csvMetaFileOf } from './lib/mnist-files.js';
import { imageOf, labelOf, NO_SAVE_MEDIA } from './lib/mnist-item.js';
import { formatLabelList, LABELS_FILE } from './lib/mnist-labels.js';
import { metaRowsOf, type WrittenItem } from './lib/mnist-meta.js';

interface SubsetOut {
  lines: string[];
  items: WrittenItem[];
  withImages: boolean;
}

export async function writeMnistCsv(
  source: DatasetSource,
  out: FileSink,
  options: WriteOptions = {},
): Promise<WriteReport> {
  const ctx = readContext(options);
  const report = new ReportBuilder();
  const labels = source.categories.labels;
  const subsets = new Map<string, SubsetOut>();
  for await (const item of ctx.iter(source.items(), source.size)) {
    report.items++;
    let s = subsets.get(item.subset);
    if (!s) {
      s = { lines: [], items: [], withImages: false };
      subsets.set(item.subset, s);
    }
    const label = labelOf(item, labels, Number.MAX_SAFE_INTEGER, report) ?? CSV_NO_LABEL;
    if (!options.saveMedia && item.media) report.warn(NO_SAVE_MEDIA);
    const image = options.saveMedia ? await imageOf(item, ctx.limits, report) : undefined;
    s.items.push({ id: item.id, size: image && { height: image.height, width: image.width } });
    if (image) s.withImages = true;
    s.lines.push(image ? `${label},${image.pixels.join(',')}\n` : `${label}\n`);
  }
  for (const [subset, s] of subsets) {
    if (subset.includes('_')) {
      report.warn(
        `subset '${subset}': Datumaro reads a subset name from the file name's part after its last '_'`,
      );
    }
    await out.write(`mnist_${subset}.csv`, s.lines.join(''));
    const meta = metaRowsOf(s.items, s.withImages);
    if (meta)
      await out.write(csvMetaFileOf(subset), meta.map((row) => `${row.map(csvField).join(',')}\n`).join(''));
  }
  await out.write(LABELS_FILE, formatLabelList(labels.map((l) => l.name)));
  return report.build();
}
