/**
 * Writes CelebA (`celeba`, `align_celeba`) in the real dataset's layout (Datumaro has no CelebA
 * exporter): every item in `Anno/identity_CelebA.txt` (its label indices as identity numbers), the
 * boolean item attributes in `list_attr_celeba.txt` (-1 / 1), one box per image in
 * `list_bbox_celeba.txt` (in-the-wild only), one set of landmarks in the variant's landmarks file,
 * train / val / test in `Eval/list_eval_partition.txt`, label names other than `class-<n>` in
 * `dataset_meta.json`, and with saveMedia the images in the variant's `Img/` folder.
 */
import {
  type DatasetSource,
  type FileSink,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { joinPath } from '@labelport/core/files';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { DATASET_META_FILE, formatDatasetMeta } from '@labelport/core/meta';
import type { CelebaVariant } from './lib/celeba-files.js';
import { CelebaRows } from './lib/celeba-rows.js';

export function writeCelebaAs(v: CelebaVariant) {
  return async (source: DatasetSource, out: FileSink, options: WriteOptions = {}): Promise<WriteReport> => {
    const report = new ReportBuilder();
    const labels = source.categories.labels;
    const rows = new CelebaRows(v, labels, report);
    let saved = 0;
    for await (const item of readContext(options).iter(source.items(), source.size)) {
      report.items++;
      const name = `${item.id}${mediaExtension(item, '.jpg')}`;
      rows.add(item, name);
      if (options.saveMedia && (await saveMedia(item, out, joinPath(v.imagesDir, name), report))) saved++;
    }
    for (const [file, text] of rows.files()) await out.write(file, text);
    if (labels.some((l, i) => l.name !== `class-${i}`)) {
      await out.write(DATASET_META_FILE, formatDatasetMeta(labels.map((l) => l.name)));
    }
    if (saved === 0 && report.items > 0) {
      report.warn(
        `Datumaro finds a CelebA dataset only with its images folder (${v.imagesDir}): write with saveMedia`,
      );
    }
    return report.build();
  };
}
