import type { OptionValues } from '@labelport/core';
import {
  type Annotation,
  type Categories,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  defineFormat,
  type FileSink,
  type FileTree,
  type IoOptions,
  isDatasetError,
  type Media,
  ReportBuilder,
  readContext,
  readText,
  toPixels,
  type WriteReport,
  wrapError,
} from '@labelport/core';
import { dirname, stripExtension } from '@labelport/core/files';
import { mediaExtension, readImageSize, saveMedia } from '@labelport/core/media';
import { IMAGES_META_FILE } from '@labelport/core/meta';
import { formatImageMeta, readImageMeta, resolveImageSize, type SizeEntry } from './lib/image-meta.js';
import { SubsetItemIds } from './lib/item-ids.js';
import { parseLabelFile, UNIT } from './lib/label-file.js';
import { META_FILE, readMetaLabels } from './lib/meta-file.js';
import {
  type DatasetYaml,
  listedImages,
  parseDatasetYaml,
  subsetKeys,
  ultralyticsItems,
  ultralyticsSubset,
} from './lib/ultralytics-layout.js';
import {
  clipToImage,
  lineShapes,
  objectLines,
  type Writable,
  writableShapes,
} from './lib/ultralytics-objects.js';
import { poseLines } from './lib/ultralytics-pose.js';
import { imageSizeForWriting } from './lib/write-size.js';
import { YAML } from './lib/yaml.js';
import { ultralyticsWriteOptions } from './options.js';

const YAML_NAMES = ['data.yaml', 'dataset.yaml', 'data.yml', 'dataset.yml'];

async function findYaml(tree: FileTree): Promise<string> {
  const files = await tree.list();
  const top = files.filter((f) => !f.path.includes('/') && /\.ya?ml$/.test(f.path)).map((f) => f.path);
  const named = YAML_NAMES.find((n) => top.includes(n));
  if (named) return named;
  for (const y of top) if (/^names\s*:/m.test(await readText(tree, y))) return y;
  throw new DatasetError('bad-layout', 'no dataset YAML (data.yaml) with names: at the top', {
    file: tree.name,
  });
}

function categoriesOf(y: DatasetYaml): Categories {
  const categories: Categories = { labels: y.names.map((name) => ({ name })) };
  if (y.kptNames?.size && y.kpt) {
    categories.skeletons = new Map();
    for (const [label, points] of y.kptNames) categories.skeletons.set(label, { points, edges: [] });
  }
  return categories;
}

async function readUltralytics(tree: FileTree, options: IoOptions = {}): Promise<DatasetSource> {
  const yamlFile = await findYaml(tree);
  const y = parseDatasetYaml(await readText(tree, yamlFile), yamlFile);
  const list = await tree.list();
  const files = new Set(list.map((f) => f.path));
  const meta = await readImageMeta(tree);
  // images.meta names an image by its path when subsets share an item id: found again from the label
  // file's path (labels/ -> images/, any extension) when the image itself is not there
  const metaByStem = new Map(
    [...meta].filter(([k]) => k.includes('/')).map(([k, v]) => [stripExtension(k), v]),
  );
  const imageStem = (labelFile: string) =>
    stripExtension(labelFile.replace(/(^|\/)labels\/(?!.*(^|\/)labels\/)/, '$1images/'));
  const metaNames = await readMetaLabels(tree, files);
  if (metaNames) y.names = metaNames;
  const listTexts = new Map<string, string>();
  for (const paths of y.subsets.values())
    for (const p of paths) if (p.endsWith('.txt') && files.has(p)) listTexts.set(p, await readText(tree, p));
  const plans = ultralyticsItems(
    list,
    y,
    listedImages(y, (p) => listTexts.get(p)),
  );
  const categories = categoriesOf(y);
  return {
    categories,
    size: plans.length,
    async *items() {
      let done = 0;
      for (const plan of plans) {
        readContext(options).check();
        try {
          const media: Media = { kind: 'image' };
          if (plan.image) {
            const p = plan.image;
            media.path = p;
            media.bytes = () => tree.read(p);
          }
          const known =
            (plan.image ? meta.get(plan.image) : undefined) ??
            meta.get(plan.id) ??
            metaByStem.get(imageStem(plan.labelFile));
          if (known) Object.assign(media, known);
          else if (plan.image) {
            const info = await readImageSize(tree, plan.image).catch(() => undefined); // needed only with lines: then a clear error
            if (info) Object.assign(media, { width: info.width, height: info.height });
          }
          let annotations: Annotation[] = [];
          if (files.has(plan.labelFile)) {
            annotations = await parseLabelFile(await readText(tree, plan.labelFile), plan.labelFile, {
              mode: 'ultralytics',
              labelCount: y.names.length,
              namesFile: metaNames ? META_FILE : yamlFile,
              kpt: y.kpt,
              size: async () =>
                media.width && media.height
                  ? { width: media.width, height: media.height }
                  : resolveImageSize(tree, meta, plan.id, plan.image, plan.labelFile),
            });
          }
          const item: DatasetItem = { id: plan.id, subset: plan.subset, annotations, attributes: {} };
          if (media.path || media.width) item.media = media;
          yield item;
        } catch (e) {
          // a stray failure still names the file, never a bare stack trace
          const err = isDatasetError(e) ? e : wrapError(e, plan.labelFile ?? plan.image ?? plan.id);
          if (!options.lenient) throw err;
          options.onWarning?.(`${err.message} (item '${plan.id}' skipped)`);
        }
        options.onProgress?.(++done, plans.length);
      }
    },
  };
}

/** The keypoint count the skeleton categories give (COCO keypoints, CVAT and Datumaro skeletons), if any. */
function skeletonKeypoints(categories: Categories): number | undefined {
  let k = 0;
  for (const s of categories.skeletons?.values() ?? []) k = Math.max(k, s.points.length);
  return k || undefined;
}

export type UltralyticsWriteOptions = OptionValues<typeof ultralyticsWriteOptions>;

/**
 * Writes the dataset. A pose dataset needs the keypoint count before its first line: from the
 * `keypoints` option or the skeleton categories; failing those, the items are written as boxes and
 * polygons until one has keypoints, and then all are written again as a pose dataset (a second pass
 * over the items only in that case).
 */
async function writeUltralytics(
  source: DatasetSource,
  sink: FileSink,
  options: UltralyticsWriteOptions & IoOptions = {},
): Promise<WriteReport> {
  const k = options.keypoints ?? skeletonKeypoints(source.categories);
  if (k !== undefined && (!Number.isInteger(k) || k < 0))
    throw new DatasetError('bad-option', `keypoints must be a whole number >= 0, got ${k}`);
  const first = await writePass(source, sink, options, k ?? 0, k === undefined);
  return typeof first === 'number'
    ? ((await writePass(source, sink, options, first, false)) as WriteReport)
    : first;
}

/** One pass over the items; with `mayRestart`, stops at the first keypoints and returns their count. */
async function writePass(
  source: DatasetSource,
  sink: FileSink,
  options: UltralyticsWriteOptions & IoOptions,
  k: number,
  mayRestart: boolean,
): Promise<WriteReport | number> {
  const report = new ReportBuilder();
  const labels = source.categories.labels;
  const subsets: string[] = [];
  const sizes: SizeEntry[] = [];
  const seen = new SubsetItemIds();
  let done = 0;
  for await (const item of source.items()) {
    readContext(options).check();
    report.items++;
    if (Object.keys(item.attributes).length)
      report.drop('item attribute', Object.keys(item.attributes).length);
    const subset = ultralyticsSubset(item.subset, report);
    if (!/^[\w.-]+$/.test(subset))
      throw new DatasetError('bad-value', `subset '${subset}' can't be a folder name and a data.yaml key`);
    if (!subsets.includes(subset)) subsets.push(subset);
    seen.claim(subset, item.id);
    // Ultralytics finds a label file by turning the image path's last /images/ into /labels/
    if (/(^|\/)images\//.test(item.id))
      report.warn(
        `item '${item.id}' has a folder named images: Ultralytics looks for its labels under that folder's labels/, not labels/${subset}/`,
      );
    // the image's own extension, in its own case ('.JPG' stays '.JPG')
    const ext = mediaExtension(item, '.jpg');
    const image = `images/${subset}/${item.id}${ext}`;
    if (options.saveMedia) await saveMedia(item, sink, image, report);
    const size = await imageSizeForWriting(item);
    if (size) sizes.push({ id: item.id, image, size });
    const lines: string[] = [];
    const annotations = await lineShapes(item.annotations, report, readContext(options).limits);
    if (mayRestart && k === 0) {
      const pointsCount = Math.max(
        0,
        ...annotations.map((a) => (a.type === 'points' ? a.points.length / 2 : 0)),
      );
      if (pointsCount > 0) return pointsCount;
    }
    const kept = writableShapes(annotations, size !== undefined, item.id, report);
    // fractions (read without the image) become pixels where the size is known, else are written as
    // they are
    const lineSize = size ?? UNIT;
    const inPixels = size ? kept.map((a) => toPixels(a, size.width, size.height) as Writable) : kept;
    const usable = clipToImage(inPixels, lineSize, report);
    if (k > 0) lines.push(...poseLines(usable, k, lineSize, report));
    else {
      const shapes = usable.filter((a) => a.type === 'bbox' || a.type === 'polygon');
      lines.push(...objectLines(shapes as Parameters<typeof objectLines>[0], lineSize, report));
    }
    await sink.write(`labels/${subset}/${item.id}.txt`, lines.length ? `${lines.join('\n')}\n` : '');
    options.onProgress?.(++done, source.size);
  }
  const doc = subsetKeys(subsets, report);
  doc.names = new Map(labels.map((l, i) => [i, l.name]));
  if (k > 0) {
    doc.kpt_shape = [k, 3];
    const skeletons = source.categories.skeletons;
    // point names only when every skeleton names all k points
    if (skeletons?.size && [...skeletons.values()].every((sk) => sk.points.length === k)) {
      doc.kpt_names = new Map([...skeletons].map(([label, sk]) => [label, sk.points]));
    }
  }
  const yamlDoc = new YAML.Document(doc);
  const kptShape = yamlDoc.get('kpt_shape', true);
  if (YAML.isSeq(kptShape)) kptShape.flow = true; // `kpt_shape: [17, 3]`, as Ultralytics writes it
  await sink.write('data.yaml', yamlDoc.toString());
  if (sizes.length) await sink.write(IMAGES_META_FILE, formatImageMeta(sizes));
  return report.build();
}

/**
 * Ultralytics YOLO: data.yaml, images/<subset>/ and labels/<subset>/ (or Roboflow's <subset>/images/,
 * <subset>/labels/). Lines are boxes, segmentation polygons, pose boxes with keypoints (kpt_shape), or
 * oriented boxes (read as 4-point polygons; a 4-point polygon is written back as the same
 * `class x1 y1 x2 y2 x3 y3 x4 y4` line, which is the OBB line).
 */
export const yoloUltralytics = defineFormat<object, UltralyticsWriteOptions>({
  id: 'yolo_ultralytics',
  title: 'Ultralytics YOLO',
  extensions: ['.yaml', '.yml', '.txt'],
  options: { write: ultralyticsWriteOptions },
  capabilities: {
    annotations: ['bbox', 'polygon', 'points'],
    converts: { skeleton: 'points', mask: 'polygon' },
    media: ['image'],
    tracks: false,
    attributes: false,
    subsets: true,
    streaming: true,
    normalized: true,
  },
  async detect(ctx) {
    const yamls = ctx.files
      .filter((f) => /\.ya?ml$/.test(f.path) && f.path.split('/').length <= 3)
      .sort((a, b) => a.path.split('/').length - b.path.split('/').length);
    if (yamls.length === 0) ctx.reject('no dataset YAML (data.yaml)');
    for (const y of yamls.slice(0, 10)) {
      if (!/^names\s*:/m.test(await ctx.readHead(y.path, 8192))) continue;
      const root = dirname(y.path);
      const prefix = root ? `${root}/` : '';
      const hasLabels = ctx.files.some(
        (f) =>
          f.path.startsWith(prefix) &&
          f.path.endsWith('.txt') &&
          /(^|\/)labels\//.test(f.path.slice(prefix.length)),
      );
      if (!hasLabels) continue;
      return { confidence: 1, root };
    }
    return ctx.reject('no dataset YAML with names: beside a labels/ folder of .txt files');
  },
  read: (tree, options) => readUltralytics(tree, options),
  write: (source, sink, options) => writeUltralytics(source, sink, options),
});
