import {
  type Annotation,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  type FileTree,
  type LabelCategory,
  type ReadContext,
  type ReadOptions,
  readContext,
  readerSource,
  readText,
} from '@labelport/core';
import { dirname, extname, splitLines, stripExtension } from '@labelport/core/files';
import { IMAGE_EXTENSIONS, readImageSize } from '@labelport/core/media';
import { DATASET_META_FILE, readDatasetMeta } from '@labelport/core/meta';
import {
  ANNOTATION_DIR,
  BBOX_COLUMNS,
  BBOXES,
  LABELS_FILE,
  LANDMARK_COLUMNS,
  LANDMARKS,
  NO_LABEL,
  readTable,
  rowNumbers,
  TABLE,
  type Table,
  type TableRow,
} from './lib/vgg-tables.js';

export async function detectVggFace2(ctx: DetectContext) {
  const depth = (p: string) => p.split('/').length;
  const tables = ctx
    .glob(`**/${ANNOTATION_DIR}/{${BBOXES},${LANDMARKS}}*.csv`)
    .filter((p) => depth(p) <= 4)
    .sort((a, b) => depth(a) - depth(b));
  if (tables.length === 0) ctx.reject(`no ${ANNOTATION_DIR}/${BBOXES}*.csv or ${LANDMARKS}*.csv`);
  return { confidence: 1, root: dirname(dirname(tables[0]!)) };
}

/** `labels.txt`: `n000001 Karl`, the identity then its class (kept as the label's parent, as in Datumaro). */
function parseLabelsTxt(text: string): LabelCategory[] {
  const out: LabelCategory[] = [];
  for (const line of splitLines(text)) {
    const parts = line
      .trim()
      .split(/\s+/)
      .filter((p) => p !== '');
    if (parts.length === 0) continue;
    out.push(parts.length > 1 ? { name: parts[0]!, parent: parts[1]! } : { name: parts[0]! });
  }
  return out;
}

async function readLabels(tree: FileTree, paths: string[], subsets: string[]): Promise<LabelCategory[]> {
  if (paths.includes(DATASET_META_FILE)) {
    return [...(await readDatasetMeta(tree, DATASET_META_FILE)).keys()].map((name) => ({ name }));
  }
  if (paths.includes(LABELS_FILE)) return parseLabelsTxt(await readText(tree, LABELS_FILE));
  const names: string[] = [];
  for (const subset of subsets) {
    const dirs = new Set<string>();
    for (const p of paths) {
      const parts = p.split('/');
      if (parts[0] === subset && parts.length > 2 && parts[1] !== NO_LABEL) dirs.add(parts[1]!);
    }
    for (const d of [...dirs].sort()) if (!names.includes(d)) names.push(d);
  }
  return names.map((name) => ({ name }));
}

/** The items of one subset, made as its rows name them (one per NAME_ID). */
class SubsetItems {
  private readonly byId = new Map<string, DatasetItem>();
  private readonly images = new Map<string, string>();

  constructor(
    private readonly subset: string,
    private readonly tree: FileTree,
    paths: string[],
    private readonly labelIndex: Map<string, number>,
    private readonly items: DatasetItem[],
  ) {
    for (const p of paths) {
      if (p.startsWith(`${subset}/`) && IMAGE_EXTENSIONS.includes(extname(p)))
        this.images.set(stripExtension(p.slice(subset.length + 1)), p);
    }
  }

  item(id: string): DatasetItem {
    let item = this.byId.get(id);
    if (!item) {
      const image = this.images.get(id);
      const tree = this.tree;
      item = {
        id,
        subset: this.subset,
        media: image ? { kind: 'image', path: image, bytes: () => tree.read(image) } : undefined,
        annotations: [],
        attributes: {},
      };
      this.byId.set(id, item);
      this.items.push(item);
    }
    return item;
  }

  /** The label of a NAME_ID: its first folder (not `no_label`). */
  labelOf(nameId: string): number | undefined {
    if (!nameId.includes('/')) return undefined;
    const dir = nameId.split('/')[0]!;
    return dir === NO_LABEL ? undefined : this.labelIndex.get(dir);
  }
}

function second(what: string, id: string, table: Table, row: TableRow): DatasetError {
  return new DatasetError('bad-csv', `item '${id}' has a second ${what}`, {
    file: table.file,
    place: `line ${row.line}`,
  });
}

/** A landmark row: 5 points (a complete row), else the label of its name. */
function landmarkRow(items: SubsetItems, table: Table, row: TableRow, id: string): void {
  const item = items.item(id);
  const label = items.labelOf(id);
  const full =
    table.header.length === LANDMARK_COLUMNS.length
      ? rowNumbers(row, LANDMARK_COLUMNS.slice(1), table.file)
      : undefined;
  if (full) {
    if (item.annotations.some((a) => a.type === 'points')) throw second('set of landmarks', id, table, row);
    const pts: Annotation = { type: 'points', points: full, visibility: [2, 2, 2, 2, 2], attributes: {} };
    if (label !== undefined) pts.label = label;
    item.annotations.push(pts);
  } else if (label !== undefined) {
    item.annotations.push({ type: 'label', label, attributes: {} });
  }
}

/** A box row (a complete row; a row of a name only gives nothing more). */
function boxRow(items: SubsetItems, table: Table, row: TableRow, id: string): void {
  const item = items.item(id);
  const label = items.labelOf(id);
  const box =
    table.header.length === BBOX_COLUMNS.length
      ? rowNumbers(row, BBOX_COLUMNS.slice(1), table.file)
      : undefined;
  if (!box) return;
  if (item.annotations.some((a) => a.type === 'bbox')) throw second('box', id, table, row);
  const [x, y, w, h] = box as [number, number, number, number];
  item.annotations.push({
    type: 'bbox',
    x,
    y,
    w,
    h,
    ...(label === undefined ? {} : { label }),
    attributes: {},
  });
}

type RowReader = (items: SubsetItems, table: Table, row: TableRow, id: string) => void;

async function readRows(
  tree: FileTree,
  file: string,
  columns: string[],
  items: SubsetItems,
  readRow: RowReader,
  ctx: ReadContext,
): Promise<void> {
  const table = await readTable(tree, file, columns);
  for (const row of table.rows) {
    const id = row.values.NAME_ID ?? '';
    if (id !== '') ctx.attempt(() => readRow(items, table, row, id));
  }
}

export async function readVggFace2(tree: FileTree, options: ReadOptions = {}): Promise<DatasetSource> {
  const ctx = readContext(options);
  const paths = (await tree.list()).map((f) => f.path);
  const tables = paths.map((p) => TABLE.exec(p)).filter((m): m is RegExpExecArray => m !== null);
  if (tables.length === 0)
    throw new DatasetError('bad-layout', `no ${ANNOTATION_DIR}/${BBOXES}*.csv or ${LANDMARKS}*.csv`, {
      file: tree.name,
    });
  const subsets = [...new Set(tables.map((m) => m[2]!))].sort();
  const labels = await readLabels(tree, paths, subsets);
  const labelIndex = new Map(labels.map((l, i) => [l.name, i]));
  const items: DatasetItem[] = [];
  for (const subset of subsets) {
    const subsetItems = new SubsetItems(subset, tree, paths, labelIndex, items);
    const landmarks = `${ANNOTATION_DIR}/${LANDMARKS}${subset}.csv`;
    if (paths.includes(landmarks))
      await readRows(tree, landmarks, LANDMARK_COLUMNS, subsetItems, landmarkRow, ctx);
    const boxes = `${ANNOTATION_DIR}/${BBOXES}${subset}.csv`;
    if (paths.includes(boxes)) await readRows(tree, boxes, BBOX_COLUMNS, subsetItems, boxRow, ctx);
  }
  return readerSource(options, {
    categories: { labels },
    entries: items,
    where: (item) => item.media?.path ?? item.id,
    async make(item) {
      if (!item.media?.path) return item;
      const size = await readImageSize(tree, item.media.path);
      return { ...item, media: { ...item.media, width: size?.width, height: size?.height } };
    },
  });
}
