import {
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  defineFormat,
  type FileSink,
  type FileWriter,
  groupsFromOne,
  type IoOptions,
  ReportBuilder,
  readContext,
} from '@labelport/core';
import { joinPath } from '@labelport/core/files';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { type CvatReadOptions, readCvat } from './lib/cvat-reader.js';
import { AttributeSurvey, metaXml } from './lib/cvat-write-meta.js';
import { SHAPE_ELEMENT, type ShapeWriteContext, shapeXml, tagXml } from './lib/cvat-write-shape.js';
import { detectCvat } from './lib/detect-cvat.js';
import { attrsText } from './lib/xml-text.js';
import { cvatReadOptions } from './options.js';

/** The frame number an item carries: media.frame, else the `frame` attribute (Datumaro's). */
export function itemFrame(item: DatasetItem): number | undefined {
  const f = item.media?.frame ?? item.attributes.frame;
  return typeof f === 'number' && Number.isInteger(f) && f >= 0 ? f : undefined;
}

/** The image's file name in CVAT: the item id with the media's extension (`.jpg` when none). */
export function imageName(item: DatasetItem): string {
  return `${item.id}${mediaExtension(item, '.jpg')}`;
}

interface SubsetPlan {
  count: number;
  frames: Set<number>;
  /** Frames are missing or repeated: number the images in order instead. */
  reindex: boolean;
}

/**
 * CVAT for images: one `<subset>.xml` per subset (as Datumaro writes it), an `<image>` per item with its
 * shapes and tags. Tracks are split by frame: a shape's track id and its keyframe flag are not kept,
 * and shapes outside the frame (`outside`) are left out, as CVAT does. Images go to `images/` (to
 * `images/<subset>/` when there are several subsets) with saveMedia.
 */
async function writeCvatImages(source: DatasetSource, sink: FileSink, options: IoOptions = {}) {
  const report = new ReportBuilder();
  const survey = new AttributeSurvey();
  const plans = new Map<string, SubsetPlan>();
  for await (const item of source.items()) {
    let plan = plans.get(item.subset);
    if (!plan) {
      plan = { count: 0, frames: new Set(), reindex: false };
      plans.set(item.subset, plan);
    }
    plan.count++;
    const f = itemFrame(item);
    if (f === undefined || plan.frames.has(f)) plan.reindex = true;
    else plan.frames.add(f);
    for (const a of item.annotations) survey.add(a);
  }
  const ctx: ShapeWriteContext = {
    categories: source.categories,
    report,
    limits: readContext(options).limits,
  };
  const writers = new Map<string, { w: FileWriter; index: number }>();
  const manySubsets = plans.size > 1;
  let done = 0;
  try {
    for await (const item of source.items()) {
      if (options.signal?.aborted)
        throw new DatasetError('aborted', 'writing was cancelled', { file: sink.name });
      const plan = plans.get(item.subset)!;
      let out = writers.get(item.subset);
      if (!out) {
        out = { w: await sink.open(`${item.subset}.xml`), index: 0 };
        writers.set(item.subset, out);
        await out.w.write(
          '<?xml version="1.0" encoding="utf-8"?>\n<annotations>\n  <version>1.1</version>\n',
        );
        await out.w.write(
          metaXml(
            source.categories,
            survey,
            {
              name: item.subset,
              size: plan.count,
              mode: 'annotation',
              startFrame: 0,
              stopFrame: Math.max(0, plan.count - 1),
            },
            report,
          ),
        );
      }
      const frame = plan.reindex ? out.index : itemFrame(item)!;
      out.index++;
      const name = imageName(item);
      let s = `  <image${attrsText([
        ['id', frame],
        ['name', name],
        ['width', item.media?.width],
        ['height', item.media?.height],
      ])}>\n`;
      let trackInfoDropped = 0;
      const groups = groupsFromOne(item.annotations.map((a) => a.group));
      for (const original of item.annotations) {
        const ann =
          original.group !== undefined ? { ...original, group: groups.get(original.group) } : original;
        if (ann.label === undefined) {
          report.drop(ann.type);
          report.warn(
            'annotations without a label are not written: CVAT needs a label on every shape and tag',
          );
          continue;
        }
        if (ann.objectId !== undefined) report.drop('objectId');
        for (const k of ['keyframe', 'outside', 'track_id']) if (k in ann.attributes) trackInfoDropped++;
        if (ann.attributes.outside === true) {
          report.drop(ann.type);
          report.warn('track shapes outside the frame (outside=true) are left out, as CVAT for images does');
          continue;
        }
        if (ann.type === 'label') s += tagXml(ann, ctx, '    ');
        else if (SHAPE_ELEMENT[ann.type]) s += (await shapeXml(ann, ctx, { withLabel: true }, '    ')) ?? '';
        else report.drop(ann.type);
      }
      if (trackInfoDropped) report.drop('attribute', trackInfoDropped);
      s += '  </image>\n';
      await out.w.write(s);
      if (options.saveMedia)
        await saveMedia(item, sink, joinPath('images', manySubsets ? item.subset : '', name), report);
      report.items++;
      options.onProgress?.(++done, source.size);
    }
  } finally {
    for (const { w } of writers.values()) {
      await w.write('</annotations>\n');
      await w.close();
    }
  }
  return report.build();
}

export const cvat = defineFormat<CvatReadOptions>({
  id: 'cvat',
  title: 'CVAT for images (XML 1.1)',
  aliases: ['cvat_images'],
  extensions: ['.xml'],
  options: { read: cvatReadOptions },
  capabilities: {
    labelParents: true,
    annotations: [
      'label',
      'bbox',
      'polygon',
      'polyline',
      'points',
      'ellipse',
      'cuboid2d',
      'mask',
      'skeleton',
    ],
    media: ['image', 'video-frame'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: true,
  },
  async detect(ctx) {
    const d = await detectCvat(ctx);
    // Video XML reads here too, but cvat_video is the better match for it (it keeps the tracks).
    return { confidence: d.video ? 0.9 : 1, root: d.root };
  },
  read: (tree, options) => readCvat(tree, options),
  write: (source, sink, options) => writeCvatImages(source, sink, options),
});
