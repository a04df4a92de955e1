/**
 * Writes one Create ML file per subset: `<subset>/_annotations.createml.json` as Roboflow exports it
 * (the default subset at the top), each entry's `image` the file name beside it; `--save-media` saves
 * the images there. Only labelled boxes are kept: every other annotation is counted.
 */
import {
  type DatasetSource,
  DEFAULT_SUBSET,
  type FileSink,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { joinPath } from '@labelport/core/files';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { createmlBoxJson } from './lib/createml-json.js';
import type { CreatemlWriteOptions } from './options.js';
import { ROBOFLOW_FILE } from './read-createml.js';

type EntryJson = { image: string; annotations: ReturnType<typeof createmlBoxJson>[] };

export async function writeCreateml(
  source: DatasetSource,
  out: FileSink,
  options: CreatemlWriteOptions & WriteOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  const labels = source.categories.labels;
  const bySubset = new Map<string, EntryJson[]>();
  for await (const item of readContext(options).iter(source.items(), source.size)) {
    report.items++;
    const annotations: EntryJson['annotations'] = [];
    for (const a of item.annotations) {
      if (a.type !== 'bbox') report.drop(a.type);
      else if (a.label === undefined || !labels[a.label])
        report.drop('bbox', 1, 'Create ML boxes need a label: boxes without one are not written');
      else annotations.push(createmlBoxJson(labels[a.label]!.name, a));
    }
    const image = `${item.id}${mediaExtension(item)}`;
    const folder = item.subset === DEFAULT_SUBSET ? '' : item.subset;
    if (options.saveMedia) await saveMedia(item, out, joinPath(folder, image), report);
    const list = bySubset.get(folder) ?? [];
    bySubset.set(folder, list);
    list.push({ image, annotations });
  }
  for (const [folder, list] of bySubset) {
    await out.write(joinPath(folder, options.fileName ?? ROBOFLOW_FILE), `${JSON.stringify(list)}\n`);
  }
  return report.build();
}
