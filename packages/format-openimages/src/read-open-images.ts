import {
  type Annotation,
  type Attributes,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  type FileEntry,
  type FileTree,
  type Media,
  type OptionValues,
  type ReadContext,
  type ReadOptions,
  readContext,
  readText,
} from '@labelport/core';
import { basename, type CsvRecord, dirname, extname, joinPath } from '@labelport/core/files';
import { IMAGE_EXTENSIONS, readImageSize } from '@labelport/core/media';
import { LabelTable, parseImagesMeta as parseImageMeta } from '@labelport/core/meta';
import { readCategories } from './lib/categories.js';
import { type JsonLine, parseJsonLine } from './lib/json-lines.js';
import { mergeJoin } from './lib/keyed-join.js';
import {
  ANNOTATION_PATTERNS,
  ANNOTATIONS_DIR,
  CLASS_DESCRIPTION_PATTERNS,
  FULL_IMAGE_LIST,
  IMAGE_LIST_PATTERNS,
  IMAGE_META_FILE,
  IMAGES_DIR,
  imageId,
  isBadPathComponent,
  MARKER_PATTERNS,
  MASKS_DIR,
  matchesAny,
  type OpenImagesFileKind,
  subsetOfFile,
} from './lib/layout.js';
import { readMaskRow } from './lib/mask-rows.js';
import { readNarrative } from './lib/narratives.js';
import { type OpenSource, openSource, type Row, type SourceFile } from './lib/open-sources.js';
import { optionalNumberAt, placeOf, type RowContext, textAt } from './lib/rows.js';
import type { openImagesReadOptions } from './options.js';

const KIND_ORDER: Exclude<OpenImagesFileKind, 'images'>[] = [
  'labels',
  'machine-labels',
  'boxes',
  'masks',
  'points',
  'relationships',
  'narratives',
];

/** The annotation files sit in annotations/ or at the dataset root, which may be a level or two down. */
export async function detectOpenImages(ctx: DetectContext) {
  const candidates = new Map<string, string[]>();
  for (const f of ctx.files) {
    const parts = f.path.split('/');
    if (parts.length > 4) continue;
    const name = parts[parts.length - 1]!;
    const dir = parts.slice(0, -1).join('/');
    const list = candidates.get(dir) ?? [];
    list.push(name);
    candidates.set(dir, list);
  }
  let best: { confidence: number; root: string } | undefined;
  for (const [dir, names] of candidates) {
    const markers = names.filter((n) => matchesAny(n, MARKER_PATTERNS));
    if (markers.length === 0) continue;
    const inAnnDir = dir === ANNOTATIONS_DIR || dir.endsWith(`/${ANNOTATIONS_DIR}`);
    const root = inAnnDir ? dir.slice(0, -ANNOTATIONS_DIR.length).replace(/\/$/, '') : dir;
    const head = await ctx.readHead(dir ? `${dir}/${markers[0]}` : markers[0]!, 512);
    if (!/^(ImageI[Dd]|MaskPath)\s*,/.test(head)) continue;
    const confidence = names.some((n) => matchesAny(n, CLASS_DESCRIPTION_PATTERNS)) ? 1 : 0.5;
    if (
      !best ||
      confidence > best.confidence ||
      (confidence === best.confidence && root.length < best.root.length)
    )
      best = { confidence, root };
  }
  return (
    best ??
    ctx.reject(
      'no Open Images CSV (image_ids_and_rotation.csv, *-annotations-bbox.csv, ...) with an ImageID header',
    )
  );
}

/**
 * Reads Open Images in Datumaro's layout (annotation CSVs in `annotations/` or at the root, images in
 * `images/<subset>/`, masks in `masks/<subset>/`). Items are assembled per ImageID by merge-joining
 * the CSVs, which Open Images ships sorted by ImageID, so no file is held in memory; a file that is
 * not sorted is held (grouped by ImageID), and a warning says so.
 */
export type OpenImagesReadOptions = OptionValues<typeof openImagesReadOptions> & ReadOptions;

/** The files to join: the image lists first, then the annotation files, kind by kind. */
function sourceFiles(annNames: string[], annDir: string, datumaroModel: boolean): SourceFile[] {
  const sources: SourceFile[] = [];
  const lists = annNames.includes(FULL_IMAGE_LIST)
    ? [FULL_IMAGE_LIST]
    : annNames.filter((n) =>
        matchesAny(n, datumaroModel ? IMAGE_LIST_PATTERNS.slice(0, 2) : IMAGE_LIST_PATTERNS),
      );
  for (const n of lists) sources.push({ kind: 'images', path: joinPath(annDir, n), subset: subsetOfFile(n) });
  const kinds = datumaroModel
    ? KIND_ORDER.filter((k) => k === 'labels' || k === 'boxes' || k === 'masks')
    : KIND_ORDER;
  for (const kind of kinds) {
    const patterns = datumaroModel ? ANNOTATION_PATTERNS[kind].slice(0, 1) : ANNOTATION_PATTERNS[kind];
    for (const n of annNames) {
      if (matchesAny(n, patterns)) sources.push({ kind, path: joinPath(annDir, n), subset: subsetOfFile(n) });
    }
  }
  return sources;
}

/** The images under images/ by ImageID, and the mask PNGs under masks/. */
function mediaFiles(files: FileEntry[]) {
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
  return { images, masks, maskPaths };
}

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
  const paths = files.map((f) => f.path);
  const categories = await readCategories(tree, paths, annNames, annPath, datumaroModel);
  const metaPath = annPath(IMAGE_META_FILE);
  const meta = annNames.includes(IMAGE_META_FILE)
    ? parseImageMeta(await readText(tree, metaPath), metaPath)
    : new Map();
  const state: ReadState = {
    tree,
    options,
    ctx: readContext(options),
    sources: sourceFiles(annNames, annDir, datumaroModel),
    sortedCache: new Map(),
    labelIndex: new LabelTable(categories.labels),
    meta,
    ...mediaFiles(files),
  };
  return { categories, items: () => readItems(state) };
}

interface ReadState {
  tree: FileTree;
  options: OpenImagesReadOptions;
  ctx: ReadContext;
  sources: SourceFile[];
  sortedCache: Map<string, boolean>;
  labelIndex: LabelTable;
  meta: Map<string, { width: number; height: number }>;
  images: Map<string, string>;
  /** Mask file name -> the first path under masks/ with it, for masks not in masks/<subset>/. */
  masks: Map<string, string>;
  maskPaths: Set<string>;
}

/** One pass over the joined files. */
interface ItemPass {
  state: ReadState;
  opened: OpenSource[];
  labelOf: RowContext['labelOf'];
  /** Items whose masks were skipped for want of an image size. */
  sizeless: number;
}

/**
 * Kinds that need the image size: masks (their PNGs are resized to the image). Boxes, points and
 * traces are fractions of it, kept so (`normalized`) when it is unknown.
 */
const NEEDS_SIZE = new Set<OpenImagesFileKind>(['masks']);

async function openAll(state: ReadState): Promise<OpenSource[]> {
  const opened: OpenSource[] = [];
  try {
    for (const src of state.sources) opened.push(await openSource(state, src));
  } catch (e) {
    for (const o of opened) await o.rows.close();
    throw e;
  }
  return opened;
}

async function* readItems(state: ReadState): AsyncGenerator<DatasetItem> {
  const { ctx } = state;
  const labelOf = (name: string, file: string, place: string): number => {
    const i = state.labelIndex.find(name);
    if (i === undefined) {
      throw new DatasetError('unknown-label', `label '${name}' is not in the class descriptions`, {
        file,
        place,
      });
    }
    return i;
  };
  const pass: ItemPass = { state, opened: await openAll(state), labelOf, sizeless: 0 };
  yield* ctx.items(mergeJoin(pass.opened.map((o) => o.rows)), ({ key, groups }) => itemOf(pass, key, groups));
  if (pass.sizeless > MAX_NAMED_WARNINGS) {
    ctx.warn(
      `${pass.sizeless} items in all have no known image size (${pass.sizeless - MAX_NAMED_WARNINGS} more than named above); their masks were skipped`,
    );
  }
}

/** The item of one ImageID, from its rows in every file; undefined when it has only rejected image rows. */
async function itemOf(pass: ItemPass, id: string, groups: Row[][]): Promise<DatasetItem | undefined> {
  const found = itemSubset(pass.state, pass.opened, groups, id);
  if (!found) return undefined;
  const { subset, attributes } = found;
  const { media, size } = await itemMedia(pass.state, id, subset);
  const annotations: Annotation[] = [];
  let group = 0;
  const rc: RowContext = {
    itemId: id,
    file: '',
    size,
    labelOf: pass.labelOf,
    boxes: [],
    nextGroup: () => ++group,
  };
  let warnedSize = false;
  for (let s = 0; s < pass.opened.length; s++) {
    const o = pass.opened[s]!;
    const rows = groups[s]!;
    if (rows.length === 0 || o.src.kind === 'images') continue;
    if (NEEDS_SIZE.has(o.src.kind) && !size) {
      if (!warnedSize) {
        // The first few by name, then one count at the end (a download without images would say it per image).
        if (++pass.sizeless <= MAX_NAMED_WARNINGS) {
          pass.state.ctx.warn(
            `item '${id}': its image size is unknown (no image in ${IMAGES_DIR}/, no line in ${IMAGE_META_FILE}); its masks are skipped`,
          );
        }
        warnedSize = true;
      }
      continue;
    }
    rc.file = o.src.path;
    readRows(pass.state, o, rows, rc, subset, annotations);
  }
  return { id, subset, media, annotations, attributes };
}

/** The annotations of one file's rows of an item; a bad row is skipped under the annotation policy. */
function readRows(
  state: ReadState,
  o: OpenSource,
  rows: Row[],
  rc: RowContext,
  subset: string,
  out: Annotation[],
): void {
  for (const r of rows) {
    try {
      if (o.src.kind === 'masks') readMaskRow(state, o.header!, r as CsvRecord, rc, subset, out);
      else if (o.src.kind === 'narratives')
        readNarrative(parseJsonLine(r as JsonLine, o.src.path), r as JsonLine, rc, out);
      else o.reader!(r as CsvRecord, rc, out);
    } catch (e) {
      state.ctx.skip(e);
    }
  }
}

const MAX_NAMED_WARNINGS = 10;

/**
 * An item's subset: from the image list (with its rotation as an attribute), else from the name of the
 * first file that has the item; undefined when the item has only rejected image rows.
 */
function itemSubset(
  state: ReadState,
  opened: OpenSource[],
  groups: Row[][],
  id: string,
): { subset: string; attributes: Attributes } | undefined {
  let subset: string | undefined;
  let attributes: Attributes = {};
  for (let s = 0; s < opened.length && subset === undefined; s++) {
    const o = opened[s]!;
    const rows = groups[s]!;
    if (o.src.kind !== 'images' || rows.length === 0) continue;
    const r = rows[0] as CsvRecord;
    subset = textAt(r, o.header!.require('Subset'));
    if (isBadPathComponent(subset)) {
      const bad = new DatasetError('bad-value', `item '${id}' has an unusable subset name '${subset}'`, {
        file: o.src.path,
        place: placeOf(r),
      });
      state.ctx.skip(bad, undefined, 'items');
      subset = undefined;
      continue;
    }
    const rot = optionalNumberAt(r, o.header!.find('Rotation'), 'Rotation', o.src.path);
    if (rot !== undefined && rot !== 0 && !state.options.datumaroModel) attributes = { rotation: rot };
  }
  if (subset === undefined) {
    const s = groups.findIndex((g, i) => g.length > 0 && opened[i]!.src.kind !== 'images');
    return s < 0 ? undefined : { subset: opened[s]!.src.subset, attributes };
  }
  // An ImageID listed again (in the same list or another) under another subset: the first wins.
  for (let s = 0; s < opened.length; s++) {
    if (opened[s]!.src.kind !== 'images') continue;
    const col = opened[s]!.header?.find('Subset') ?? -1;
    for (const r of groups[s]!) {
      const other = textAt(r as CsvRecord, col);
      if (col >= 0 && other !== subset) {
        state.ctx.warn(
          `${opened[s]!.src.path}: ${placeOf(r as CsvRecord)}: image '${id}' is listed again under subset '${other}'; it stays in '${subset}'`,
        );
      }
    }
  }
  return { subset, attributes };
}

/**
 * An item's media: its image in images/ (when there), its size from images.meta or the image's header.
 * An image that is not there keeps the path it would have (`images/<subset>/<id>.jpg`, as Datumaro
 * gives it), with no bytes.
 */
async function itemMedia(
  state: ReadState,
  id: string,
  subset: string,
): Promise<{ media: Media; size?: { width: number; height: number } }> {
  const { tree, images, meta } = state;
  const imagePath = images.get(id);
  let size = meta.get(id);
  if (!size && imagePath) {
    const info = await readImageSize(tree, imagePath);
    if (info) size = { width: info.width, height: info.height };
  }
  if (imagePath) {
    const media: Media = { kind: 'image', path: imagePath, bytes: () => tree.read(imagePath) };
    if (size) Object.assign(media, size);
    return { media, size };
  }
  const path = `${IMAGES_DIR}/${subset}/${id}.jpg`;
  return { media: { kind: 'image', path, width: size?.width, height: size?.height }, size };
}
