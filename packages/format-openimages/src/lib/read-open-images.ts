import type { OptionValues } from '@labelport/core';
import {
  type Annotation,
  type Attributes,
  type Categories,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type FileTree,
  type IoOptions,
  isDatasetError,
  type LabelCategory,
  lazyMask,
  type Media,
  readContext,
  readText,
} from '@labelport/core';
import {
  basename,
  CsvHeader,
  type CsvRecord,
  dirname,
  extname,
  joinPath,
  parseJson,
  streamCsv,
  streamCsvBatches,
} from '@labelport/core/files';
import { IMAGE_EXTENSIONS, readImageSize } from '@labelport/core/media';
import type { openImagesReadOptions } from '../options.js';
import { applyHierarchy } from './hierarchy.js';
import { parseImageMeta } from './image-meta.js';
import {
  imageIdOfLine,
  isJsonLinesSorted,
  type JsonLine,
  parseJsonLine,
  streamJsonLines,
} from './json-lines.js';
import { isSortedOnColumn } from './key-order.js';
import { BufferedRows, type KeyedRows, mergeJoin, type RowPacking, SortedCursor } from './keyed-join.js';
import {
  ANNOTATION_PATTERNS,
  ANNOTATIONS_DIR,
  CLASS_DESCRIPTION_PATTERNS,
  FULL_IMAGE_LIST,
  HIERARCHY_FILE,
  IMAGE_LIST_PATTERNS,
  IMAGE_META_FILE,
  IMAGES_DIR,
  imageId,
  isBadPathComponent,
  MASKS_DIR,
  matchesAny,
  matchesPattern,
  type OpenImagesFileKind,
  subsetOfFile,
} from './layout.js';
import { loadPngMask } from './mask-png.js';
import { readNarrative } from './narratives.js';
import {
  boxReader,
  labelReader,
  numberAt,
  optionalNumberAt,
  placeOf,
  pointReader,
  type RowContext,
  type RowReader,
  relationshipReader,
  textAt,
} from './rows.js';

interface SourceFile {
  kind: OpenImagesFileKind;
  path: string;
  /** The subset of items first seen in this file. */
  subset: string;
}

const KIND_ORDER: Exclude<OpenImagesFileKind, 'images'>[] = [
  'labels',
  'machine-labels',
  'boxes',
  'masks',
  'points',
  'relationships',
  'narratives',
];

/**
 * Reads Open Images in Datumaro's layout (annotation CSVs in `annotations/` or at the root, images in
 * `images/<subset>/`, masks in `masks/<subset>/`). Items are assembled per ImageID by merge-joining
 * the CSVs, which Open Images ships sorted by ImageID, so no file is held in memory; a file that is
 * not sorted is held (grouped by ImageID), and onWarning says so.
 */
export type OpenImagesReadOptions = OptionValues<typeof openImagesReadOptions> & IoOptions;

export async function readOpenImages(
  tree: FileTree,
  options: OpenImagesReadOptions = {},
): Promise<DatasetSource> {
  const files = await tree.list();
  const annDir = files.some((f) => f.path.startsWith(`${ANNOTATIONS_DIR}/`)) ? ANNOTATIONS_DIR : '';
  const annNames = files
    .filter((f) => dirname(f.path) === annDir)
    .map((f) => basename(f.path))
    .sort();
  const annPath = (name: string) => joinPath(annDir, name);

  const datumaroModel = options.datumaroModel === true;
  const categories = await readCategories(
    tree,
    files.map((f) => f.path),
    annNames,
    annPath,
    datumaroModel,
  );

  const metaPath = annPath(IMAGE_META_FILE);
  const meta = annNames.includes(IMAGE_META_FILE)
    ? parseImageMeta(await readText(tree, metaPath), metaPath)
    : new Map();

  const images = new Map<string, string>();
  const masks = new Map<string, string>();
  const maskPaths = new Set<string>();
  for (const f of files) {
    if (f.path.startsWith(`${IMAGES_DIR}/`) && IMAGE_EXTENSIONS.includes(extname(f.path))) {
      const id = imageId(f.path.slice(IMAGES_DIR.length + 1));
      if (id !== undefined && !images.has(id)) images.set(id, f.path);
    } else if (f.path.startsWith(`${MASKS_DIR}/`)) {
      const b = basename(f.path);
      if (!masks.has(b)) masks.set(b, f.path);
      maskPaths.add(f.path);
    }
  }

  const sources: SourceFile[] = [];
  const lists = annNames.includes(FULL_IMAGE_LIST)
    ? [FULL_IMAGE_LIST]
    : annNames.filter((n) =>
        matchesAny(n, datumaroModel ? IMAGE_LIST_PATTERNS.slice(0, 2) : IMAGE_LIST_PATTERNS),
      );
  for (const n of lists) sources.push({ kind: 'images', path: annPath(n), subset: subsetOfFile(n) });
  const kinds = datumaroModel
    ? KIND_ORDER.filter((k) => k === 'labels' || k === 'boxes' || k === 'masks')
    : KIND_ORDER;
  for (const kind of kinds) {
    for (const n of annNames) {
      if (matchesAny(n, datumaroModel ? ANNOTATION_PATTERNS[kind].slice(0, 1) : ANNOTATION_PATTERNS[kind]))
        sources.push({ kind, path: annPath(n), subset: subsetOfFile(n) });
    }
  }

  const sortedCache = new Map<string, boolean>();
  const labelIndex = new Map<string, number>();
  categories.labels.forEach((l, i) => {
    if (!labelIndex.has(l.name)) labelIndex.set(l.name, i);
  });

  return {
    categories,
    async *items() {
      yield* readItems({ tree, options, sources, sortedCache, labelIndex, meta, images, masks, maskPaths });
    },
  };
}

interface ReadState {
  tree: FileTree;
  options: OpenImagesReadOptions;
  sources: SourceFile[];
  sortedCache: Map<string, boolean>;
  labelIndex: Map<string, number>;
  meta: Map<string, { width: number; height: number }>;
  images: Map<string, string>;
  /** Mask file name -> the first path under masks/ with it, for masks not in masks/<subset>/. */
  masks: Map<string, string>;
  maskPaths: Set<string>;
}

type Row = CsvRecord | JsonLine;

interface OpenSource {
  src: SourceFile;
  header?: CsvHeader;
  rows: KeyedRows<Row>;
  reader?: RowReader;
}

/** Held CSV rows as one string: the line number, then the fields, separated by NUL (no field of a text CSV holds one). */
const CSV_PACKING: RowPacking<Row> = {
  // One flat string (a join, not a concatenation, which would keep a rope of two strings).
  pack: (r) => [r.line, ...(r as CsvRecord).fields].join('\0'),
  unpack: (p) => {
    const fields = p.split('\0');
    const line = Number(fields.shift());
    return { line, fields };
  },
};

const JSON_LINE_PACKING: RowPacking<Row> = {
  pack: (r) => `${r.line}\0${(r as JsonLine).text}`,
  unpack: (p) => {
    const at = p.indexOf('\0');
    return { line: Number(p.slice(0, at)), text: p.slice(at + 1) };
  },
};

const EMPTY_ROWS: KeyedRows<Row> = {
  key: () => undefined,
  take: async () => [],
  close: async () => {},
};

/** Batches of rows without the first row (a header). */
async function* withoutFirst<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T[]> {
  let first = true;
  for await (const batch of batches) {
    if (first) {
      first = false;
      if (batch.length > 1) yield batch.slice(1);
      continue;
    }
    yield batch;
  }
}

/** Lines in batches of up to 1024, for the cursor. */
async function* batched<T>(items: AsyncIterable<T>): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const x of items) {
    batch.push(x);
    if (batch.length >= 1024) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

async function openNarratives(state: ReadState, src: SourceFile): Promise<OpenSource> {
  const { tree, sortedCache, options } = state;
  let sorted = sortedCache.get(src.path);
  if (sorted === undefined) {
    sorted = await isJsonLinesSorted(tree, src.path);
    sortedCache.set(src.path, sorted);
  }
  const keyOf = (l: Row) => imageIdOfLine(l as JsonLine, src.path);
  const it = batched<Row>(streamJsonLines(tree, src.path));
  let rows: KeyedRows<Row>;
  if (sorted) rows = await SortedCursor.open<Row>(it, keyOf, src.path, (l) => `line ${l.line}`);
  else {
    options.onWarning?.(
      `${src.path}: not sorted by image_id; holding the whole file in memory to join it (sort it to stream)`,
    );
    rows = await BufferedRows.from<Row>(it, keyOf, JSON_LINE_PACKING);
  }
  return { src, rows };
}

async function openSource(state: ReadState, src: SourceFile): Promise<OpenSource> {
  if (src.kind === 'narratives') return openNarratives(state, src);
  const { tree, sortedCache, options } = state;
  // The header first, on its own short read.
  const head = streamCsv(tree, src.path);
  const first = await head.next();
  await head.return(undefined);
  if (first.done) return { src, rows: EMPTY_ROWS };
  const header = new CsvHeader(first.value.fields, src.path);
  const keyCol = header.require('ImageID', 'ImageId');
  let sorted = sortedCache.get(src.path);
  if (sorted === undefined) {
    sorted = await isSortedOnColumn(tree, src.path, keyCol, true);
    sortedCache.set(src.path, sorted);
  }
  const batches = withoutFirst<Row>(streamCsvBatches(tree, src.path));
  const keyOf = (r: Row) => (r as CsvRecord).fields[keyCol] ?? '';
  let rows: KeyedRows<Row>;
  if (sorted) {
    rows = await SortedCursor.open<Row>(batches, keyOf, src.path, (r) => placeOf(r as CsvRecord));
  } else {
    options.onWarning?.(
      `${src.path}: not sorted by ImageID; holding the whole file in memory to join it (sort it to stream)`,
    );
    rows = await BufferedRows.from<Row>(batches, keyOf, CSV_PACKING);
  }
  return { src, header, rows, reader: readerFor(src.kind, header, state.options.datumaroModel === true) };
}

function readerFor(kind: OpenImagesFileKind, h: CsvHeader, datumaroModel: boolean): RowReader | undefined {
  switch (kind) {
    case 'labels':
      return labelReader(h, false, datumaroModel);
    case 'machine-labels':
      return labelReader(h, true);
    case 'boxes':
      return boxReader(h, datumaroModel);
    case 'points':
      return pointReader(h);
    case 'relationships':
      return relationshipReader(h);
    default:
      return undefined; // images and masks are handled where they need the tree
  }
}

/**
 * Kinds that need the image size: masks (their PNGs are resized to the image). Boxes, points and
 * traces are fractions of it, kept so (`normalized`) when it is unknown.
 */
const NEEDS_SIZE = new Set<OpenImagesFileKind>(['masks']);

async function* readItems(state: ReadState): AsyncGenerator<DatasetItem> {
  const { tree, options, images, meta } = state;
  const opened: OpenSource[] = [];
  try {
    for (const src of state.sources) opened.push(await openSource(state, src));
  } catch (e) {
    for (const o of opened) await o.rows.close();
    throw e;
  }
  let done = 0;
  let sizeless = 0;
  const labelOf = (name: string, file: string, place: string): number => {
    const i = state.labelIndex.get(name);
    if (i === undefined) {
      throw new DatasetError('unknown-label', `label '${name}' is not in the class descriptions`, {
        file,
        place,
      });
    }
    return i;
  };
  const skipOrThrow = (e: unknown) => {
    if (options.lenient && isDatasetError(e)) options.onWarning?.(`${(e as Error).message} (skipped)`);
    else throw e;
  };

  for await (const { key: id, groups } of mergeJoin(opened.map((o) => o.rows))) {
    readContext(options).check();
    // The subset: from the image list, else from the name of the first file that has the item.
    let subset: string | undefined;
    let attributes: Attributes = {};
    for (let s = 0; s < opened.length && subset === undefined; s++) {
      const o = opened[s]!;
      const rows = groups[s]!;
      if (o.src.kind !== 'images' || rows.length === 0) continue;
      const r = rows[0] as CsvRecord;
      const subsetCol = o.header!.require('Subset');
      subset = textAt(r, subsetCol);
      if (isBadPathComponent(subset)) {
        const err = new DatasetError('bad-value', `item '${id}' has an unusable subset name '${subset}'`, {
          file: o.src.path,
          place: placeOf(r),
        });
        skipOrThrow(err);
        subset = undefined;
        continue;
      }
      const rot = optionalNumberAt(r, o.header!.find('Rotation'), 'Rotation', o.src.path);
      if (rot !== undefined && rot !== 0 && !state.options.datumaroModel) attributes = { rotation: rot };
    }
    if (subset !== undefined) {
      // An ImageID listed again (in the same list or another) under another subset: the first wins.
      for (let s = 0; s < opened.length; s++) {
        if (opened[s]!.src.kind !== 'images') continue;
        const col = opened[s]!.header?.find('Subset') ?? -1;
        for (const r of groups[s]!) {
          const other = textAt(r as CsvRecord, col);
          if (col >= 0 && other !== subset) {
            options.onWarning?.(
              `${opened[s]!.src.path}: ${placeOf(r as CsvRecord)}: image '${id}' is listed again under subset '${other}'; it stays in '${subset}'`,
            );
          }
        }
      }
    }
    if (subset === undefined) {
      const s = groups.findIndex((g, i) => g.length > 0 && opened[i]!.src.kind !== 'images');
      if (s < 0) continue; // only rejected image rows
      subset = opened[s]!.src.subset;
    }

    const imagePath = images.get(id);
    let size = meta.get(id);
    if (!size && imagePath) {
      const info = await readImageSize(tree, imagePath);
      if (info) size = { width: info.width, height: info.height };
    }
    let media: Media | undefined;
    if (imagePath)
      media = {
        kind: 'image',
        path: imagePath,
        width: size?.width,
        height: size?.height,
        bytes: () => tree.read(imagePath),
      };
    else if (size) media = { kind: 'image', width: size.width, height: size.height };

    const annotations: Annotation[] = [];
    let group = 0;
    const ctx: RowContext = { itemId: id, file: '', size, labelOf, boxes: [], nextGroup: () => ++group };
    let warnedSize = false;
    for (let s = 0; s < opened.length; s++) {
      const o = opened[s]!;
      const rows = groups[s]!;
      if (rows.length === 0 || o.src.kind === 'images') continue;
      if (NEEDS_SIZE.has(o.src.kind) && !size) {
        if (!warnedSize) {
          // The first few by name, then one count at the end (a download without images would say it per image).
          if (++sizeless <= MAX_NAMED_WARNINGS) {
            options.onWarning?.(
              `item '${id}': its image size is unknown (no image in ${IMAGES_DIR}/, no line in ${IMAGE_META_FILE}); its masks are skipped`,
            );
          }
          warnedSize = true;
        }
        continue;
      }
      ctx.file = o.src.path;
      for (const r of rows) {
        try {
          if (o.src.kind === 'masks') readMaskRow(state, o.header!, r as CsvRecord, ctx, subset, annotations);
          else if (o.src.kind === 'narratives')
            readNarrative(parseJsonLine(r as JsonLine, o.src.path), r as JsonLine, ctx, annotations);
          else o.reader!(r as CsvRecord, ctx, annotations);
        } catch (e) {
          skipOrThrow(e);
        }
      }
    }
    yield { id, subset, media, annotations, attributes };
    options.onProgress?.(++done);
  }
  if (sizeless > MAX_NAMED_WARNINGS) {
    options.onWarning?.(
      `${sizeless} items in all have no known image size (${sizeless - MAX_NAMED_WARNINGS} more than named above); their masks were skipped`,
    );
  }
}

const MAX_NAMED_WARNINGS = 10;

/** A mask row: a lazily loaded PNG, resized to the image, grouped with the box it was drawn in. */
function readMaskRow(
  state: ReadState,
  h: CsvHeader,
  r: CsvRecord,
  ctx: RowContext,
  subset: string,
  out: Annotation[],
): void {
  const f = ctx.file;
  const maskPath = textAt(r, h.require('MaskPath'));
  if (isBadPathComponent(maskPath)) {
    throw new DatasetError('unsafe-path', `MaskPath '${maskPath}' is not a plain file name`, {
      file: f,
      place: placeOf(r),
    });
  }
  const labelIndex = ctx.labelOf(textAt(r, h.require('LabelName')), f, placeOf(r));
  const boxId = textAt(r, h.find('BoxID'));
  if (h.has('BoxID') && isBadPathComponent(boxId)) {
    throw new DatasetError('bad-value', `BoxID '${boxId}' is not usable in a file name`, {
      file: f,
      place: placeOf(r),
    });
  }
  const attributes: Attributes = {};
  if (boxId !== '') attributes.box_id = boxId;
  const iou = optionalNumberAt(r, h.find('PredictedIoU'), 'PredictedIoU', f);
  if (iou !== undefined) attributes.predicted_iou = iou;
  const clicks = textAt(r, h.find('Clicks'));
  if (clicks !== '' && !state.options.datumaroModel) attributes.clicks = clicks;

  let group: number | undefined;
  const cols = ['BoxXMin', 'BoxXMax', 'BoxYMin', 'BoxYMax'];
  const idx = cols.map((c) => h.find(c));
  if (idx.every((i) => i >= 0 && textAt(r, i).trim() !== '')) {
    const norm = idx.map((i, k) => numberAt(r, i, cols[k]!, f));
    for (const b of ctx.boxes) {
      // Open Images stores mask boxes with 6 digits: the only link between masks and boxes.
      if (b.ann.label === labelIndex && b.norm.every((v, k) => Math.abs(v - norm[k]!) <= 1e-6 + 1e-12))
        group = b.ann.group;
    }
  }

  const inSubset = joinPath(MASKS_DIR, subset, maskPath);
  const path = state.maskPaths.has(inSubset) ? inSubset : state.masks.get(maskPath);
  if (path === undefined) {
    throw new DatasetError('not-found', `the mask ${inSubset} is not there`, {
      file: f,
      place: placeOf(r),
    });
  }
  const { width, height } = ctx.size!;
  const tree = state.tree;
  out.push({
    type: 'mask',
    label: labelIndex,
    mask: lazyMask(() => loadPngMask(tree, path, width, height), { width, height }),
    ...(group !== undefined ? { group } : {}),
    attributes,
  });
}

/** Labels from the class descriptions (or dataset_meta.json), parents from the hierarchy JSON. */
async function readCategories(
  tree: FileTree,
  paths: string[],
  annNames: string[],
  annPath: (n: string) => string,
  datumaroModel: boolean,
): Promise<Categories> {
  const labels: LabelCategory[] = [];
  if (paths.includes('dataset_meta.json')) {
    // Datumaro's meta file: "labels" (a list of names) and/or "label_map" ({index: name}).
    const meta = parseJson(await readText(tree, 'dataset_meta.json'), 'dataset_meta.json') as Record<
      string,
      unknown
    >;
    const names: string[] = [];
    if (Array.isArray(meta?.labels)) for (const n of meta.labels) names.push(String(n));
    const map = meta?.label_map;
    if (map && typeof map === 'object') {
      const entries = Object.entries(map as Record<string, unknown>).sort(
        (a, b) => Number(a[0]) - Number(b[0]),
      );
      for (const [, name] of entries) names.push(String(name));
    }
    if (names.length > 0) return { labels: [...new Set(names)].map((name) => ({ name })) };
  }
  const classFile = CLASS_DESCRIPTION_PATTERNS.flatMap((p) =>
    annNames.filter((n) => matchesPattern(n, p)),
  )[0];
  if (classFile === undefined) {
    throw new DatasetError(
      'not-found',
      `no class description file (${CLASS_DESCRIPTION_PATTERNS.join(', ')}) in ${annPath('') || 'the root'}`,
      { file: annPath('') || '.' },
    );
  }
  const seen = new Set<string>();
  const addClasses = async (file: string) => {
    let first = true;
    for await (const r of streamCsv(tree, annPath(file))) {
      const name = r.fields[0] ?? '';
      if (first) {
        first = false;
        if (name === 'LabelName') continue; // a header row (V6 and later)
      }
      if (name === '' || seen.has(name)) continue;
      seen.add(name);
      labels.push({ name });
    }
  };
  await addClasses(classFile);
  // Point labels (V7) use classes of their own (stuff, /g/ MIDs) listed in another description file
  // (LabelName,DisplayName,YesPoints,...): with point labels present, those classes follow.
  if (!datumaroModel && annNames.some((n) => matchesAny(n, ANNOTATION_PATTERNS.points))) {
    for (const n of annNames) {
      if (n !== classFile && /class-descriptions.*\.csv$/.test(n)) await addClasses(n);
    }
  }
  if (annNames.includes(HIERARCHY_FILE)) {
    const hpath = annPath(HIERARCHY_FILE);
    applyHierarchy(parseJson(await readText(tree, hpath), hpath), labels, hpath);
  }
  return { labels };
}
