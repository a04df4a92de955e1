import {
  type DatasetItem,
  type DatasetSource,
  type FileSink,
  type FileWriter,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { csvRow, joinPath, safeRelativePath } from '@labelport/core/files';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { CLASSES_FILE, FILENAME_COLUMN } from './lib/multiclass-csv.js';
import type { RoboflowMulticlassWriteOptions } from './roboflow-multiclass.js';

/** The label columns the item has a 1 in; what the CSV cannot hold is counted. */
function cellsOf(item: DatasetItem, labelCount: number, report: ReportBuilder): number[] {
  const cells = new Array<number>(labelCount).fill(0);
  for (const a of item.annotations) {
    if (a.type !== 'label') {
      report.drop(a.type, 1, 'a multi-label CSV holds image labels only');
      continue;
    }
    if (a.label === undefined || a.label >= labelCount) {
      report.drop('label', 1, `item '${item.id}': a label annotation without a known label was dropped`);
      continue;
    }
    if (cells[a.label] === 1)
      report.drop('label', 1, `item '${item.id}': a label given twice is one 1 in its column`);
    cells[a.label] = 1;
    const attributes = Object.keys(a.attributes).length;
    if (attributes) report.drop('attribute', attributes, 'a multi-label CSV holds no attributes of labels');
  }
  const attributes = Object.keys(item.attributes).length;
  if (attributes) report.drop('item attribute', attributes, 'a multi-label CSV holds no item attributes');
  return cells;
}

/**
 * One `_classes.csv` per subset folder (`<subset>/_classes.csv`, the `default` subset too, since
 * Datumaro looks for the CSVs one folder down): `filename,<label>,...` and a row of 1s and 0s per item,
 * the images beside it with saveMedia.
 */
export async function writeRoboflowMulticlass(
  source: DatasetSource,
  out: FileSink,
  options: RoboflowMulticlassWriteOptions & WriteOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  const fileName = safeRelativePath(options.fileName ?? CLASSES_FILE, { place: 'option fileName' });
  const labels = source.categories.labels.map((l) => l.name);
  const writers = new Map<string, FileWriter>();
  const written = new Set<string>();
  try {
    for await (const item of readContext(options).iter(source.items(), source.size)) {
      report.items++;
      const cells = cellsOf(item, labels.length, report);
      const name = `${item.id}${mediaExtension(item)}`;
      const path = joinPath(item.subset, name);
      if (written.has(path)) {
        report.drop('item', 1, `'${path}' would be written twice; the first was kept`);
        continue;
      }
      written.add(path);
      let writer = writers.get(item.subset);
      if (!writer) {
        writer = await out.open(joinPath(item.subset, fileName));
        writers.set(item.subset, writer);
        await writer.write(csvRow([FILENAME_COLUMN, ...labels]));
      }
      await writer.write(csvRow([name, ...cells]));
      if (options.saveMedia) await saveMedia(item, out, path, report);
    }
  } finally {
    for (const w of writers.values()) await w.close();
  }
  return report.build();
}
