import {
  type DatasetItem,
  type DatasetSource,
  type FileSink,
  type FileWriter,
  type LabelCategory,
  type OptionValues,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { imageSizeFromHeader, mediaExtension } from '@labelport/core/media';
import { encodePng } from '@labelport/core/png';
import { formatLabelMap } from './lib/label-map-pbtxt.js';
import { FLAG_ATTRIBUTES, KEY } from './lib/od-api-features.js';
import { buildInstances, type OdInstance } from './lib/od-api-instances.js';
import { LABEL_MAP_FILE } from './lib/record-files.js';
import { bytesFeature, encodeExample, type Features, floatFeature, int64Feature } from './lib/tf-example.js';
import { frameTfRecord } from './lib/tfrecord-framing.js';
import type { tfDetectionApiWriteOptions } from './options.js';

export type TfDetectionApiWriteOptions = OptionValues<typeof tfDetectionApiWriteOptions>;

const NO_NAME = new Uint8Array(0);
const IMAGE_FORMATS: Record<string, string> = { '.jpg': 'jpeg', '.jpeg': 'jpeg', '.png': 'png' };

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The image's features (file name, size, and with saveMedia its bytes); its size, from the header if need be. */
async function imageFeatures(item: DatasetItem, saveMedia: boolean, report: ReportBuilder) {
  const ext = mediaExtension(item, '.jpg');
  let width = item.media?.width ?? 0;
  let height = item.media?.height ?? 0;
  let bytes: Uint8Array | undefined;
  if (saveMedia || !width || !height) bytes = await item.media?.bytes?.();
  if ((!width || !height) && bytes) {
    const size = imageSizeFromHeader(bytes);
    width ||= size?.width ?? 0;
    height ||= size?.height ?? 0;
  }
  const features: Features = new Map();
  for (const k of Object.keys(item.attributes)) if (k !== 'source_id') report.drop('item attribute');
  features.set(KEY.sourceId, bytesFeature(String(item.attributes.source_id ?? '')));
  features.set(KEY.filename, bytesFeature(`${item.id}${ext}`));
  features.set(KEY.height, int64Feature([height]));
  features.set(KEY.width, int64Feature([width]));
  features.set(KEY.encoded, bytesFeature(new Uint8Array(0)));
  features.set(KEY.format, bytesFeature(''));
  features.set(KEY.sha256, bytesFeature(''));
  if (saveMedia) {
    if (bytes) {
      features.set(KEY.encoded, bytesFeature(bytes));
      features.set(KEY.format, bytesFeature(IMAGE_FORMATS[ext.toLowerCase()] ?? ''));
      features.set(KEY.sha256, bytesFeature(await sha256Hex(bytes)));
    } else if (item.media) report.drop('media');
  }
  return { features, width, height };
}

/** What the object features need besides the objects. */
interface ObjectContext {
  width: number;
  height: number;
  labels: LabelCategory[];
  /** Class names are written for every object: encoded once. */
  labelBytes: Uint8Array[];
  saveMasks: boolean;
  report: ReportBuilder;
}

/** The objects' features: normalised box edges, class names and ids, masks as PNGs, flags. */
function setObjectFeatures(features: Features, instances: OdInstance[], o: ObjectContext): void {
  const { width, height, labels, labelBytes } = o;
  const name = (l?: number) => (l !== undefined && labelBytes[l] ? labelBytes[l]! : NO_NAME);
  features.set(KEY.xmin, floatFeature(instances.map((i) => i.box[0] / width)));
  features.set(KEY.xmax, floatFeature(instances.map((i) => i.box[2] / width)));
  features.set(KEY.ymin, floatFeature(instances.map((i) => i.box[1] / height)));
  features.set(KEY.ymax, floatFeature(instances.map((i) => i.box[3] / height)));
  features.set(KEY.classText, bytesFeature(...instances.map((i) => name(i.label))));
  features.set(
    KEY.classLabel,
    int64Feature(instances.map((i) => (i.label !== undefined && labels[i.label] ? i.label + 1 : 0))),
  );
  if (o.saveMasks && instances.some((i) => i.mask)) {
    const png = (i: OdInstance) =>
      i.mask ? encodePng({ width, height, colorType: 'gray', data: i.mask.data }) : new Uint8Array(0);
    features.set(KEY.mask, bytesFeature(...instances.map(png)));
  }
  for (const [key, attr] of FLAG_ATTRIBUTES) {
    const having = instances.filter((i) => attr in i.flags).length;
    if (having === instances.length)
      features.set(key, int64Feature(instances.map((i) => (i.flags[attr] ? 1 : 0))));
    else if (having > 0)
      o.report.drop('attribute', having, `'${attr}' is written only when every object of an image has it`);
  }
}

/**
 * Writes one `<subset>.tfrecord` per subset, an Example per item (Datumaro's keys: boxes normalised to
 * the image, class names and label map ids, masks as PNGs), and `label_map.pbtxt`.
 */
export async function writeTfDetectionApi(
  source: DatasetSource,
  out: FileSink,
  options: TfDetectionApiWriteOptions & WriteOptions = {},
): Promise<WriteReport> {
  const ctx = readContext(options);
  const report = new ReportBuilder();
  const labels = source.categories.labels;
  const writers = new Map<string, FileWriter>();
  const labelBytes = labels.map((l) => new TextEncoder().encode(l.name));
  const saveMasks = options.saveMasks ?? true;
  for await (const item of ctx.iter(source.items(), source.size)) {
    report.items++;
    const { features, width, height } = await imageFeatures(item, options.saveMedia === true, report);
    const shapes = item.annotations;
    if (shapes.length > 0 && (!width || !height)) {
      for (const a of shapes) report.drop(a.type);
      report.warn(
        `item '${item.id}': the image size is unknown, so its boxes cannot be normalised and are dropped`,
      );
    } else if (shapes.length > 0) {
      const instances = await buildInstances(shapes, width, height, saveMasks, report, ctx.limits);
      if (instances.length > 0)
        setObjectFeatures(features, instances, { width, height, labels, labelBytes, saveMasks, report });
    }
    let writer = writers.get(item.subset);
    if (!writer) {
      writer = await out.open(`${item.subset}.tfrecord`);
      writers.set(item.subset, writer);
    }
    await writer.write(frameTfRecord(encodeExample(features)));
  }
  for (const w of writers.values()) await w.close();
  await out.write(LABEL_MAP_FILE, formatLabelMap(labels.map((l) => l.name)));
  return report.build();
}
