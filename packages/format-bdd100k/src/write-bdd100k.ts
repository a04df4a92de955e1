import {
  type AttributeValue,
  type Categories,
  type DatasetItem,
  type DatasetSource,
  type FileSink,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { basename, dirname, joinPath } from '@labelport/core/files';
import type { JsonObject } from '@labelport/core/json';
import { JsonTextWriter } from '@labelport/core/json';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { type CategoryNode, categoryTree, DET_TREE, leafLabels, TRACK_TREE } from './lib/bdd-categories.js';
import { encodeFrameMasks, labelsOf } from './lib/scalabel-labels.js';

type Json = JsonObject;

const sameCategories = (c: Categories, tree: CategoryNode[]) => {
  const want = leafLabels(tree);
  return (
    c.labels.length === want.length &&
    c.labels.every((l, i) => l.name === want[i]!.name && (l.parent ?? '') === (want[i]!.parent ?? ''))
  );
};

/** A Scalabel label file written frame by frame. */
class FrameFile {
  private writer?: JsonTextWriter;
  private count = 0;
  constructor(
    private readonly sink: FileSink,
    private readonly path: string,
    private readonly config: Json | undefined,
  ) {}

  async add(frame: Json): Promise<void> {
    if (!this.writer) {
      this.writer = new JsonTextWriter(await this.sink.open(this.path));
      await this.writer.write(this.config ? `{"config":${JSON.stringify(this.config)},"frames":[\n` : '[\n');
    }
    await this.writer.write(`${this.count++ > 0 ? ',\n' : ''}${JSON.stringify(frame)}`);
  }

  async close(): Promise<void> {
    if (!this.writer) return;
    await this.writer.write(this.config ? '\n]}\n' : '\n]\n');
    await this.writer.close();
  }
}

/**
 * Writes BDD100K's JSON layout: frames of still images to `labels/det_20/det_<subset>.json` (one list
 * per subset), video frames to `labels/box_track_20/<subset>/<video>.json` (one list per video), images
 * (with saveMedia) to `images/100k/<subset>/` and `images/track/<subset>/<video>/`. Categories other
 * than BDD100K's own lists go in a Scalabel config (`{"config": ..., "frames": [...]}`). Boxes are
 * written inclusive (x2 = x + w - 1).
 */
export async function writeScalabel(
  source: DatasetSource,
  sink: FileSink,
  options: WriteOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  const cats = source.categories;
  const config = (tree: CategoryNode[]) =>
    sameCategories(cats, tree) ? undefined : { categories: categoryTree(cats.labels) };
  const detConfig = config(DET_TREE);
  const trackConfig = config(TRACK_TREE);
  const files = new Map<string, FrameFile>();
  const fileFor = (path: string, cfg: Json | undefined) => {
    let f = files.get(path);
    if (!f) {
      f = new FrameFile(sink, path, cfg);
      files.set(path, f);
    }
    return f;
  };
  for await (const item of readContext(options).iter(source.items(), source.size)) {
    report.items++;
    const video =
      item.media?.kind === 'video-frame' || typeof item.attributes.videoName === 'string'
        ? videoOf(item)
        : undefined;
    const frame = frameOf(item, video, cats, report);
    await encodeFrameMasks(frame);
    if (video)
      await fileFor(joinPath('labels', 'box_track_20', item.subset, `${video}.json`), trackConfig).add(frame);
    else await fileFor(joinPath('labels', 'det_20', `det_${item.subset}.json`), detConfig).add(frame);
    if (options.saveMedia) {
      const name = frame.name as string;
      await saveMedia(
        item,
        sink,
        video
          ? joinPath('images', 'track', item.subset, video, name)
          : joinPath('images', '100k', item.subset, name),
        report,
      );
    }
  }
  for (const f of files.values()) await f.close();
  return report.build();
}

function videoOf(item: DatasetItem): string | undefined {
  if (typeof item.attributes.videoName === 'string') return item.attributes.videoName;
  const d = dirname(item.id);
  return d === '' ? undefined : d;
}

function frameOf(
  item: DatasetItem,
  video: string | undefined,
  cats: Categories,
  report: ReportBuilder,
): Json {
  // The item id is the frame's identity (the reader makes it from the name): name = id + the image's extension.
  const name = `${video ? basename(item.id) : item.id}${mediaExtension(item, '.jpg')}`;
  const frame: Json = { name };
  if (video) {
    frame.videoName = video;
    frame.frameIndex = item.media?.frame ?? 0;
  }
  const attributes: Record<string, AttributeValue> = {};
  for (const [k, v] of Object.entries(item.attributes)) {
    if (k === 'timestamp' && typeof v === 'number') frame.timestamp = v;
    else if (k === 'videoName') continue;
    else attributes[k] = v;
  }
  if (Object.keys(attributes).length > 0) frame.attributes = attributes;
  if (item.media?.width && item.media.height)
    frame.size = { width: item.media.width, height: item.media.height };
  frame.labels = labelsOf(item.annotations, cats, report);
  return frame;
}
