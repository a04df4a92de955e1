import {
  type Annotation,
  type Categories,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  type FileTree,
  type MaskAnnotation,
  type PolygonAnnotation,
  type ReadContext,
  type ReadOptions,
  readContext,
  readerSource,
} from '@labelport/core';
import { decodeText, extname, joinPath, mapConcurrent, parseJson, READ_AHEAD } from '@labelport/core/files';
import { asObject, isObject, listField, stringField } from '@labelport/core/json';
import { IMAGE_EXTENSIONS, readImageSize } from '@labelport/core/media';
import { type LabelMap, LabelTable, labelMapCategories, readLabelMapFile } from '@labelport/core/meta';
import { decodeIndexPng, distinctValues, valueMask } from '@labelport/core/png';
import type { CityscapesReadOptions } from './cityscapes.js';
import { withBackground } from './lib/background.js';
import { CITYSCAPES_LABELS, CITYSCAPES_TRAIN_LABELS, polygonLabel } from './lib/cityscapes-labels.js';
import {
  AUTO_ORDER,
  findRoot,
  GT_DIR,
  IMAGE_SUFFIX,
  IMAGES_DIR,
  INSTANCE_FACTOR,
  MASK_SOURCES,
  type MaskSourceKind,
  SUFFIX,
  TRAIN_VOID,
} from './lib/cityscapes-layout.js';

const DEFAULT_LABEL_MAP: LabelMap = CITYSCAPES_LABELS.map((l) => [l.name, l.color]);

interface Entry {
  id: string;
  subset: string;
  file?: string;
  source?: MaskSourceKind;
  image?: string;
}

/** subset -> file kind -> item id -> path. */
type AnnotationFiles = Map<string, Map<MaskSourceKind, Map<string, string>>>;

export async function detectCityscapes(ctx: DetectContext) {
  const root = findRoot(ctx.glob('**/gtFine/**/*_gtFine_*'));
  if (root === undefined)
    ctx.reject(
      'no gtFine/<subset>/*_gtFine_{instanceIds,labelTrainIds,labelIds}.png or *_gtFine_polygons.json',
    );
  return { confidence: 1, root };
}

/** `<subset>/<id>` of a path below a folder: the subset folder and the rest, or undefined. */
function subsetAndRest(rest: string): [string, string] | undefined {
  const slash = rest.indexOf('/');
  return slash < 0 ? undefined : [rest.slice(0, slash), rest.slice(slash + 1)];
}

/** The annotation files (by subset, kind and id) and images (by subset and id) of the tree. */
function indexFiles(paths: string[], root: string) {
  const gtPrefix = `${joinPath(root, GT_DIR)}/`;
  // Images: leftImg8bit/ beside gtFine/, or imgsFine/leftImg8bit/ (the layout in Datumaro's manual).
  const imgPrefixes = [`${joinPath(root, IMAGES_DIR)}/`, `${joinPath(root, 'imgsFine', IMAGES_DIR)}/`];
  const files: AnnotationFiles = new Map();
  const images = new Map<string, Map<string, string>>();
  for (const p of paths) {
    if (p.startsWith(gtPrefix)) {
      const parts = subsetAndRest(p.slice(gtPrefix.length));
      const kind = parts && MASK_SOURCES.find((k) => parts[1].endsWith(SUFFIX[k]));
      if (!parts || !kind) continue;
      const bySource = files.get(parts[0]) ?? new Map<MaskSourceKind, Map<string, string>>();
      files.set(parts[0], bySource);
      const ids = bySource.get(kind) ?? new Map<string, string>();
      bySource.set(kind, ids);
      ids.set(parts[1].slice(0, parts[1].length - SUFFIX[kind].length), p);
      continue;
    }
    const prefix = imgPrefixes.find((x) => p.startsWith(x));
    if (prefix === undefined || !IMAGE_EXTENSIONS.includes(extname(p))) continue;
    const parts = subsetAndRest(p.slice(prefix.length));
    if (!parts) continue;
    const stem = parts[1].slice(0, parts[1].length - extname(p).length);
    const id = stem.endsWith(IMAGE_SUFFIX) ? stem.slice(0, -IMAGE_SUFFIX.length) : stem;
    const m = images.get(parts[0]) ?? new Map<string, string>();
    images.set(parts[0], m);
    m.set(id, p);
  }
  return { files, images };
}

/** One entry per annotated item (in id order), then the images without annotations, subset by subset. */
function entriesOf(
  files: AnnotationFiles,
  images: Map<string, Map<string, string>>,
  want: CityscapesReadOptions['masks'],
) {
  const entries: Entry[] = [];
  let usesTrainIds = false;
  for (const subset of [...new Set([...files.keys(), ...images.keys()])].sort()) {
    const bySource = files.get(subset) ?? new Map<MaskSourceKind, Map<string, string>>();
    const source = want !== undefined && want !== 'auto' ? want : AUTO_ORDER.find((s) => bySource.has(s));
    if (source === 'labelTrainIds' && bySource.has('labelTrainIds')) usesTrainIds = true;
    const annotated = (source && bySource.get(source)) || new Map<string, string>();
    const subsetImages = images.get(subset) ?? new Map<string, string>();
    for (const [id, file] of [...annotated].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
      entries.push({ id, subset, file, source, image: subsetImages.get(id) });
    for (const [id, image] of subsetImages) if (!annotated.has(id)) entries.push({ id, subset, image });
  }
  return { entries, usesTrainIds };
}

export async function readCityscapes(
  tree: FileTree,
  options: CityscapesReadOptions & ReadOptions = {},
): Promise<DatasetSource> {
  const paths = (await tree.list()).map((e) => e.path);
  const root = findRoot(paths);
  if (root === undefined)
    throw new DatasetError(
      'not-found',
      'no gtFine/<subset>/*_gtFine_instanceIds.png (or labelIds, polygons) found',
      {
        file: tree.name,
      },
    );
  const { files, images } = indexFiles(paths, root);
  const { entries, usesTrainIds } = entriesOf(files, images, options.masks);
  const fallback = usesTrainIds ? CITYSCAPES_TRAIN_LABELS : DEFAULT_LABEL_MAP;
  // As Datumaro's reader: a map without a black label gets a `background` first.
  const { map, background } = withBackground(
    (await readLabelMapFile(tree, new Set(paths), root, fallback)).map ?? fallback,
  );
  const mapped = labelMapCategories(map);
  // Polygon files may name labels the map does not have: added, in the order they come.
  const table = new LabelTable(mapped.labels);
  const categories: Categories = { ...mapped, labels: table.labels };
  const ctx = readContext(options);
  // Files are read READ_AHEAD at a time (overlapping their reads), parsed in order: labels come in
  // the order the polygon files name them.
  const fetch = async (e: Entry) => ({ e, bytes: e.file ? await tree.read(e.file) : undefined });
  return readerSource(options, {
    categories,
    entries: () => mapConcurrent(entries, READ_AHEAD, fetch),
    total: entries.length,
    where: ({ e }) => e.file ?? e.image,
    make: ({ e, bytes }) => makeItem(tree, e, bytes, { ctx, table, categories, background }),
  });
}

interface ItemContext {
  ctx: ReadContext;
  table: LabelTable;
  categories: Categories;
  /** The background's label id: its pixels in instanceIds and labelIds are unlabeled, not a mask. */
  background: number;
}

async function makeItem(
  tree: FileTree,
  e: Entry,
  bytes: Uint8Array | undefined,
  c: ItemContext,
): Promise<DatasetItem> {
  const item: DatasetItem = { id: e.id, subset: e.subset, annotations: [], attributes: {} };
  const image = e.image;
  if (image) item.media = { kind: 'image', path: image, bytes: () => tree.read(image) };
  if (e.file && bytes && e.source === 'polygons') {
    const { size, annotations } = polygonsOf(bytes, e.file, c);
    if (size) item.media = { kind: 'image', ...item.media, ...size };
    item.annotations = annotations;
  } else if (e.file && bytes && e.source) {
    const { size, annotations } = masksOf(bytes, e.file, e.source, c);
    item.media = { kind: 'image', ...item.media, ...size };
    item.annotations = annotations;
  }
  if (item.media?.path && item.media.width === undefined) {
    const size = await readImageSize(tree, item.media.path);
    if (size) Object.assign(item.media, { width: size.width, height: size.height });
  }
  return item;
}

/** The polygons of a `*_gtFine_polygons.json` (deleted objects left out), and the image size it gives. */
function polygonsOf(bytes: Uint8Array, file: string, c: ItemContext) {
  const doc = asObject(parseJson(decodeText(bytes), file, c.ctx.limits), file, '');
  const objects = listField(doc, 'objects', file, '');
  const size =
    typeof doc.imgWidth === 'number' && typeof doc.imgHeight === 'number'
      ? { width: doc.imgWidth, height: doc.imgHeight }
      : undefined;
  const annotations: Annotation[] = [];
  objects.forEach((o, i) => {
    if (isObject(o) && o.deleted) return;
    const place = `objects[${i}]`;
    const polygon = c.ctx.attempt(() => polygonOf(o, i, file, c.table), { file, place });
    if (polygon) annotations.push(polygon);
  });
  return { size, annotations };
}

function polygonOf(value: unknown, i: number, file: string, table: LabelTable): PolygonAnnotation {
  const place = `objects[${i}]`;
  const o = asObject(value, file, place);
  const official = stringField(o, 'label', file, place);
  const points = listField(o, 'polygon', file, place).flat();
  if (points.length < 6 || points.some((v) => typeof v !== 'number' || !Number.isFinite(v)))
    throw new DatasetError('bad-value', 'expected at least 3 [x, y] points', {
      file,
      place: `${place}.polygon`,
    });
  const { name, crowd } = polygonLabel(official);
  return {
    type: 'polygon',
    points: points as number[],
    label: table.get(name),
    zOrder: i,
    attributes: { is_crowd: crowd },
  };
}

/**
 * One mask per distinct value of an id PNG (instanceIds: instances and crowds; labelIds, labelTrainIds:
 * classes). The background (unlabeled) is no mask, nor is labelTrainIds' void.
 */
function masksOf(bytes: Uint8Array, file: string, source: MaskSourceKind, c: ItemContext) {
  const ids = decodeIndexPng(bytes, file, { limits: c.ctx.limits });
  const labelCount = c.categories.labels.length;
  const annotations: Annotation[] = [];
  for (const v of distinctValues(ids.values)) {
    if (v === c.background || (source === 'labelTrainIds' && v === TRAIN_VOID)) continue;
    const instance = source === 'instanceIds' && v >= INSTANCE_FACTOR;
    const label = instance ? Math.floor(v / INSTANCE_FACTOR) : v;
    if (label >= labelCount) {
      const why = `pixel value ${v} is label ${label}, past the ${labelCount} labels`;
      c.ctx.skip(new DatasetError('bad-value', why, { file }));
      continue;
    }
    const mask: MaskAnnotation = {
      type: 'mask',
      mask: valueMask(ids, v),
      label,
      attributes: { is_crowd: !instance },
    };
    if (instance) mask.id = v % INSTANCE_FACTOR;
    annotations.push(mask);
  }
  return { size: { width: ids.width, height: ids.height }, annotations };
}
