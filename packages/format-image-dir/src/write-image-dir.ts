import {
  type DatasetSource,
  type FileSink,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { mediaExtension } from '@labelport/core/media';

/** Every item's image under its id (the images are the dataset: written whether or not saveMedia is set). */
export async function writeImageDir(
  source: DatasetSource,
  out: FileSink,
  options: WriteOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  const written = new Set<string>();
  for await (const item of readContext(options).iter(source.items(), source.size)) {
    report.items++;
    for (const a of item.annotations) report.drop(a.type);
    const bytes = await item.media?.bytes?.();
    if (!bytes) {
      report.drop('media');
      continue;
    }
    const path = `${item.id}${mediaExtension(item)}`;
    if (written.has(path)) {
      // An image folder has no subsets: the same id in two subsets is one file.
      report.drop(
        'item',
        1,
        `'${path}' would be written twice (the same id in two subsets); the first was kept`,
      );
      continue;
    }
    written.add(path);
    await out.write(path, bytes);
  }
  return report.build();
}
