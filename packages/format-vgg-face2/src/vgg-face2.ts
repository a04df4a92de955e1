import type { OptionValues } from '@labelport/core';
import {
  type Annotation,
  DatasetError,
  type DatasetItem,
  type DetectContext,
  defineFormat,
  type FileTree,
  type IoOptions,
  type LabelCategory,
  ReportBuilder,
  readText,
} from '@labelport/core';
import { csvRow, dirname, extname, parseCsv, splitLines, stripExtension } from '@labelport/core/files';
import { IMAGE_EXTENSIONS, mediaExtension, readImageSize, saveMedia } from '@labelport/core/media';
import { DATASET_META_FILE, formatDatasetMeta, readDatasetMeta } from '@labelport/core/meta';
import { vggFace2WriteOptions } from './options.js';

/** Rows as CSV with \r\n line ends, as Python's csv module writes VGGFace2's tables. */
const formatCsv = (rows: string[][]) => rows.map((r) => csvRow(r, '\r\n')).join('');

const ANNOTATION_DIR = 'bb_landmark';
const BBOXES = 'loose_bb_';
const LANDMARKS = 'loose_landmark_';
const LABELS_FILE = 'labels.txt';
const NO_LABEL = 'no_label';
const BBOX_COLUMNS = ['NAME_ID', 'X', 'Y', 'W', 'H'];
const LANDMARK_COLUMNS = ['NAME_ID', 'P1X', 'P1Y', 'P2X', 'P2Y', 'P3X', 'P3Y', 'P4X', 'P4Y', 'P5X', 'P5Y'];

const TABLE = /^bb_landmark\/loose_(bb|landmark)_(.+)\.csv$/;

async function detectVggFace2(ctx: DetectContext) {
  const depth = (p: string) => p.split('/').length;
  const tables = ctx
    .glob(`**/${ANNOTATION_DIR}/{${BBOXES},${LANDMARKS}}*.csv`)
    .filter((p) => depth(p) <= 4)
    .sort((a, b) => depth(a) - depth(b));
  if (tables.length === 0) ctx.reject(`no ${ANNOTATION_DIR}/${BBOXES}*.csv or ${LANDMARKS}*.csv`);
  return { confidence: 1, root: dirname(dirname(tables[0]!)) };
}

async function readLabels(tree: FileTree, paths: string[], subsets: string[]): Promise<LabelCategory[]> {
  if (paths.includes(DATASET_META_FILE)) {
    return [...(await readDatasetMeta(tree, DATASET_META_FILE)).keys()].map((name) => ({ name }));
  }
  if (paths.includes(LABELS_FILE)) {
    const out: LabelCategory[] = [];
    for (const line of splitLines(await readText(tree, LABELS_FILE))) {
      const parts = line
        .trim()
        .split(/\s+/)
        .filter((p) => p !== '');
      if (parts.length === 0) continue;
      // `n000001 Karl`: the identity, then its class (kept as the label's parent, as in Datumaro).
      out.push(parts.length > 1 ? { name: parts[0]!, parent: parts[1]! } : { name: parts[0]! });
    }
    return out;
  }
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

interface Table {
  file: string;
  header: string[];
  rows: { line: number; values: Record<string, string> }[];
}

async function readTable(tree: FileTree, file: string, required: string[]): Promise<Table> {
  const rows = parseCsv(await readText(tree, file), file);
  const header = rows[0]?.fields.map((h) => h.trim()) ?? [];
  if (!header.includes('NAME_ID')) {
    throw new DatasetError('bad-csv', `the header has no NAME_ID column (expected ${required.join(',')})`, {
      file,
      place: 'line 1',
    });
  }
  return {
    file,
    header,
    rows: rows.slice(1).map((r) => ({
      line: r.line,
      values: Object.fromEntries(header.map((h, i) => [h, r.fields[i] ?? ''])),
    })),
  };
}

function numbers(row: Table['rows'][number], columns: string[], file: string): number[] | undefined {
  // Datumaro takes a row only when every column is filled; a row with a blank is a name only.
  if (columns.some((c) => (row.values[c] ?? '').trim() === '')) return undefined;
  return columns.map((c) => {
    const v = Number(row.values[c]);
    if (!Number.isFinite(v)) {
      throw new DatasetError('bad-csv', `${c} '${row.values[c]}' is not a number`, {
        file,
        place: `line ${row.line}`,
      });
    }
    return v;
  });
}

async function readVggFace2(tree: FileTree, options: IoOptions = {}) {
  const paths = (await tree.list()).map((f) => f.path);
  const tables = paths.map((p) => TABLE.exec(p)).filter((m): m is RegExpExecArray => m !== null);
  if (tables.length === 0)
    throw new DatasetError('bad-layout', `no ${ANNOTATION_DIR}/${BBOXES}*.csv or ${LANDMARKS}*.csv`, {
      file: tree.name,
    });
  const subsets = [...new Set(tables.map((m) => m[2]!))].sort();
  const labels = await readLabels(tree, paths, subsets);
  const labelIndex = new Map(labels.map((l, i) => [l.name, i]));
  const labelOf = (nameId: string) => {
    if (!nameId.includes('/')) return undefined;
    const dir = nameId.split('/')[0]!;
    return dir === NO_LABEL ? undefined : labelIndex.get(dir);
  };

  const items: DatasetItem[] = [];
  for (const subset of subsets) {
    const images = new Map<string, string>();
    for (const p of paths) {
      if (p.startsWith(`${subset}/`) && IMAGE_EXTENSIONS.includes(extname(p)))
        images.set(stripExtension(p.slice(subset.length + 1)), p);
    }
    const bySubset = new Map<string, DatasetItem>();
    const itemFor = (id: string) => {
      let item = bySubset.get(id);
      if (!item) {
        const image = images.get(id);
        item = {
          id,
          subset,
          media: image ? { kind: 'image', path: image, bytes: () => tree.read(image) } : undefined,
          annotations: [],
          attributes: {},
        };
        bySubset.set(id, item);
        items.push(item);
      }
      return item;
    };
    const fail = (e: DatasetError) => {
      if (!options.lenient) throw e;
      options.onWarning?.(`${e.message}; row skipped`);
    };

    const landmarksFile = `${ANNOTATION_DIR}/${LANDMARKS}${subset}.csv`;
    if (paths.includes(landmarksFile)) {
      const table = await readTable(tree, landmarksFile, LANDMARK_COLUMNS);
      for (const row of table.rows) {
        const id = row.values.NAME_ID ?? '';
        if (id === '') continue;
        try {
          const item = itemFor(id);
          const label = labelOf(id);
          const full =
            table.header.length === LANDMARK_COLUMNS.length
              ? numbers(row, LANDMARK_COLUMNS.slice(1), landmarksFile)
              : undefined;
          if (full) {
            if (item.annotations.some((a) => a.type === 'points')) {
              throw new DatasetError('bad-csv', `item '${id}' has a second set of landmarks`, {
                file: landmarksFile,
                place: `line ${row.line}`,
              });
            }
            const pts: Annotation = {
              type: 'points',
              points: full,
              visibility: [2, 2, 2, 2, 2],
              attributes: {},
            };
            if (label !== undefined) pts.label = label;
            item.annotations.push(pts);
          } else if (label !== undefined) {
            item.annotations.push({ type: 'label', label, attributes: {} });
          }
        } catch (e) {
          if (e instanceof DatasetError) fail(e);
          else throw e;
        }
      }
    }

    const bboxFile = `${ANNOTATION_DIR}/${BBOXES}${subset}.csv`;
    if (paths.includes(bboxFile)) {
      const table = await readTable(tree, bboxFile, BBOX_COLUMNS);
      for (const row of table.rows) {
        const id = row.values.NAME_ID ?? '';
        if (id === '') continue;
        try {
          const item = itemFor(id);
          const label = labelOf(id);
          const box =
            table.header.length === BBOX_COLUMNS.length
              ? numbers(row, BBOX_COLUMNS.slice(1), bboxFile)
              : undefined;
          if (!box) continue;
          if (item.annotations.some((a) => a.type === 'bbox')) {
            throw new DatasetError('bad-csv', `item '${id}' has a second box`, {
              file: bboxFile,
              place: `line ${row.line}`,
            });
          }
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
        } catch (e) {
          if (e instanceof DatasetError) fail(e);
          else throw e;
        }
      }
    }
  }

  return {
    categories: { labels },
    size: items.length,
    async *items(): AsyncIterable<DatasetItem> {
      let done = 0;
      for (const item of items) {
        if (item.media?.path) {
          const size = await readImageSize(tree, item.media.path);
          yield { ...item, media: { ...item.media, width: size?.width, height: size?.height } };
        } else yield item;
        options.onProgress?.(++done, items.length);
      }
    },
  };
}

/** The NAME_ID of an item under a label: the id when it already starts with the label folder, else label/id. */
function nameId(id: string, label: string): string {
  const parts = id.split('/');
  return parts.length > 1 && parts[0] === label ? id : `${label}/${id}`;
}

export type VggFace2WriteOptions = OptionValues<typeof vggFace2WriteOptions>;

export const vggFace2 = defineFormat<object, VggFace2WriteOptions>({
  id: 'vgg_face2',
  title: 'VGGFace2',
  extensions: ['.csv'],
  options: { write: vggFace2WriteOptions },
  capabilities: {
    annotations: ['bbox', 'points', 'label'],
    media: ['image'],
    tracks: false,
    attributes: false,
    subsets: true,
    streaming: false,
  },
  detect: detectVggFace2,
  read: readVggFace2,
  async write(source, out, options = {}) {
    const report = new ReportBuilder();
    const labels = source.categories.labels;
    const tables = new Map<string, { landmarks: string[][]; boxes: string[][] }>();
    const labelName = (l?: number) => (l !== undefined && labels[l]?.name ? labels[l]!.name : NO_LABEL);
    let done = 0;
    for await (const item of source.items()) {
      report.items++;
      report.drop('item attribute', Object.keys(item.attributes).length);
      const t = tables.get(item.subset) ?? { landmarks: [], boxes: [] };
      tables.set(item.subset, t);
      const points = item.annotations.filter((a) => a.type === 'points');
      const boxes = item.annotations.filter((a) => a.type === 'bbox');
      const labelAnns = item.annotations.filter((a) => a.type === 'label');
      for (const a of item.annotations) {
        report.drop('attribute', Object.keys(a.attributes).length);
        if (a.type !== 'points' && a.type !== 'bbox' && a.type !== 'label') report.drop(a.type);
      }
      if (points.length > 1 || boxes.length > 1) {
        report.drop('points', Math.max(0, points.length - 1));
        report.drop('bbox', Math.max(0, boxes.length - 1));
        report.warn('VGGFace2 holds one box and one set of landmarks per image: the others are dropped');
      }
      const p = points[0];
      if (p && p.type === 'points') {
        const id = nameId(item.id, labelName(p.label));
        if (p.points.length !== 10) {
          report.drop('points');
          report.warn('landmarks other than 5 points cannot be written');
          t.landmarks.push([id]);
        } else {
          t.landmarks.push([id, ...p.points.map(String)]);
          if (p.visibility.some((v) => v !== 2))
            report.warn('landmark visibility is not kept: every point reads back as visible');
        }
      }
      const b = boxes[0];
      if (b && b.type === 'bbox')
        t.boxes.push([
          nameId(item.id, labelName(b.label)),
          String(b.x),
          String(b.y),
          String(b.w),
          String(b.h),
        ]);
      for (const l of labelAnns) t.landmarks.push([nameId(item.id, labelName(l.label))]);
      if (!p && !b && labelAnns.length === 0) t.landmarks.push([nameId(item.id, NO_LABEL)]);

      if (options.saveMedia) {
        // The image goes under each of its labels' folders (a missing one is reported once).
        const dirs = new Set([...points, ...boxes, ...labelAnns].map((a) => labelName(a.label)));
        if (dirs.size === 0) dirs.add(NO_LABEL);
        const ext = mediaExtension(item, '.jpg');
        for (const d of dirs)
          if (!(await saveMedia(item, out, `${item.subset}/${nameId(item.id, d)}${ext}`, report))) break;
      }
      options.onProgress?.(++done, source.size);
    }
    if (options.saveDatasetMeta) {
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
    for (const [subset, t] of tables) {
      // Rows with only a name are padded with empty fields, as Python's DictWriter writes them.
      const padded = t.landmarks.map((r) => [
        ...r,
        ...Array<string>(LANDMARK_COLUMNS.length - r.length).fill(''),
      ]);
      await out.write(
        `${ANNOTATION_DIR}/${LANDMARKS}${subset}.csv`,
        formatCsv([LANDMARK_COLUMNS, ...padded]),
      );
      if (t.boxes.length > 0)
        await out.write(`${ANNOTATION_DIR}/${BBOXES}${subset}.csv`, formatCsv([BBOX_COLUMNS, ...t.boxes]));
    }
    return report.build();
  },
});
