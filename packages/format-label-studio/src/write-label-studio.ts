import {
  type DatasetItem,
  type DatasetSource,
  type FileSink,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { isObject, JsonTextWriter } from '@labelport/core/json';
import { saveMedia } from '@labelport/core/media';
import type { LabelStudioWriteOptions } from './label-studio.js';
import { isVerbatimRef } from './lib/image-refs.js';
import { formatLabelingConfig, type WrittenControl } from './lib/labeling-config.js';
import { imagePathOf, type TaskEnv, taskOf } from './lib/write-task.js';

/** The names the reader found (`infos.label_studio`), for a dataset read from Label Studio. */
function readNames(source: DatasetSource) {
  const info = source.infos?.label_studio;
  const names = isObject(info) ? info : {};
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const controls = new Map<string, string>();
  if (isObject(names.controls)) {
    for (const [type, name] of Object.entries(names.controls))
      if (typeof name === 'string') controls.set(type, name);
  }
  return { imageKey: text(names.image_key), toName: text(names.to_name), controls };
}

/** What the categories hold that Label Studio's labeling config cannot: label parents and attribute lists. */
function countCategoryLosses(source: DatasetSource, report: ReportBuilder): void {
  const labels = source.categories.labels;
  const parents = labels.filter((l) => l.parent && l.parent !== l.name).length;
  report.drop('label parent', parents, 'Label Studio labels have no parents');
  if (labels.some((l) => l.attributes?.length)) {
    report.warn("the labels' attribute lists are not kept (attributes are written per region)");
  }
}

/** The config file written beside the tasks: `tasks.json` -> `tasks.label_config.xml`. */
const configFileOf = (file: string) => `${file.replace(/\.json$/i, '')}.label_config.xml`;

async function saveItemMedia(item: DatasetItem, out: FileSink, report: ReportBuilder): Promise<void> {
  const path = imagePathOf(item);
  // Images Label Studio reads by URL or from cloud storage stay where they are.
  if (isVerbatimRef(path)) return;
  await saveMedia(item, out, path, report);
}

/**
 * Writes the dataset as Label Studio tasks to import (one JSON list), with the labeling config
 * beside it (`<file>.label_config.xml`) to make the project from.
 */
export async function writeLabelStudio(
  source: DatasetSource,
  out: FileSink,
  options: LabelStudioWriteOptions & WriteOptions = {},
): Promise<WriteReport> {
  const ctx = readContext(options);
  const report = new ReportBuilder();
  countCategoryLosses(source, report);
  const names = readNames(source);
  const used = new Map<string, WrittenControl>();
  const env: TaskEnv = {
    report,
    labels: source.categories.labels,
    limits: ctx.limits,
    toName: options.toName || names.toName || 'image',
    controls: names.controls,
    used,
    where: '',
    to: options.to ?? 'annotations',
    imageKey: options.imageKey || names.imageKey || 'image',
    imageRoot: options.imageRoot ?? '/data/local-files/?d=',
    modelVersion: options.modelVersion ?? '',
  };
  const file = options.file || 'tasks.json';
  const writer = new JsonTextWriter(await out.open(file));
  let first = true;
  for await (const item of ctx.iter(source.items(), source.size)) {
    report.items++;
    env.where = `item '${item.subset}/${item.id}'`;
    const task = await taskOf(item, env);
    await writer.write(`${first ? '[\n' : ',\n'}${JSON.stringify(task)}`);
    first = false;
    if (options.saveMedia) await saveItemMedia(item, out, report);
  }
  await writer.write(first ? '[]\n' : '\n]\n');
  await writer.close();
  if (used.size === 0 && source.categories.labels.length > 0)
    used.set('choice', { type: 'choices', perRegion: false });
  const colors = source.categories.colors;
  const labels = source.categories.labels.map((l, i) => ({ name: l.name, color: colors?.get(i) }));
  await out.write(
    configFileOf(file),
    formatLabelingConfig({ name: env.toName, key: env.imageKey }, used, labels),
  );
  return report.build();
}
