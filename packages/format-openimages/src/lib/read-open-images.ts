import type { OptionValues } from '@labelport/core';
import {
  type Annotation,
  type Attributes,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type FileTree,
  type IoOptions,
  isDatasetError,
  type Media,
  readContext,
  readText,
} from '@labelport/core';
import { basename, type CsvRecord, dirname, extname, joinPath } from '@labelport/core/files';
import { IMAGE_EXTENSIONS, readImageSize } from '@labelport/core/media';
import { LabelTable, parseImagesMeta as parseImageMeta } from '@labelport/core/meta';
import type { openImagesReadOptions } from '../options.js';
import { readCategories } from './categories.js';
import { type JsonLine, parseJsonLine } from './json-lines.js';
import { mergeJoin } from './keyed-join.js';
import {
  ANNOTATION_PATTERNS,
  ANNOTATIONS_DIR,
  FULL_IMAGE_LIST,
  IMAGE_LIST_PATTERNS,
  IMAGE_META_FILE,
  IMAGES_DIR,
  imageId,
  isBadPathComponent,
  MASKS_DIR,
  matchesAny,
  type OpenImagesFileKind,
  subsetOfFile,
} from './layout.js';
import { readMaskRow } from './mask-rows.js';
import { readNarrative } from './narratives.js';
import { type OpenSource, openSource, type Row, type SourceFile } from './open-sources.js';
import { optionalNumberAt, placeOf, type RowContext, textAt } from './rows.js';

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
  const labelIndex = new LabelTable(categories.labels);

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
  labelIndex: LabelTable;
  meta: Map<string, { width: number; height: number }>;
  images: Map<string, string>;
  /** Mask file name -> the first path under masks/ with it, for masks not in masks/<subset>/. */
  masks: Map<string, string>;
  maskPaths: Set<string>;
}

/**
 * Kinds that need the image size: masks (their PNGs are resized to the image). Boxes, points and
 * traces are fractions of it, kept so (`normalized`) when it is unknown.
 */
const NEEDS_SIZE = new Set<OpenImagesFileKind>(['masks']);

async function* readItems(state: ReadState): AsyncGenerator<DatasetItem> {
  const { options } = state;
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
    const i = state.labelIndex.find(name);
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
    const found = itemSubset(state, opened, groups, id, skipOrThrow);
    if (!found) continue; // only rejected image rows
    const { subset, attributes } = found;

    const { media, size } = await itemMedia(state, id);

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

/**
 * An item's subset: from the image list (with its rotation as an attribute), else from the name of the
 * first file that has the item; undefined when the item has only rejected image rows.
 */
function itemSubset(
  state: ReadState,
  opened: OpenSource[],
  groups: Row[][],
  id: string,
  skipOrThrow: (e: unknown) => void,
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
      skipOrThrow(
        new DatasetError('bad-value', `item '${id}' has an unusable subset name '${subset}'`, {
          file: o.src.path,
          place: placeOf(r),
        }),
      );
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
        state.options.onWarning?.(
          `${opened[s]!.src.path}: ${placeOf(r as CsvRecord)}: image '${id}' is listed again under subset '${other}'; it stays in '${subset}'`,
        );
      }
    }
  }
  return { subset, attributes };
}

/** An item's media: its image in images/ (when there), its size from images.meta or the image's header. */
async function itemMedia(
  state: ReadState,
  id: string,
): Promise<{ media?: Media; size?: { width: number; height: number } }> {
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
  return size ? { media: { kind: 'image', width: size.width, height: size.height }, size } : {};
}
