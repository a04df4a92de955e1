import type { OptionValues } from '@labelport/core';
import {
  type Attributes,
  type Categories,
  DatasetError,
  type DatasetItem,
  type DetectContext,
  defineFormat,
  type FileTree,
  type FileWriter,
  type IoOptions,
  ReportBuilder,
  readContext,
  readText,
  wrapError,
} from '@labelport/core';
import { safeRelativePath } from '@labelport/core/files';
import { imageSizeFromHeader, mediaExtension } from '@labelport/core/media';
import { encodePng } from '@labelport/core/png';
import { gunzipSync, unzlibSync } from 'fflate';
import { formatLabelMap, type LabelMapItem, parseLabelMap } from './lib/label-map-pbtxt.js';
import {
  decodeImageInfo,
  decodeObjects,
  FLAG_ATTRIBUTES,
  KEY,
  type LabelResolver,
} from './lib/od-api-features.js';
import { buildInstances } from './lib/od-api-instances.js';
import {
  bytesFeature,
  bytesToText,
  decodeExample,
  encodeExample,
  type Features,
  floatFeature,
  int64Feature,
} from './lib/tf-example.js';
import { frameTfRecord, isTfRecordHeader, readTfRecords } from './lib/tfrecord-framing.js';
import { tfDetectionApiWriteOptions } from './options.js';

export type TfDetectionApiWriteOptions = OptionValues<typeof tfDetectionApiWriteOptions>;

const LABEL_MAP_FILE = 'label_map.pbtxt';
const ANNOTATIONS_DIR = 'annotations';
const IMAGES_DIR = 'images';
const NO_NAME = new Uint8Array(0);
const IMAGE_FORMATS: Record<string, string> = { '.jpg': 'jpeg', '.jpeg': 'jpeg', '.png': 'png' };

/** `train.tfrecord`, `train.tfrecords`, `train.tfrecord.gz`, `train.record-00000-of-00004`: the stem is the subset. */
const RECORD_FILE = /^(.+?)\.(?:tfrecords?|records?)(?:-\d+-of-\d+)?(?:\.gz)?$/;

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const dirName = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
const join = (...parts: string[]) => parts.filter((p) => p !== '').join('/');

function recordFiles(paths: string[]): { path: string; subset: string }[] {
  const out: { path: string; subset: string }[] = [];
  for (const path of paths) {
    const m = RECORD_FILE.exec(baseName(path));
    if (m) out.push({ path, subset: m[1]! });
  }
  return out;
}

/** The folder the dataset starts in: the common parent of the record files (above `annotations/`). */
function datasetRoot(paths: string[]): string {
  const dirs = paths.map((p) => {
    const d = dirName(p);
    return baseName(d) === ANNOTATIONS_DIR ? dirName(d) : d;
  });
  let common = dirs[0]!.split('/');
  for (const d of dirs.slice(1)) {
    const parts = d.split('/');
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.join('/');
}

async function detectTfDetectionApi(ctx: DetectContext) {
  const records = recordFiles(ctx.files.map((f) => f.path));
  if (records.length === 0) ctx.reject('no .tfrecord file');
  for (const r of records) {
    const head = await ctx.tree.readRange(r.path, 0, 12);
    const gz = head[0] === 0x1f && head[1] === 0x8b;
    if (!gz && !isTfRecordHeader(head)) {
      ctx.reject(
        `'${r.path}' does not start with a TFRecord header (the CRC of the first length does not match)`,
      );
    }
  }
  return { confidence: 1, root: datasetRoot(records.map((r) => r.path)) };
}

/** The chunks of a record file, un-gzipped (or un-zlibbed) when the whole file is compressed. */
async function* recordChunks(tree: FileTree, path: string): AsyncIterable<Uint8Array> {
  const head = await tree.readRange(path, 0, 12);
  const gz = head[0] === 0x1f && head[1] === 0x8b;
  const zlib = !gz && !isTfRecordHeader(head) && head[0] === 0x78 && ((head[0]! << 8) | head[1]!) % 31 === 0;
  if (!gz && !zlib) {
    yield* tree.stream(path);
    return;
  }
  try {
    const bytes = await tree.read(path);
    yield gz ? gunzipSync(bytes) : unzlibSync(bytes);
  } catch (e) {
    throw new DatasetError('bad-zip', `cannot decompress (${e instanceof Error ? e.message : String(e)})`, {
      file: path,
    });
  }
}

/** The label map beside a record file (or at the dataset root): `label_map.pbtxt`, else a `*label_map*.pbtxt`, else a lone `.pbtxt`. */
function findLabelMap(paths: Set<string>, dir: string): string | undefined {
  const inDir = [...paths].filter((p) => dirName(p) === dir && p.endsWith('.pbtxt'));
  return (
    inDir.find((p) => baseName(p) === LABEL_MAP_FILE) ??
    inDir.find((p) => baseName(p).includes('label_map')) ??
    (inDir.length === 1 ? inDir[0] : undefined)
  );
}

interface LabelEntry {
  name: string;
  id?: number;
  displayName?: string;
}

interface LabelTable {
  categories: Categories;
  resolver: LabelResolver;
}

/**
 * Labels, as Datumaro orders them: by label map id (names from class/text added with their
 * class/label id). A name not in the label map is added when met, with a warning.
 */
function labelTable(entries: LabelEntry[], onWarning?: (m: string) => void): LabelTable {
  const sorted = [...entries].sort(
    (a, b) => (a.id ?? Number.MAX_SAFE_INTEGER) - (b.id ?? Number.MAX_SAFE_INTEGER),
  );
  const categories: Categories = { labels: [] };
  const byName = new Map<string, number>();
  const byId = new Map<number, number>();
  const add = (name: string, id?: number) => {
    const index = categories.labels.length;
    categories.labels.push(id !== undefined && id > 0 ? { name, id } : { name });
    byName.set(name, index);
    if (id !== undefined && id > 0 && !byId.has(id)) byId.set(id, index);
    return index;
  };
  for (const e of sorted) if (!byName.has(e.name)) add(e.name, e.id);
  // Records may name classes by display name (COCO's label map: name '/m/01g317', display_name 'person').
  for (const e of sorted) {
    if (e.displayName !== undefined && !byName.has(e.displayName))
      byName.set(e.displayName, byName.get(e.name)!);
  }
  return {
    categories,
    resolver: {
      byName(name, id) {
        const known = byName.get(name);
        if (known !== undefined) return known;
        onWarning?.(`label '${name}' is not in the label map; added`);
        return add(name, id !== undefined && id > 0 && !byId.has(id) ? id : undefined);
      },
      byId(id) {
        const known = byId.get(id);
        if (known !== undefined) return known;
        onWarning?.(`label id ${id} is not in the label map; added as '${id}'`);
        return add(String(id), id);
      },
    },
  };
}

async function readLabelMapEntries(tree: FileTree, path: string): Promise<LabelEntry[]> {
  const items: LabelMapItem[] = parseLabelMap(await readText(tree, path), path);
  const out: LabelEntry[] = [];
  for (const it of items) {
    const name = it.name ?? it.displayName;
    if (name === undefined) continue;
    out.push({ name, id: it.id, displayName: it.displayName });
  }
  return out;
}

async function* examples(tree: FileTree, path: string, options: IoOptions) {
  for await (const record of readTfRecords(recordChunks(tree, path), path, options)) {
    const place = `record ${record.index} (byte ${record.offset})`;
    let features: Features;
    try {
      features = decodeExample(record.data);
    } catch (e) {
      const err = wrapError(e, path, place);
      if (!options.lenient) throw err;
      options.onWarning?.(`${err.message}; record skipped`);
      continue;
    }
    yield { features, place, index: record.index };
  }
}

async function readTfDetectionApi(tree: FileTree, options: IoOptions = {}) {
  const paths = (await tree.list()).map((f) => f.path);
  const pathSet = new Set(paths);
  const records = recordFiles(paths);
  if (records.length === 0) throw new DatasetError('bad-layout', 'no .tfrecord file', { file: tree.name });

  const labelMaps = new Set<string>();
  for (const r of records) {
    const dir = dirName(r.path);
    const found =
      findLabelMap(pathSet, dir) ??
      (baseName(dir) === ANNOTATIONS_DIR ? findLabelMap(pathSet, dirName(dir)) : undefined);
    if (found) labelMaps.add(found);
  }
  if (labelMaps.size === 0) {
    const rootMap = findLabelMap(pathSet, '');
    if (rootMap) labelMaps.add(rootMap);
  }
  const entries: LabelEntry[] = [];
  for (const p of [...labelMaps].sort()) entries.push(...(await readLabelMapEntries(tree, p)));

  if (labelMaps.size === 0) {
    // No label map: the labels are the class names and ids of the records (one pass to collect them).
    const seen = new Map<string, number | undefined>();
    for (const r of records) {
      for await (const { features } of examples(tree, r.path, { ...options, onWarning: undefined })) {
        const texts = features.get(KEY.classText);
        const ids = features.get(KEY.classLabel);
        const n = texts?.values.length ?? 0;
        for (let i = 0; i < n; i++) {
          const v = texts!.values[i];
          const name = v instanceof Uint8Array ? bytesToText(v) : '';
          const id = ids?.kind === 'int64' ? ids.values[i] : undefined;
          if (name !== '' && !seen.has(name)) seen.set(name, id !== undefined && id > 0 ? id : undefined);
        }
        if (n === 0 && ids?.kind === 'int64') {
          for (const id of ids.values) if (id > 0 && !seen.has(String(id))) seen.set(String(id), id);
        }
      }
    }
    entries.push(...[...seen].map(([name, id]) => ({ name, id })));
  }
  const labels = labelTable(entries, options.onWarning);

  return {
    categories: labels.categories,
    async *items(): AsyncIterable<DatasetItem> {
      let done = 0;
      for (const r of records) {
        const dir = dirName(r.path);
        const imagesDir =
          baseName(dir) === ANNOTATIONS_DIR &&
          paths.some((p) => p.startsWith(`${join(dirName(dir), IMAGES_DIR)}/`))
            ? join(dirName(dir), IMAGES_DIR)
            : dir;
        for await (const { features, place, index } of examples(tree, r.path, options)) {
          let item: DatasetItem;
          try {
            const info = decodeImageInfo(features);
            const annotations = decodeObjects(
              features,
              info.width,
              info.height,
              labels.resolver,
              readContext(options).limits,
            );
            const attributes: Attributes = {};
            // Datumaro writes an empty source id for items without one: that is no attribute.
            if (info.sourceId) attributes.source_id = info.sourceId;
            const id = info.id !== '' ? info.id : info.sourceId || String(index);
            // A file name from inside the record must stay inside the dataset.
            const imagePath =
              info.filename !== ''
                ? join(imagesDir, safeRelativePath(info.filename, { file: r.path, place }))
                : undefined;
            const encoded = info.encoded;
            const onDisk = !encoded && imagePath !== undefined && pathSet.has(imagePath);
            item = {
              id,
              subset: r.subset,
              media: {
                kind: 'image',
                path: imagePath ?? `${id}.jpg`,
                width: info.width || undefined,
                height: info.height || undefined,
                bytes: encoded ? async () => encoded : onDisk ? () => tree.read(imagePath!) : undefined,
              },
              annotations,
              attributes,
            };
          } catch (e) {
            const err = wrapError(e, r.path, place);
            if (!options.lenient) throw err;
            options.onWarning?.(`${err.message}; record skipped`);
            continue;
          }
          yield item;
          options.onProgress?.(++done);
        }
      }
    },
  };
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export const tfDetectionApi = defineFormat<object, TfDetectionApiWriteOptions>({
  id: 'tf_detection_api',
  title: 'TensorFlow Object Detection API (TFRecord)',
  aliases: ['tfrecord'],
  extensions: ['.tfrecord', '.tfrecords', '.record', '.records', '.pbtxt', '.gz'],
  options: { write: tfDetectionApiWriteOptions },
  capabilities: {
    annotations: ['bbox', 'mask'],
    converts: { polygon: 'mask' },
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: true,
  },
  detect: detectTfDetectionApi,
  read: readTfDetectionApi,
  async write(source, out, options = {}) {
    const report = new ReportBuilder();
    const saveMasks = options.saveMasks ?? true;
    const labels = source.categories.labels;
    const writers = new Map<string, FileWriter>();
    // Class names are written for every object: encoded once.
    const labelBytes = labels.map((l) => new TextEncoder().encode(l.name));
    let done = 0;
    for await (const item of source.items()) {
      report.items++;
      const ext = mediaExtension(item, '.jpg');
      const filename = `${item.id}${ext}`;
      let width = item.media?.width ?? 0;
      let height = item.media?.height ?? 0;
      let bytes: Uint8Array | undefined;
      if (options.saveMedia || !width || !height) bytes = await item.media?.bytes?.();
      if ((!width || !height) && bytes) {
        const size = imageSizeFromHeader(bytes);
        width ||= size?.width ?? 0;
        height ||= size?.height ?? 0;
      }
      const features: Features = new Map();
      for (const k of Object.keys(item.attributes)) if (k !== 'source_id') report.drop('item attribute');
      features.set(KEY.sourceId, bytesFeature(String(item.attributes.source_id ?? '')));
      features.set(KEY.filename, bytesFeature(filename));
      features.set(KEY.height, int64Feature([height]));
      features.set(KEY.width, int64Feature([width]));
      features.set(KEY.encoded, bytesFeature(new Uint8Array(0)));
      features.set(KEY.format, bytesFeature(''));
      features.set(KEY.sha256, bytesFeature(''));
      if (options.saveMedia) {
        if (bytes) {
          features.set(KEY.encoded, bytesFeature(bytes));
          features.set(KEY.format, bytesFeature(IMAGE_FORMATS[ext.toLowerCase()] ?? ''));
          features.set(KEY.sha256, bytesFeature(await sha256Hex(bytes)));
        } else if (item.media) report.drop('media');
      }

      const shapes = item.annotations;
      if (shapes.length > 0 && (!width || !height)) {
        for (const a of shapes) report.drop(a.type);
        report.warn(
          `item '${item.id}': the image size is unknown, so its boxes cannot be normalised and are dropped`,
        );
      } else if (shapes.length > 0) {
        const instances = await buildInstances(
          shapes,
          width,
          height,
          saveMasks,
          report,
          readContext(options).limits,
        );
        if (instances.length > 0) {
          const name = (l?: number) => (l !== undefined && labelBytes[l] ? labelBytes[l]! : NO_NAME);
          features.set(KEY.xmin, floatFeature(instances.map((o) => o.box[0] / width)));
          features.set(KEY.xmax, floatFeature(instances.map((o) => o.box[2] / width)));
          features.set(KEY.ymin, floatFeature(instances.map((o) => o.box[1] / height)));
          features.set(KEY.ymax, floatFeature(instances.map((o) => o.box[3] / height)));
          features.set(KEY.classText, bytesFeature(...instances.map((o) => name(o.label))));
          features.set(
            KEY.classLabel,
            int64Feature(instances.map((o) => (o.label !== undefined && labels[o.label] ? o.label + 1 : 0))),
          );
          if (saveMasks && instances.some((o) => o.mask)) {
            features.set(
              KEY.mask,
              bytesFeature(
                ...instances.map((o) =>
                  o.mask
                    ? encodePng({ width, height, colorType: 'gray', data: o.mask.data })
                    : new Uint8Array(0),
                ),
              ),
            );
          }
          for (const [key, attr] of FLAG_ATTRIBUTES) {
            const having = instances.filter((o) => attr in o.flags).length;
            if (having === instances.length)
              features.set(key, int64Feature(instances.map((o) => (o.flags[attr] ? 1 : 0))));
            else if (having > 0) {
              report.drop('attribute', having);
              report.warn(`'${attr}' is written only when every object of an image has it`);
            }
          }
        }
      }
      let writer = writers.get(item.subset);
      if (!writer) {
        writer = await out.open(`${item.subset}.tfrecord`);
        writers.set(item.subset, writer);
      }
      await writer.write(frameTfRecord(encodeExample(features)));
      options.onProgress?.(++done, source.size);
    }
    for (const w of writers.values()) await w.close();
    await out.write(LABEL_MAP_FILE, formatLabelMap(labels.map((l) => l.name)));
    return report.build();
  },
});
