import {
  type BboxAnnotation,
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
import { FACE_ATTRIBUTES, formatBoxLine } from './lib/bbx-gt.js';
import {
  eventFolderProblem,
  FACE,
  IMAGES_DIR,
  LABELS_FILE,
  NO_LABEL,
  SPLIT_DIR,
  SUBSET_DIR,
} from './lib/wider-layout.js';
import type { WiderFaceWriteOptions } from './wider-face.js';

type Labels = DatasetSource['categories']['labels'];

/** The event folder of an item: `<index>--<name>` of its first label, else `no_label`. */
function eventFolder(item: DatasetItem, labels: Labels, report: ReportBuilder): string {
  const itemLabels: number[] = [];
  for (const a of item.annotations) {
    if (a.type !== 'label') continue;
    report.drop('attribute', Object.keys(a.attributes).length);
    if (a.label === undefined || !labels[a.label]) report.drop('label');
    else itemLabels.push(a.label);
  }
  if (itemLabels.length > 1) {
    report.drop(
      'label',
      itemLabels.length - 1,
      'WIDER Face keeps one label per image (its event folder): the others are dropped',
    );
  }
  const first = itemLabels[0];
  if (first === undefined) return NO_LABEL;
  const name = labels[first]!.name;
  const problem = eventFolderProblem(name);
  if (problem === undefined) return `${first}--${name}`;
  report.drop(
    'label',
    1,
    `label '${name}' ${problem}: it cannot name an event folder that reads back as that label; its images are written to ${NO_LABEL}`,
  );
  return NO_LABEL;
}

/** The box lines of an item; a box whose label a box line cannot hold (a space) is counted, not written. */
function boxLines(boxes: BboxAnnotation[], labels: Labels, report: ReportBuilder): string[] {
  const lines: string[] = [];
  for (const box of boxes) {
    const name = box.label !== undefined ? labels[box.label]?.name : undefined;
    if (name !== undefined && /\s/.test(name)) {
      // A box line is split at spaces: the label would read back as no label, or as 'face'.
      report.drop(
        'bbox',
        1,
        `label '${name}' has a space: a WIDER Face box line cannot hold it; its boxes are not written`,
      );
      continue;
    }
    const kept: Record<string, string | number | boolean> = {};
    for (const [k, v] of Object.entries(box.attributes)) {
      if ((FACE_ATTRIBUTES as readonly string[]).includes(k)) kept[k] = v;
      else report.drop('attribute');
    }
    lines.push(formatBoxLine(box, kept, name === undefined || name === FACE ? undefined : name));
  }
  return lines;
}

/** The lines of one item in its subset's `_bbx_gt.txt`: the image, the count and the boxes. */
async function itemLines(
  item: DatasetItem,
  labels: Labels,
  out: FileSink,
  options: WiderFaceWriteOptions & WriteOptions,
  report: ReportBuilder,
): Promise<string[]> {
  report.drop('item attribute', Object.keys(item.attributes).length);
  const imagePath = `${eventFolder(item, labels, report)}/${item.id}${mediaExtension(item, '.jpg')}`;
  if (options.saveMedia)
    await saveMedia(item, out, `${SUBSET_DIR}${item.subset}/${IMAGES_DIR}/${imagePath}`, report);
  const boxes: BboxAnnotation[] = [];
  for (const a of item.annotations) {
    if (a.type === 'bbox') boxes.push(a);
    else if (a.type !== 'label') report.drop(a.type);
  }
  const lines = boxLines(boxes, labels, report);
  return lines.length > 0 ? [imagePath, String(lines.length), ...lines] : [imagePath];
}

export async function writeWiderFace(
  source: DatasetSource,
  out: FileSink,
  options: WiderFaceWriteOptions & WriteOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  const labels = source.categories.labels;
  const lists = new Map<string, string[]>();
  for await (const item of readContext(options).iter(source.items(), source.size)) {
    report.items++;
    let lines = lists.get(item.subset);
    if (!lines) {
      lines = [];
      lists.set(item.subset, lines);
    }
    for (const line of await itemLines(item, labels, out, options, report)) lines.push(line);
  }
  if (options.saveDatasetMeta)
    await out.write(DATASET_META_FILE, formatDatasetMeta(labels.map((l) => l.name)));
  else await out.write(LABELS_FILE, labels.map((l) => l.name).join('\n'));
  for (const [subset, lines] of lists) {
    await out.write(`${SPLIT_DIR}/wider_face_${subset}_bbx_gt.txt`, lines.map((l) => `${l}\n`).join(''));
  }
  return report.build();
}
