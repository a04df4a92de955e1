import {
  type DatasetItem,
  type DatasetSource,
  type FileSink,
  type FileWriter,
  groupsFromOne,
  type ReadContext,
  ReportBuilder,
  readContext,
  type WriteOptions,
} from '@labelport/core';
import { joinPath } from '@labelport/core/files';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { AttributeSurvey, metaXml, type TaskMeta } from './lib/cvat-write-meta.js';
import { SHAPE_ELEMENT, type ShapeWriteContext, shapeXml, tagXml } from './lib/cvat-write-shape.js';
import { attrsText } from './lib/xml-text.js';

/** The frame number an item carries: media.frame, else the `frame` attribute (Datumaro's). */
export function itemFrame(item: DatasetItem): number | undefined {
  const f = item.media?.frame ?? item.attributes.frame;
  return typeof f === 'number' && Number.isInteger(f) && f >= 0 ? f : undefined;
}

/** The image's file name in CVAT: the item id with the media's extension (`.jpg` when none). */
export function imageName(item: DatasetItem): string {
  return `${item.id}${mediaExtension(item, '.jpg')}`;
}

/** The XML file's start: the declaration, the root and the version; then `<meta>`. */
export const XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<annotations>\n  <version>1.1</version>\n';

interface SubsetPlan {
  count: number;
  frames: Set<number>;
  /** Frames are missing or repeated: number the images in order instead. */
  reindex: boolean;
}

/** The first pass: each subset's items and frames, and the attributes `<meta>` must declare. */
async function planSubsets(source: DatasetSource, survey: AttributeSurvey, ctx: ReadContext) {
  const plans = new Map<string, SubsetPlan>();
  for await (const item of source.items()) {
    ctx.check();
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
  return plans;
}

/** The `<image>` of an item with its shapes and tags (what CVAT cannot hold is reported). */
async function imageXml(item: DatasetItem, frame: number, ctx: ShapeWriteContext): Promise<string> {
  const { report } = ctx;
  let s = `  <image${attrsText([
    ['id', frame],
    ['name', imageName(item)],
    ['width', item.media?.width],
    ['height', item.media?.height],
  ])}>\n`;
  let trackInfoDropped = 0;
  const groups = groupsFromOne(item.annotations.map((a) => a.group));
  for (const original of item.annotations) {
    const ann = original.group !== undefined ? { ...original, group: groups.get(original.group) } : original;
    if (ann.label === undefined) {
      report.drop(
        ann.type,
        1,
        'annotations without a label are not written: CVAT needs a label on every shape and tag',
      );
      continue;
    }
    if (ann.objectId !== undefined) report.drop('objectId');
    for (const k of ['keyframe', 'outside', 'track_id']) if (k in ann.attributes) trackInfoDropped++;
    if (ann.attributes.outside === true) {
      report.drop(
        ann.type,
        1,
        'track shapes outside the frame (outside=true) are left out, as CVAT for images does',
      );
      continue;
    }
    if (ann.type === 'label') s += tagXml(ann, ctx, '    ');
    else if (SHAPE_ELEMENT[ann.type]) s += (await shapeXml(ann, ctx, { withLabel: true }, '    ')) ?? '';
    else report.drop(ann.type);
  }
  if (trackInfoDropped) report.drop('attribute', trackInfoDropped);
  return `${s}  </image>\n`;
}

/**
 * CVAT for images: one `<subset>.xml` per subset (as Datumaro writes it), an `<image>` per item with its
 * shapes and tags. Tracks are split by frame: a shape's track id and its keyframe flag are not kept,
 * and shapes outside the frame (`outside`) are left out, as CVAT does. Images go to `images/` (to
 * `images/<subset>/` when there are several subsets) with saveMedia.
 */
export async function writeCvatImages(source: DatasetSource, sink: FileSink, options: WriteOptions = {}) {
  const report = new ReportBuilder();
  const survey = new AttributeSurvey();
  const context = readContext(options);
  const plans = await planSubsets(source, survey, context);
  const ctx: ShapeWriteContext = { categories: source.categories, report, limits: context.limits };
  const writers = new Map<string, { w: FileWriter; index: number }>();
  const manySubsets = plans.size > 1;
  try {
    for await (const item of context.iter(source.items(), source.size)) {
      const plan = plans.get(item.subset)!;
      let out = writers.get(item.subset);
      if (!out) {
        out = { w: await sink.open(`${item.subset}.xml`), index: 0 };
        writers.set(item.subset, out);
        const task: TaskMeta = {
          name: item.subset,
          size: plan.count,
          mode: 'annotation',
          startFrame: 0,
          stopFrame: Math.max(0, plan.count - 1),
        };
        await out.w.write(XML_HEAD + metaXml(source.categories, survey, task, report));
      }
      const frame = plan.reindex ? out.index : itemFrame(item)!;
      out.index++;
      await out.w.write(await imageXml(item, frame, ctx));
      if (options.saveMedia)
        await saveMedia(
          item,
          sink,
          joinPath('images', manySubsets ? item.subset : '', imageName(item)),
          report,
        );
      report.items++;
    }
  } finally {
    for (const { w } of writers.values()) {
      await w.write('</annotations>\n');
      await w.close();
    }
  }
  return report.build();
}
