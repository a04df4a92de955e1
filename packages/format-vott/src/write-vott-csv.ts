/**
 * Writes VoTT CSV exports as VoTT's `csv` provider does: one `<subset>-export.csv` per subset (the
 * default subset at the top, the others in a folder of their name), the header
 * `"image","xmin","ymin","xmax","ymax","label"`, a row per labelled box. A VoTT region with several
 * tags is one row per tag: boxes of one group with the same geometry are written so (and read back
 * tied again); other groups lose their tie, counted. An image without boxes gets a row of its own
 * (`emptyRows`, Datumaro reads it as an item without annotations). `--save-media` saves the images
 * beside the file, as VoTT's "include images" does.
 */
import {
  type Annotation,
  type DatasetSource,
  DEFAULT_SUBSET,
  type FileSink,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { joinPath } from '@labelport/core/files';
import { bboxOfPoints, boxRotation, isRotated, rotatedBoxCorners } from '@labelport/core/geometry';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { CSV_HEADER, csvRowOf } from './lib/vott-csv.js';
import type { VottCsvWriteOptions } from './options.js';
import { CSV_SUFFIX } from './read-vott-csv.js';

type Box = { x: number; y: number; w: number; h: number; label: string };

/** The box of an annotation as VoTT writes every region in its CSV: its bounding box. */
function boxOf(a: Annotation, report: ReportBuilder): [number, number, number, number] | undefined {
  if (a.type === 'bbox') {
    if (!isRotated(a.attributes)) return [a.x, a.y, a.w, a.h];
    report.drop(
      'rotation',
      1,
      'VoTT CSV has no rotated boxes: they are written as the upright boxes around them',
    );
    return bboxOfPoints(rotatedBoxCorners(a.x, a.y, a.w, a.h, boxRotation(a.attributes))) as [
      number,
      number,
      number,
      number,
    ];
  }
  if (a.type === 'polygon' || a.type === 'polyline') {
    report.convert(
      a.type,
      'bbox',
      1,
      `VoTT's CSV has the bounding box of each region: ${a.type}s are written as their boxes`,
    );
    return bboxOfPoints(a.points) as [number, number, number, number];
  }
  report.drop(a.type, 1, `VoTT's CSV has boxes only: ${a.type} annotations are not written`);
  return undefined;
}

/** The rows' boxes of an item; group ties other than one box with several labels are counted as lost. */
function itemBoxes(
  annotations: Annotation[],
  labels: DatasetSource['categories']['labels'],
  report: ReportBuilder,
): Box[] {
  const out: Box[] = [];
  const groups = new Map<number, Set<string>>();
  for (const a of annotations) {
    const b = boxOf(a, report);
    if (!b) continue;
    const label = a.label === undefined ? undefined : labels[a.label]?.name;
    if (label === undefined) {
      report.drop(a.type, 1, 'VoTT writes a CSV row per tag: boxes without a label are not written');
      continue;
    }
    if (a.group !== undefined) {
      const set = groups.get(a.group) ?? new Set();
      groups.set(a.group, set);
      set.add(b.join(','));
    }
    out.push({ x: b[0], y: b[1], w: b[2], h: b[3], label });
  }
  for (const [g, boxes] of groups) {
    const members = annotations.filter((a) => a.group === g).length;
    if (boxes.size > 1 || members === 1) {
      report.drop('group', members, 'VoTT CSV ties only the labels of one box: other groups are not written');
    }
  }
  return out;
}

export async function writeVottCsv(
  source: DatasetSource,
  out: FileSink,
  options: VottCsvWriteOptions & WriteOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  const labels = source.categories.labels;
  const files = new Map<string, { folder: string; rows: string[] }>();
  for await (const item of readContext(options).iter(source.items(), source.size)) {
    report.items++;
    let file = files.get(item.subset);
    if (!file) {
      file = { folder: item.subset === DEFAULT_SUBSET ? '' : item.subset, rows: [CSV_HEADER] };
      files.set(item.subset, file);
    }
    const image = `${item.id}${mediaExtension(item)}`;
    const boxes = itemBoxes(item.annotations, labels, report);
    for (const box of boxes) file.rows.push(csvRowOf(image, box));
    if (boxes.length === 0) {
      if (options.emptyRows ?? true) file.rows.push(csvRowOf(image));
      else report.drop('item', 1, 'VoTT writes no row for an image without boxes (emptyRows is off)');
    }
    if (options.saveMedia) await saveMedia(item, out, joinPath(file.folder, image), report);
  }
  for (const [subset, file] of files) {
    await out.write(joinPath(file.folder, `${subset}${CSV_SUFFIX}`), `${file.rows.join('\n')}\n`);
  }
  return report.build();
}
