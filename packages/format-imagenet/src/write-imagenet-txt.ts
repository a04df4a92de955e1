import {
  type DatasetItem,
  type DatasetSource,
  type FileSink,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { DATASET_META_FILE, formatDatasetMeta } from '@labelport/core/meta';
import type { ImagenetTxtWriteOptions } from './imagenet-txt.js';
import { formatImagenetTxtLine } from './lib/imagenet-txt-lines.js';
import { IMAGE_DIR, LABELS_FILE } from './read-imagenet-txt.js';

/** The item's known label ids, sorted; everything else it has is counted. */
function labelIdsOf(item: DatasetItem, labelCount: number, report: ReportBuilder): number[] {
  const labels = new Set<number>();
  for (const a of item.annotations) {
    report.drop('attribute', Object.keys(a.attributes).length);
    if (a.type !== 'label') report.drop(a.type);
    else if (a.label === undefined || a.label >= labelCount) report.drop('label');
    else labels.add(a.label);
  }
  report.drop('item attribute', Object.keys(item.attributes).length);
  return [...labels].sort((a, b) => a - b);
}

export async function writeImagenetTxt(
  source: DatasetSource,
  out: FileSink,
  options: ImagenetTxtWriteOptions & WriteOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  const lines = new Map<string, string[]>();
  const labelCount = source.categories.labels.length;
  for await (const item of readContext(options).iter(source.items(), source.size)) {
    report.items++;
    const labels = labelIdsOf(item, labelCount, report);
    const ext = mediaExtension(item, '.jpg');
    const list = lines.get(item.subset) ?? [];
    lines.set(item.subset, list);
    list.push(formatImagenetTxtLine(item.id, ext, labels));
    if (options.saveMedia) await saveMedia(item, out, `${IMAGE_DIR}/${item.id}${ext}`, report);
  }
  for (const [subset, list] of lines) await out.write(`${subset}.txt`, list.map((l) => `${l}\n`).join(''));
  const names = source.categories.labels.map((l) => l.name);
  if (options.saveDatasetMeta) await out.write(DATASET_META_FILE, formatDatasetMeta(names));
  else await out.write(LABELS_FILE, names.map((n) => `${n}\n`).join(''));
  return report.build();
}
