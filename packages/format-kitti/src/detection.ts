import {
  type BboxAnnotation,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  defineFormat,
  type FileSink,
  type FileTree,
  type IoOptions,
  ReportBuilder,
  readContext,
  readText,
} from '@labelport/core';
import { joinPath, mapConcurrent, READ_AHEAD, safeRelativePath, splitLines } from '@labelport/core/files';
import { mediaExtension, readImageSize, saveMedia } from '@labelport/core/media';
import { LabelTable, readDatasetMeta } from '@labelport/core/meta';
import { formatKittiLine, type KittiObject, parseKittiLine } from './lib/kitti-label-line.js';
import {
  DATASET_META_FILE,
  findKittiLabelSubsets,
  IMAGES_DIR,
  kittiRoot,
  LABELS_DIR,
} from './lib/kitti-layout.js';

/**
 * Attributes of a KITTI box. `truncated` and `occluded` are booleans as in Datumaro; the exact values
 * (truncation 0..1, occlusion level 0..3) and the 3D fields are kept under their own names when they
 * differ from what Datumaro writes for "unknown" (-1), so that files round-trip field for field.
 */
const NUMERIC_FIELDS = [
  ['alpha', (o: KittiObject) => o.alpha],
  ['dimensions_h', (o: KittiObject) => o.dimensions[0]],
  ['dimensions_w', (o: KittiObject) => o.dimensions[1]],
  ['dimensions_l', (o: KittiObject) => o.dimensions[2]],
  ['location_x', (o: KittiObject) => o.location[0]],
  ['location_y', (o: KittiObject) => o.location[1]],
  ['location_z', (o: KittiObject) => o.location[2]],
  ['rotation_y', (o: KittiObject) => o.rotationY],
] as const;
const UNKNOWN = -1;
export const KITTI_BOX_ATTRIBUTES = new Set([
  'truncated',
  'occluded',
  'truncation',
  'occlusion',
  'score',
  ...NUMERIC_FIELDS.map(([k]) => k),
]);

function boxOf(o: KittiObject, label: number, id: number): BboxAnnotation {
  const attributes: BboxAnnotation['attributes'] = {
    truncated: o.truncated !== 0,
    occluded: o.occluded !== 0,
  };
  if (o.truncated !== 0 && o.truncated !== 1) attributes.truncation = o.truncated;
  if (o.occluded !== 0 && o.occluded !== 1) attributes.occlusion = o.occluded;
  for (const [name, get] of NUMERIC_FIELDS) if (get(o) !== UNKNOWN) attributes[name] = get(o);
  if (o.score !== undefined) attributes.score = o.score;
  const [x1, y1, x2, y2] = o.bbox;
  return { type: 'bbox', id, label, x: x1, y: y1, w: x2 - x1, h: y2 - y1, attributes };
}

function objectOf(a: BboxAnnotation, type: string): KittiObject {
  const at = a.attributes;
  const n = (k: string) => (typeof at[k] === 'number' ? (at[k] as number) : UNKNOWN);
  const truncated =
    typeof at.truncation === 'number' && (at.truncation !== 0) === (at.truncated === true)
      ? at.truncation
      : typeof at.truncated === 'number'
        ? at.truncated
        : at.truncated === true
          ? 1
          : 0;
  const occluded =
    typeof at.occlusion === 'number' && (at.occlusion !== 0) === (at.occluded === true)
      ? at.occlusion
      : typeof at.occluded === 'number'
        ? at.occluded
        : at.occluded === true
          ? 1
          : 0;
  return {
    type,
    truncated,
    occluded,
    alpha: n('alpha'),
    bbox: [a.x, a.y, a.x + a.w, a.y + a.h],
    dimensions: [n('dimensions_h'), n('dimensions_w'), n('dimensions_l')],
    location: [n('location_x'), n('location_y'), n('location_z')],
    rotationY: n('rotation_y'),
    score: typeof at.score === 'number' ? at.score : undefined,
  };
}

export async function readKittiDetection(tree: FileTree, options: IoOptions = {}): Promise<DatasetSource> {
  const paths = (await tree.list()).map((e) => e.path);
  const { subsets } = findKittiLabelSubsets(paths);
  if (subsets.length === 0)
    throw new DatasetError('not-found', 'no label_2/*.txt (or labels/*.txt) found', { file: tree.name });
  const metaFile = joinPath(kittiRoot(subsets), DATASET_META_FILE);
  const table = new LabelTable(
    paths.includes(metaFile) ? (await readDatasetMeta(tree, metaFile)).keys() : [],
  );
  const fixedLabels = table.size > 0;
  const labelOf = (name: string, file: string, place: string) => {
    if (fixedLabels && table.find(name) === undefined)
      throw new DatasetError('bad-value', `label '${name}' is not in ${DATASET_META_FILE}`, { file, place });
    return table.get(name);
  };

  // Label names come in order of appearance, so all label files are read up front (they are small).
  const items: DatasetItem[] = [];
  for (const s of subsets) {
    const files = [...s.annotations].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    // Read READ_AHEAD files at once (overlapping their reads); parsed in order, for the label order.
    const read = async ([id, file]: [string, string]) => ({ id, file, text: await readText(tree, file) });
    for await (const { id, file, text } of mapConcurrent(files, READ_AHEAD, read)) {
      const annotations: BboxAnnotation[] = [];
      const lines = splitLines(text);
      for (let i = 0; i < lines.length; i++) {
        if (lines[i].trim() === '') continue;
        try {
          const o = parseKittiLine(lines[i], file, i + 1);
          annotations.push(boxOf(o, labelOf(o.type, file, `line ${i + 1}`), i));
        } catch (e) {
          readContext(options).skip(e);
        }
      }
      items.push(withImage({ id, subset: s.name, annotations, attributes: {} }, s.images.get(id), tree));
    }
    for (const [id, image] of s.images) {
      if (!s.annotations.has(id))
        items.push(withImage({ id, subset: s.name, annotations: [], attributes: {} }, image, tree));
    }
  }
  return {
    categories: { labels: table.labels },
    size: items.length,
    async *items() {
      let done = 0;
      const sized = async (item: DatasetItem) => {
        if (item.media?.path) {
          const size = await readImageSize(tree, item.media.path);
          if (size) Object.assign(item.media, { width: size.width, height: size.height });
        }
        return item;
      };
      for await (const item of mapConcurrent(items, READ_AHEAD, sized)) {
        readContext(options).check();
        yield item;
        options.onProgress?.(++done, items.length);
      }
    },
  };
}

function withImage(item: DatasetItem, image: string | undefined, tree: FileTree): DatasetItem {
  if (image) item.media = { kind: 'image', path: image, bytes: () => tree.read(image) };
  return item;
}

export async function writeKittiDetection(source: DatasetSource, out: FileSink, options: IoOptions = {}) {
  const report = new ReportBuilder();
  const labels = source.categories.labels.map((l) => l.name);
  for await (const item of source.items()) {
    readContext(options).check();
    report.items++;
    const dir = safeRelativePath(item.subset);
    if (Object.keys(item.attributes).length > 0)
      report.drop('item attribute', Object.keys(item.attributes).length);
    const lines: string[] = [];
    for (const a of item.annotations) {
      if (a.type !== 'bbox') {
        report.drop(a.type);
        continue;
      }
      if (a.label === undefined || labels[a.label] === undefined) {
        report.drop('bbox without a label');
        continue;
      }
      let type = labels[a.label];
      if (/\s/.test(type)) {
        type = type.replace(/\s+/g, '_');
        report.warn(`KITTI label names cannot hold spaces: '${labels[a.label]}' was written as '${type}'`);
      }
      for (const k of Object.keys(a.attributes)) if (!KITTI_BOX_ATTRIBUTES.has(k)) report.drop('attribute');
      if (a.objectId !== undefined) report.drop('objectId');
      lines.push(formatKittiLine(objectOf(a, type)));
    }
    // An item with no box still gets its (empty) label file, so that it is kept.
    await out.write(joinPath(dir, LABELS_DIR, `${item.id}.txt`), lines.map((l) => `${l}\n`).join(''));
    if (options.saveMedia)
      await saveMedia(
        item,
        out,
        joinPath(dir, IMAGES_DIR, `${item.id}${mediaExtension(item, '.png')}`),
        report,
      );
    options.onProgress?.(report.items, source.size);
  }
  return report.build();
}

export const kittiDetection = defineFormat({
  id: 'kitti_detection',
  title: 'KITTI object detection',
  extensions: ['.txt'],
  capabilities: {
    annotations: ['bbox'],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: false,
  },
  async detect(ctx) {
    const { subsets, labels } = findKittiLabelSubsets(ctx.files.map((f) => f.path));
    if (subsets.length === 0) ctx.reject('no label_2/*.txt (nor labels/*.txt, label/*.txt)');
    const standard = labels === LABELS_DIR;
    // `labels/` is also YOLO's folder: sample a few files, and want a named (not numeric) type
    const sample = subsets.flatMap((s) => [...s.annotations.values()]).slice(0, standard ? 1 : 3);
    let lines = 0;
    for (const file of sample) {
      const head = splitLines(await ctx.readHead(file, 1024)).find((l) => l.trim() !== '');
      if (head === undefined) continue;
      let type = '';
      try {
        type = parseKittiLine(head, file, 1).type;
      } catch (e) {
        ctx.reject(`${file} is not a KITTI label file: ${e instanceof Error ? e.message : e}`);
      }
      if (!standard && /^[-+.\d]+$/.test(type))
        ctx.reject(`${file} holds numeric class ids, not KITTI types`);
      lines++;
    }
    if (!standard && lines === 0) ctx.reject(`${labels}/ holds only empty files`);
    return { confidence: standard ? 1 : 0.9, root: kittiRoot(subsets) };
  },
  read: readKittiDetection,
  write: writeKittiDetection,
});
