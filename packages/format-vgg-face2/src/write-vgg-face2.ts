import {
  type Annotation,
  type BboxAnnotation,
  type DatasetItem,
  type DatasetSource,
  type FileSink,
  type LabelAnnotation,
  type PointsAnnotation,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { fileNameProblem } from '@labelport/core/files';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { DATASET_META_FILE, formatDatasetMeta } from '@labelport/core/meta';
import {
  ANNOTATION_DIR,
  BBOX_COLUMNS,
  BBOXES,
  formatCsv,
  LABELS_FILE,
  LANDMARK_COLUMNS,
  LANDMARKS,
  NO_LABEL,
} from './lib/vgg-tables.js';
import type { VggFace2WriteOptions } from './vgg-face2.js';

type Labels = DatasetSource['categories']['labels'];

interface SubsetTables {
  landmarks: string[][];
  boxes: string[][];
}

/** The NAME_ID of an item under a label: the id when it already starts with the label folder, else label/id. */
function nameId(id: string, label: string): string {
  const parts = id.split('/');
  return parts.length > 1 && parts[0] === label ? id : `${label}/${id}`;
}

/** What one item holds that VGGFace2 keeps: its first landmarks and box, its labels. */
interface ItemAnnotations {
  points: PointsAnnotation[];
  boxes: BboxAnnotation[];
  labels: LabelAnnotation[];
}

/**
 * Why a label name cannot be the folder of a NAME_ID that reads back as that label, or undefined when
 * it can: the reader takes the NAME_ID up to its first '/' as the label.
 * TODO(core): one check for "a label name as a file name" shared by the writers that need it.
 */
export function labelFolderProblem(name: string): string | undefined {
  return name === NO_LABEL ? `is '${NO_LABEL}'` : fileNameProblem(name);
}

/** The labels that cannot name a folder: each annotation of one is counted and not written. */
function refusedLabels(labels: Labels): Map<number, string> {
  const out = new Map<number, string>();
  labels.forEach((l, i) => {
    const problem = labelFolderProblem(l.name);
    if (problem !== undefined)
      out.set(
        i,
        `label '${l.name}' ${problem}: it cannot be the folder of a NAME_ID that reads back as that label; its annotations are not written`,
      );
  });
  return out;
}

function sortAnnotations(
  item: DatasetItem,
  refused: Map<number, string>,
  report: ReportBuilder,
): ItemAnnotations {
  const out: ItemAnnotations = { points: [], boxes: [], labels: [] };
  for (const a of item.annotations) {
    const why = a.label === undefined ? undefined : refused.get(a.label);
    if (why !== undefined) {
      report.drop(a.type, 1, why);
      continue;
    }
    report.drop('attribute', Object.keys(a.attributes).length);
    if (a.type === 'points') out.points.push(a);
    else if (a.type === 'bbox') out.boxes.push(a);
    else if (a.type === 'label') out.labels.push(a);
    else report.drop(a.type);
  }
  if (out.points.length > 1 || out.boxes.length > 1) {
    report.drop('points', Math.max(0, out.points.length - 1));
    report.drop('bbox', Math.max(0, out.boxes.length - 1));
    report.warn('VGGFace2 holds one box and one set of landmarks per image: the others are dropped');
  }
  return out;
}

/** Writes one item into the rows of its subset's tables. */
class RowWriter {
  constructor(
    private readonly labels: Labels,
    private readonly report: ReportBuilder,
  ) {}

  labelName(l: number | undefined): string {
    return l !== undefined && this.labels[l]?.name ? this.labels[l]!.name : NO_LABEL;
  }

  private landmarkRow(item: DatasetItem, p: PointsAnnotation): string[] {
    const id = nameId(item.id, this.labelName(p.label));
    if (p.points.length !== 10) {
      this.report.drop('points', 1, 'landmarks other than 5 points cannot be written');
      return [id];
    }
    this.report.drop(
      'point visibility',
      p.visibility.filter((v) => v !== 2).length,
      'landmark visibility is not kept: every point reads back as visible',
    );
    return [id, ...p.points.map(String)];
  }

  rows(item: DatasetItem, anns: ItemAnnotations, t: SubsetTables): void {
    const p = anns.points[0];
    if (p) t.landmarks.push(this.landmarkRow(item, p));
    const b = anns.boxes[0];
    if (b)
      t.boxes.push([
        nameId(item.id, this.labelName(b.label)),
        String(b.x),
        String(b.y),
        String(b.w),
        String(b.h),
      ]);
    for (const l of anns.labels) t.landmarks.push([nameId(item.id, this.labelName(l.label))]);
    if (!p && !b && anns.labels.length === 0) t.landmarks.push([nameId(item.id, NO_LABEL)]);
  }

  /** The label folders an item's image goes under (each of its labels'; `no_label` when none). */
  imageFolders(anns: ItemAnnotations): Set<string> {
    const dirs = new Set<string>();
    const add = (a: Annotation) => dirs.add(this.labelName(a.label));
    anns.points.forEach(add);
    anns.boxes.forEach(add);
    anns.labels.forEach(add);
    if (dirs.size === 0) dirs.add(NO_LABEL);
    return dirs;
  }
}

/** `labels.txt` splits a line at spaces: the first word is the name, the second the parent. */
const hasSpace = (s: string) => /\s/.test(s);

function labelsTxt(labels: Labels, report: ReportBuilder): string {
  let text = '';
  for (const l of labels) {
    if (l.parent && hasSpace(l.parent)) {
      report.drop(
        'label parent',
        1,
        `the class name (parent) '${l.parent}' of label '${l.name}' has a space: labels.txt cannot hold it, so it is not written`,
      );
      text += `${l.name}\n`;
    } else text += l.parent ? `${l.name} ${l.parent}\n` : `${l.name}\n`;
  }
  return text;
}

/**
 * The label list: `labels.txt` (names and class names), or `dataset_meta.json` (names only) when asked
 * or when a name has a space, which labels.txt cannot hold (written so, the names read back).
 */
async function writeLabelList(
  labels: Labels,
  out: FileSink,
  saveDatasetMeta: boolean | undefined,
  report: ReportBuilder,
) {
  const spaced = labels.find((l) => hasSpace(l.name));
  if (!saveDatasetMeta && spaced === undefined) {
    await out.write(LABELS_FILE, labelsTxt(labels, report));
    return;
  }
  if (!saveDatasetMeta) {
    report.warn(
      `label '${spaced!.name}' has a space, which labels.txt cannot hold: the labels are written to ${DATASET_META_FILE} instead`,
    );
  }
  report.drop(
    'label parent',
    labels.filter((l) => l.parent).length,
    `${DATASET_META_FILE} keeps label names only: the class names (parents) are not written`,
  );
  await out.write(DATASET_META_FILE, formatDatasetMeta(labels.map((l) => l.name)));
}

async function writeTables(tables: Map<string, SubsetTables>, out: FileSink) {
  for (const [subset, t] of tables) {
    // Rows with only a name are padded with empty fields, as Python's DictWriter writes them.
    const padded = t.landmarks.map((r) => [
      ...r,
      ...Array<string>(LANDMARK_COLUMNS.length - r.length).fill(''),
    ]);
    await out.write(`${ANNOTATION_DIR}/${LANDMARKS}${subset}.csv`, formatCsv([LANDMARK_COLUMNS, ...padded]));
    if (t.boxes.length > 0)
      await out.write(`${ANNOTATION_DIR}/${BBOXES}${subset}.csv`, formatCsv([BBOX_COLUMNS, ...t.boxes]));
  }
}

export async function writeVggFace2(
  source: DatasetSource,
  out: FileSink,
  options: VggFace2WriteOptions & WriteOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  const labels = source.categories.labels;
  const writer = new RowWriter(labels, report);
  const refused = refusedLabels(labels);
  const tables = new Map<string, SubsetTables>();
  for await (const item of readContext(options).iter(source.items(), source.size)) {
    report.items++;
    report.drop('item attribute', Object.keys(item.attributes).length);
    let t = tables.get(item.subset);
    if (!t) {
      t = { landmarks: [], boxes: [] };
      tables.set(item.subset, t);
    }
    const anns = sortAnnotations(item, refused, report);
    writer.rows(item, anns, t);
    if (options.saveMedia) {
      // The image goes under each of its labels' folders (a missing one is reported once).
      const ext = mediaExtension(item, '.jpg');
      for (const d of writer.imageFolders(anns))
        if (!(await saveMedia(item, out, `${item.subset}/${nameId(item.id, d)}${ext}`, report))) break;
    }
  }
  await writeLabelList(labels, out, options.saveDatasetMeta, report);
  await writeTables(tables, out);
  return report.build();
}
