import type { OptionValues } from '@labelport/core';
import {
  type BinaryMask,
  type Categories,
  checkPixels,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  defineFormat,
  type FileSink,
  type FileTree,
  type IoOptions,
  loadMask,
  type MaskAnnotation,
  maskSize,
  type PolygonAnnotation,
  ReportBuilder,
  readContext,
  readText,
} from '@labelport/core';
import {
  decodeText,
  extname,
  joinPath,
  mapConcurrent,
  parseJson,
  READ_AHEAD,
  safeRelativePath,
} from '@labelport/core/files';
import { decodeRle, rasterizePolygon, renderIndexMask, vocColormap } from '@labelport/core/geometry';
import { IMAGE_EXTENSIONS, mediaExtension, readImageSize, saveMedia } from '@labelport/core/media';
import {
  formatLabelColors,
  type LabelMap,
  LabelTable,
  labelMapCategories,
  parseLabelColors,
  readDatasetMeta,
} from '@labelport/core/meta';
import { decodeIndexPng, distinctValues, encodeIndexPng16, encodePng, valueMask } from '@labelport/core/png';
import {
  CITYSCAPES_LABELS,
  CITYSCAPES_TRAIN_LABELS,
  officialLabel,
  polygonLabel,
} from './lib/cityscapes-labels.js';
import { cityscapesReadOptions } from './options.js';

const GT_DIR = 'gtFine';
const IMAGES_DIR = 'leftImg8bit';
const IMAGE_SUFFIX = '_leftImg8bit';
const LABEL_COLORS_FILE = 'label_colors.txt';
const DATASET_META_FILE = 'dataset_meta.json';
const SUFFIX = {
  instanceIds: '_gtFine_instanceIds.png',
  labelTrainIds: '_gtFine_labelTrainIds.png',
  labelIds: '_gtFine_labelIds.png',
  polygons: '_gtFine_polygons.json',
  color: '_gtFine_color.png',
} as const;
type Source = 'instanceIds' | 'labelTrainIds' | 'labelIds' | 'polygons';
/** Instance ids: `labelId * 1000 + n`; values below 1000 are a label's pixels with no instance (a crowd). */
const INSTANCE_FACTOR = 1000;
/** `*_labelTrainIds.png`: 255 is void. */
const TRAIN_VOID = 255;

export type CityscapesReadOptions = OptionValues<typeof cityscapesReadOptions>;

const DEFAULT_LABEL_MAP: LabelMap = CITYSCAPES_LABELS.map((l) => [l.name, l.color]);

interface Entry {
  id: string;
  subset: string;
  file?: string;
  source?: Source;
  image?: string;
}

/** The layout of a tree: `gtFine/<subset>/**` and `leftImg8bit/<subset>/**`, possibly below the top. */
function findRoot(paths: string[]): string | undefined {
  let best: string | undefined;
  for (const p of paths) {
    const m =
      /^(?:(.*)\/)?gtFine\/[^/]+\/.+_gtFine_(?:instanceIds|labelTrainIds|labelIds)\.png$|^(?:(.*)\/)?gtFine\/[^/]+\/.+_gtFine_polygons\.json$/.exec(
        p,
      );
    if (!m) continue;
    const root = m[1] ?? m[2] ?? '';
    if (best === undefined || root.length < best.length) best = root;
  }
  return best;
}

async function readCityscapes(
  tree: FileTree,
  options: CityscapesReadOptions & IoOptions = {},
): Promise<DatasetSource> {
  const paths = (await tree.list()).map((e) => e.path);
  const root = findRoot(paths);
  if (root === undefined)
    throw new DatasetError(
      'not-found',
      'no gtFine/<subset>/*_gtFine_instanceIds.png (or labelIds, polygons) found',
      { file: tree.name },
    );
  const gtPrefix = `${joinPath(root, GT_DIR)}/`;
  // Images: leftImg8bit/ beside gtFine/, or imgsFine/leftImg8bit/ (the layout in Datumaro's manual).
  const imgPrefixes = [`${joinPath(root, IMAGES_DIR)}/`, `${joinPath(root, 'imgsFine', IMAGES_DIR)}/`];

  // Annotation files and images by subset and id.
  const files = new Map<string, Map<Source, Map<string, string>>>();
  const images = new Map<string, Map<string, string>>();
  for (const p of paths) {
    if (p.startsWith(gtPrefix)) {
      const rest = p.slice(gtPrefix.length);
      const slash = rest.indexOf('/');
      if (slash < 0) continue;
      const subset = rest.slice(0, slash);
      for (const source of ['instanceIds', 'labelTrainIds', 'labelIds', 'polygons'] as Source[]) {
        if (!rest.endsWith(SUFFIX[source])) continue;
        const bySource = files.get(subset) ?? new Map<Source, Map<string, string>>();
        files.set(subset, bySource);
        const ids = bySource.get(source) ?? new Map<string, string>();
        bySource.set(source, ids);
        ids.set(rest.slice(slash + 1, rest.length - SUFFIX[source].length), p);
      }
    } else if (imgPrefixes.some((x) => p.startsWith(x)) && IMAGE_EXTENSIONS.includes(extname(p))) {
      const rest = p.slice((imgPrefixes.find((x) => p.startsWith(x)) as string).length);
      const slash = rest.indexOf('/');
      if (slash < 0) continue;
      const subset = rest.slice(0, slash);
      const stem = rest.slice(slash + 1, rest.length - extname(p).length);
      const id = stem.endsWith(IMAGE_SUFFIX) ? stem.slice(0, -IMAGE_SUFFIX.length) : stem;
      const m = images.get(subset) ?? new Map<string, string>();
      images.set(subset, m);
      m.set(id, p);
    }
  }

  const entries: Entry[] = [];
  let usesTrainIds = false;
  for (const subset of [...new Set([...files.keys(), ...images.keys()])].sort()) {
    const bySource = files.get(subset) ?? new Map<Source, Map<string, string>>();
    const want = options.masks ?? 'auto';
    const source: Source | undefined =
      want !== 'auto'
        ? want
        : (['labelTrainIds', 'instanceIds', 'labelIds', 'polygons'] as Source[]).find((s) => bySource.has(s));
    if (source === 'labelTrainIds' && bySource.has('labelTrainIds')) usesTrainIds = true;
    const annotated = source
      ? (bySource.get(source) ?? new Map<string, string>())
      : new Map<string, string>();
    const subsetImages = images.get(subset) ?? new Map<string, string>();
    for (const [id, file] of [...annotated].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
      entries.push({ id, subset, file, source, image: subsetImages.get(id) });
    for (const [id, image] of subsetImages) if (!annotated.has(id)) entries.push({ id, subset, image });
  }

  const metaFile = joinPath(root, DATASET_META_FILE);
  const colorsFile = joinPath(root, LABEL_COLORS_FILE);
  let map: LabelMap = usesTrainIds ? CITYSCAPES_TRAIN_LABELS : DEFAULT_LABEL_MAP;
  if (paths.includes(metaFile)) map = [...(await readDatasetMeta(tree, metaFile))];
  else if (paths.includes(colorsFile)) map = parseLabelColors(await readText(tree, colorsFile), colorsFile);
  const mapped = labelMapCategories(map);
  // Polygon files may name labels the map does not have: added, in the order they come.
  const table = new LabelTable(mapped.labels);
  const categories: Categories = { ...mapped, labels: table.labels };

  const fail = (err: DatasetError) => {
    if (!options.lenient) throw err;
    options.onWarning?.(err.message);
  };

  return {
    categories,
    size: entries.length,
    async *items() {
      let done = 0;
      // Files are read READ_AHEAD at a time (overlapping their reads), parsed in order: labels come in
      // the order the polygon files name them.
      const fetch = async (e: Entry) => ({ e, bytes: e.file ? await tree.read(e.file) : undefined });
      for await (const { e, bytes } of mapConcurrent(entries, READ_AHEAD, fetch)) {
        readContext(options).check();
        const item: DatasetItem = { id: e.id, subset: e.subset, annotations: [], attributes: {} };
        const image = e.image;
        if (image) item.media = { kind: 'image', path: image, bytes: () => tree.read(image) };
        const file = e.file;
        if (file && e.source === 'polygons') {
          const doc = parseJson(decodeText(bytes!), file) as {
            imgWidth?: unknown;
            imgHeight?: unknown;
            objects?: unknown;
          };
          if (!doc || !Array.isArray(doc.objects))
            throw new DatasetError('bad-json', "expected an object with 'objects'", { file });
          if (typeof doc.imgWidth === 'number' && typeof doc.imgHeight === 'number') {
            item.media = { kind: 'image', ...item.media, width: doc.imgWidth, height: doc.imgHeight };
          }
          (doc.objects as { label?: unknown; polygon?: unknown; deleted?: unknown }[]).forEach((o, i) => {
            if (o?.deleted) return;
            const place = `objects[${i}]`;
            if (typeof o?.label !== 'string' || !Array.isArray(o.polygon)) {
              fail(new DatasetError('bad-field', "expected 'label' and 'polygon'", { file, place }));
              return;
            }
            const points = (o.polygon as unknown[]).flat();
            if (points.length < 6 || points.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
              fail(
                new DatasetError('bad-value', 'expected at least 3 [x, y] points', {
                  file,
                  place: `${place}.polygon`,
                }),
              );
              return;
            }
            const { name, crowd } = polygonLabel(o.label);
            const label = table.get(name);
            const polygon: PolygonAnnotation = {
              type: 'polygon',
              points: points as number[],
              label,
              zOrder: i,
              attributes: { is_crowd: crowd },
            };
            item.annotations.push(polygon);
          });
        } else if (file) {
          const ids = decodeIndexPng(bytes!, file, { limits: readContext(options).limits });
          item.media = { kind: 'image', ...item.media, width: ids.width, height: ids.height };
          for (const v of distinctValues(ids.values)) {
            if (e.source === 'labelTrainIds' && v === TRAIN_VOID) continue;
            const instance = e.source === 'instanceIds' && v >= INSTANCE_FACTOR;
            const label = instance ? Math.floor(v / INSTANCE_FACTOR) : v;
            if (label >= categories.labels.length) {
              fail(
                new DatasetError(
                  'bad-value',
                  `pixel value ${v} is label ${label}, past the ${categories.labels.length} labels`,
                  { file },
                ),
              );
              continue;
            }
            const mask: MaskAnnotation = {
              type: 'mask',
              mask: valueMask(ids, v),
              label,
              attributes: { is_crowd: !instance },
            };
            if (instance) mask.id = v % INSTANCE_FACTOR;
            item.annotations.push(mask);
          }
        }
        if (item.media?.path && item.media.width === undefined) {
          const size = await readImageSize(tree, item.media.path);
          if (size) Object.assign(item.media, { width: size.width, height: size.height });
        }
        yield item;
        options.onProgress?.(++done, entries.length);
      }
    },
  };
}

/**
 * The label map to write: the dataset's labels in their order, with their colours (else VOC's
 * colormap, without its black). Pixels no mask covers get the background label: the first label coloured (0, 0, 0), else
 * the one named 'background' (coloured black), else a black 'background' label added at the end.
 * Datumaro's reader takes the black label for the background and moves a 'background' label that is
 * not black to index 0, renumbering the others; a black background label keeps the indices as written.
 */
function outputLabelMap(categories: Categories): { map: LabelMap; background: number; note?: string } {
  const names = categories.labels.map((l) => l.name);
  const given = categories.colors && categories.colors.size > 0 ? categories.colors : undefined;
  // VOC's colours from its second on: its first is black, which would make that label the background.
  const voc = vocColormap(Math.max(256, names.length + 2));
  const map: LabelMap = names.map((n, i) => [n, given?.get(i) ?? voc[(i + 1) % voc.length]]);
  const black = given ? map.findIndex(([, c]) => c?.every((x) => x === 0)) : -1;
  if (black >= 0) return { map, background: black };
  const named = names.indexOf('background');
  if (named >= 0) {
    map[named] = ['background', [0, 0, 0]];
    return {
      map,
      background: named,
      note: "the label 'background' was coloured (0, 0, 0), the background's colour",
    };
  }
  map.push(['background', [0, 0, 0]]);
  return {
    map,
    background: map.length - 1,
    note: "no label is coloured (0, 0, 0): a 'background' label was added for the pixels no mask covers",
  };
}

async function writeCityscapes(source: DatasetSource, out: FileSink, options: IoOptions = {}) {
  const report = new ReportBuilder();
  const { limits } = readContext(options);
  const { map, background, note } = outputLabelMap(source.categories);
  if (note) report.warn(note);
  if (map.length > 256)
    throw new DatasetError(
      'bad-value',
      `Cityscapes labelIds PNGs hold 256 labels, the dataset has ${map.length}`,
    );
  const colors = () => map.map(([, c]) => c ?? [0, 0, 0]);
  const maxInstanceLabel = Math.floor(0xffff / INSTANCE_FACTOR);

  for await (const item of source.items()) {
    readContext(options).check();
    report.items++;
    const subset = safeRelativePath(item.subset);
    if (Object.keys(item.attributes).length > 0)
      report.drop('item attribute', Object.keys(item.attributes).length);
    const imagePath = joinPath(
      IMAGES_DIR,
      subset,
      `${item.id}${IMAGE_SUFFIX}${mediaExtension(item, '.png')}`,
    );
    const imageWritten = options.saveMedia ? await saveMedia(item, out, imagePath, report) : false;
    let width = item.media?.width;
    let height = item.media?.height;
    const shapes: { a: MaskAnnotation | PolygonAnnotation; bitmap?: BinaryMask }[] = [];
    for (const a of item.annotations) {
      if (a.type !== 'mask' && a.type !== 'polygon') {
        report.drop(a.type);
        continue;
      }
      if (a.label === undefined || a.label >= source.categories.labels.length) {
        report.drop(`${a.type} without a label`);
        continue;
      }
      for (const k of Object.keys(a.attributes)) if (k !== 'is_crowd') report.drop('attribute');
      if (a.objectId !== undefined) report.drop('objectId');
      // held to the caller's pixel limit before it is loaded (an RLE is decoded at its size)
      const declared = a.type === 'mask' ? maskSize(a.mask) : undefined;
      if (declared) checkPixels(declared.width, declared.height, `item ${item.id}`, limits);
      const bitmap = a.type === 'mask' ? await loadMask(a.mask) : undefined;
      if (bitmap) {
        width ??= bitmap.width;
        height ??= bitmap.height;
      }
      shapes.push({ a, bitmap });
    }
    if (shapes.length === 0 || width === undefined || height === undefined) {
      if (shapes.length > 0) report.drop('polygon', shapes.length); // polygons, and no image size to draw them at
      if (!imageWritten) report.drop('item');
      continue;
    }
    const w = width;
    const h = height;
    checkPixels(w, h, `item ${item.id}`, limits); // painted at this size
    for (const s of shapes) {
      if (s.a.type === 'polygon') {
        s.bitmap = decodeRle(rasterizePolygon(s.a.points, h, w));
        report.convert('polygon', 'mask');
      }
    }
    shapes.sort((x, y) => (x.a.zOrder ?? 0) - (y.a.zOrder ?? 0));

    // Instance numbers: the mask's id when it is 0..999 and free for its label, else the lowest free one.
    // (label 0 excepted)
    const used = new Set<number>();
    const values = shapes.map(({ a }) => {
      const label = a.label as number;
      if (a.attributes.is_crowd === true || a.type === 'polygon') return label;
      // Values below 1000 are a label's pixels without an instance: label 0 has no instance ids.
      if (label === 0) {
        report.convert('instance mask of label 0', 'crowd mask');
        return 0;
      }
      if (label > maxInstanceLabel)
        throw new DatasetError(
          'bad-value',
          `label index ${label} is too large for 16-bit instance ids (${maxInstanceLabel} at most)`,
        );
      const id = a.id;
      if (
        id !== undefined &&
        Number.isInteger(id) &&
        id >= 0 &&
        id < INSTANCE_FACTOR &&
        !used.has(label * INSTANCE_FACTOR + id)
      ) {
        used.add(label * INSTANCE_FACTOR + id);
        return label * INSTANCE_FACTOR + id;
      }
      return -1 - label;
    });
    for (let i = 0; i < values.length; i++) {
      if (values[i] >= 0) continue;
      const label = -1 - values[i];
      let n = 0;
      while (used.has(label * INSTANCE_FACTOR + n)) n++;
      if (n >= INSTANCE_FACTOR)
        throw new DatasetError(
          'too-large',
          `more than ${INSTANCE_FACTOR} instances of one label in ${item.id}`,
        );
      used.add(label * INSTANCE_FACTOR + n);
      values[i] = label * INSTANCE_FACTOR + n;
    }
    const layers = shapes.map((s, i) => ({ mask: s.bitmap as BinaryMask, value: values[i] }));
    let instanceIds = renderIndexMask(w, h, layers, 0, Uint16Array);
    if (!covers(instanceIds, layers)) instanceIds = renderIndexMask(w, h, layers, background, Uint16Array);
    const palette = colors();
    const labelIds = new Uint8Array(instanceIds.length);
    const rgb = new Uint8Array(instanceIds.length * 3);
    for (let p = 0; p < instanceIds.length; p++) {
      const v = instanceIds[p];
      const label = v >= INSTANCE_FACTOR ? Math.floor(v / INSTANCE_FACTOR) : v;
      labelIds[p] = label;
      rgb.set(palette[label], p * 3);
    }
    const base = joinPath(GT_DIR, subset, item.id);
    // Polygons are kept as such in *_gtFine_polygons.json too (read with `masks: 'polygons'`).
    const polygons = shapes.filter((x) => x.a.type === 'polygon').map((x) => x.a as PolygonAnnotation);
    if (polygons.length > 0) {
      const objects = polygons.map((p) => ({
        label: officialLabel(map[p.label as number][0], p.attributes.is_crowd === true),
        polygon: Array.from({ length: p.points.length / 2 }, (_, k) => [
          p.points[2 * k],
          p.points[2 * k + 1],
        ]),
      }));
      await out.write(
        `${base}${SUFFIX.polygons}`,
        JSON.stringify({ imgHeight: h, imgWidth: w, objects }, null, 2),
      );
    }
    await out.write(`${base}${SUFFIX.instanceIds}`, encodeIndexPng16(w, h, instanceIds));
    await out.write(
      `${base}${SUFFIX.labelIds}`,
      encodePng({ width: w, height: h, colorType: 'gray', data: labelIds }),
    );
    await out.write(
      `${base}${SUFFIX.color}`,
      encodePng({ width: w, height: h, colorType: 'rgb', data: rgb }),
    );
    options.onProgress?.(report.items, source.size);
  }
  await out.write(LABEL_COLORS_FILE, formatLabelColors(map, report));
  return report.build();
}

/** Whether the layers cover every pixel (then no background label is needed). */
function covers(ids: ArrayLike<number>, layers: { mask: BinaryMask }[]): boolean {
  const covered = new Uint8Array(ids.length);
  for (const { mask } of layers) for (let i = 0; i < covered.length; i++) covered[i] |= mask.data[i];
  return covered.every((c) => c !== 0);
}

export const cityscapes = defineFormat<CityscapesReadOptions>({
  id: 'cityscapes',
  title: 'Cityscapes',
  extensions: ['.png', '.json'],
  options: { read: cityscapesReadOptions },
  capabilities: {
    annotations: ['mask'],
    converts: { polygon: 'mask' },
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: true,
  },
  async detect(ctx) {
    const root = findRoot(ctx.glob('**/gtFine/**/*_gtFine_*'));
    if (root === undefined)
      ctx.reject(
        'no gtFine/<subset>/*_gtFine_{instanceIds,labelTrainIds,labelIds}.png or *_gtFine_polygons.json',
      );
    return { confidence: 1, root };
  },
  read: readCityscapes,
  write: writeCityscapes,
});
