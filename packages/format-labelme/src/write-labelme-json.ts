import {
  type DatasetItem,
  type DatasetSource,
  DEFAULT_SUBSET,
  type FileSink,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { dirname, joinPath } from '@labelport/core/files';
import { saveMedia } from '@labelport/core/media';
import { labelmeImagePath } from './lib/labelme-json-objects.js';
import { itemShapes } from './lib/labelme-json-write-shapes.js';

/** The item's boolean attributes as labelme's image flags; the others are counted. */
function imageFlags(item: DatasetItem, report: ReportBuilder): Record<string, boolean> {
  const flags: Record<string, boolean> = {};
  for (const [k, v] of Object.entries(item.attributes)) {
    if (typeof v === 'boolean') flags[k] = v;
    else report.drop('item attribute');
  }
  return flags;
}

/**
 * Writes one labelme JSON per item (`<id>.json`, imagePath the image's name beside it; the image
 * itself with saveMedia), keys in labelme's order, indented as labelme indents. Boolean attributes ->
 * flags, `description` -> description; other attributes are reported lost.
 */
export async function writeLabelMeJson(
  source: DatasetSource,
  sink: FileSink,
  options: WriteOptions = {},
): Promise<WriteReport> {
  const ctx = readContext(options);
  const report = new ReportBuilder();
  const labels = source.categories.labels;
  for await (const item of ctx.iter(source.items(), source.size)) {
    const { shapes, maskSize } = await itemShapes(
      item.annotations,
      labels,
      `item '${item.id}'`,
      ctx.limits,
      report,
    );
    // The image is saved beside the JSON; without saveMedia, imagePath points at it where it is.
    const savedPath = labelmeImagePath(item, true);
    const saved =
      options.saveMedia === true &&
      (await saveMedia(item, sink, joinPath(dirname(item.id), savedPath), report));
    const doc = {
      version: '5.5.0',
      flags: imageFlags(item, report),
      shapes,
      imagePath: saved ? savedPath : labelmeImagePath(item, false),
      imageData: null,
      imageHeight: item.media?.height ?? maskSize?.height ?? null,
      imageWidth: item.media?.width ?? maskSize?.width ?? null,
    };
    if (item.subset !== DEFAULT_SUBSET)
      report.warn('labelme JSON has no subsets: all subsets are written together');
    await sink.write(`${item.id}.json`, `${JSON.stringify(doc, null, 2)}\n`);
    if (!options.saveMedia && item.media?.bytes) report.drop('media');
    report.items++;
  }
  return report.build();
}
