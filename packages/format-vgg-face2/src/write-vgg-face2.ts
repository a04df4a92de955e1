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

function sortAnnotations(item: DatasetItem, report: ReportBuilder): ItemAnnotations {
  const out: ItemAnnotations = { points: [], boxes: [], labels: [] };
  for (const a of item.annotations) {
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
    if (p.visibility.some((v) => v !== 2))
      this.report.warn('landmark visibility is not kept: every point reads back as visible');
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

async function writeLabelList(
  labels: Labels,
  out: FileSink,
  saveDatasetMeta: boolean | undefined,
  report: ReportBuilder,
) {
  if (saveDatasetMeta) {
    if (labels.some((l) => l.parent)) {
      report.warn('dataset_meta.json keeps label names only: the class names (parents) are not written');
    }
    await out.write(DATASET_META_FILE, formatDatasetMeta(labels.map((l) => l.name)));
  } else {
    await out.write(
      LABELS_FILE,
      labels.map((l) => (l.parent ? `${l.name} ${l.parent}\n` : `${l.name}\n`)).join(''),
    );
  }
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
  const tables = new Map<string, SubsetTables>();
  for await (const item of readContext(options).iter(source.items(), source.size)) {
    report.items++;
    report.drop('item attribute', Object.keys(item.attributes).length);
    let t = tables.get(item.subset);
    if (!t) {
      t = { landmarks: [], boxes: [] };
      tables.set(item.subset, t);
    }
    const anns = sortAnnotations(item, report);
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
