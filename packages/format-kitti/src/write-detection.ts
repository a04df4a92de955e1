import {
  type DatasetSource,
  type FileSink,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { joinPath, safeRelativePath } from '@labelport/core/files';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { KITTI_BOX_ATTRIBUTES, objectOf } from './lib/kitti-box.js';
import { formatKittiLine } from './lib/kitti-label-line.js';
import { IMAGES_DIR, LABELS_DIR } from './lib/kitti-layout.js';

export async function writeKittiDetection(
  source: DatasetSource,
  out: FileSink,
  options: WriteOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  const labels = source.categories.labels.map((l) => l.name);
  for await (const item of readContext(options).iter(source.items(), source.size)) {
    report.items++;
    const dir = safeRelativePath(item.subset);
    report.drop('item attribute', Object.keys(item.attributes).length);
    const lines: string[] = [];
    for (const a of item.annotations) {
      if (a.type !== 'bbox') {
        report.drop(a.type);
        continue;
      }
      if (a.label === undefined || labels[a.label] === undefined) {
        report.drop('bbox', 1, 'boxes without a label cannot be written (a KITTI line starts with its type)');
        continue;
      }
      let type = labels[a.label];
      if (/\s/.test(type)) {
        type = type.replace(/\s+/g, '_');
        report.warn(`KITTI label names cannot hold spaces: '${labels[a.label]}' was written as '${type}'`);
      }
      for (const k of Object.keys(a.attributes)) if (!KITTI_BOX_ATTRIBUTES.has(k)) report.drop('attribute');
      if (a.objectId !== undefined) report.drop('objectId');
      lines.push(formatKittiLine(objectOf(a, type)));
    }
    // An item with no box still gets its (empty) label file, so that it is kept.
    await out.write(joinPath(dir, LABELS_DIR, `${item.id}.txt`), lines.map((l) => `${l}\n`).join(''));
    if (options.saveMedia)
      await saveMedia(
        item,
        out,
        joinPath(dir, IMAGES_DIR, `${item.id}${mediaExtension(item, '.png')}`),
        report,
      );
  }
  return report.build();
}
