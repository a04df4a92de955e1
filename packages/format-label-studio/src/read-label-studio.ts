import {
  type Categories,
  DatasetError,
  type DatasetLimits,
  type DatasetSource,
  type DetectContext,
  type FileTree,
  type OptionValues,
  type ReadOptions,
  readContext,
  readerSource,
  readText,
} from '@labelport/core';
import { dirname, extname } from '@labelport/core/files';
import { IMAGE_EXTENSIONS } from '@labelport/core/media';
import { LabelTable } from '@labelport/core/meta';
import { classifyExport, type ExportFile, exportTasks } from './lib/export-files.js';
import { isLabelingConfig, type LabelingConfig, parseLabelingConfig } from './lib/labeling-config.js';
import { type ResultEnv, ROTATED_IMAGE } from './lib/read-results.js';
import { namesOfConfig, surveyTask } from './lib/survey.js';
import { type ItemEnv, type MainNames, type TaskEntry, taskItem } from './lib/task-item.js';
import type { SourceChoice } from './lib/task-sources.js';
import { labelStudioReadOptions } from './options.js';

export type LabelStudioReadOptions = OptionValues<typeof labelStudioReadOptions>;

/** Exports up to this many bytes in all are parsed once and kept; larger ones are read again per pass. */
const KEEP_PARSED_BYTES = labelStudioReadOptions.keepParsedBytes.default;

/** The JSON files at the top of the tree, or else in one folder below (the export's root). */
function jsonCandidates(paths: string[]): string[][] {
  const json = paths.filter((p) => extname(p) === '.json');
  const top = json.filter((p) => !p.includes('/'));
  const byDir = new Map<string, string[]>();
  for (const p of json) {
    const d = dirname(p);
    if (d !== '' && !d.includes('/')) byDir.set(d, [...(byDir.get(d) ?? []), p]);
  }
  return [top, ...byDir.values()].filter((l) => l.length > 0);
}

/** The export files (the first folder that has any), and the errors of JSON files that did not parse. */
async function exportFilesOf(tree: FileTree, paths: string[], limits?: DatasetLimits) {
  const errors: DatasetError[] = [];
  for (const candidates of jsonCandidates(paths)) {
    const found: ExportFile[] = [];
    for (const p of candidates) {
      const f = await classifyExport(tree, p, (e) => errors.push(e), limits);
      if (f) found.push(f);
    }
    if (found.length > 0) return { files: found, errors };
  }
  return { files: [], errors };
}

export async function detectLabelStudio(ctx: DetectContext) {
  const { files } = await exportFilesOf(
    ctx.tree,
    ctx.files.map((f) => f.path),
  );
  if (files.length === 0) {
    return ctx.reject(
      'no JSON list of Label Studio tasks ([{"data": ..., "annotations": [...]}]) or JSON-MIN records',
    );
  }
  return { confidence: Math.max(...files.map((f) => f.confidence)), root: dirname(files[0]!.path) };
}

/** The labeling config saved beside the export (an XML file whose root is <View>), if there is one. */
async function findConfig(tree: FileTree, paths: string[], dir: string, options: ReadOptions) {
  for (const p of paths) {
    if (extname(p) !== '.xml' || dirname(p) !== dir) continue;
    const text = await readText(tree, p, readContext(options).limits);
    if (isLabelingConfig(text)) return parseLabelingConfig(text, p, readContext(options).limits);
  }
  return undefined;
}

function categoriesOf(labels: LabelTable, config: LabelingConfig | undefined): Categories {
  const categories: Categories = { labels: labels.labels };
  const colors = new Map<number, [number, number, number]>();
  for (const l of config?.labels ?? []) if (l.color) colors.set(labels.get(l.name), l.color);
  if (colors.size > 0) categories.colors = colors;
  return categories;
}

function infosOf(names: MainNames): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  if (names.imageKey !== undefined) out.image_key = names.imageKey;
  if (names.toName !== undefined) out.to_name = names.toName;
  if (names.controls.size > 0) out.controls = Object.fromEntries(names.controls);
  return Object.keys(out).length > 0 ? { label_studio: out } : undefined;
}

/** What was left out or not understood in a pass, said once at its end. */
function warnLeftOut(env: ItemEnv): void {
  const { ctx, counts, unread } = env;
  if (counts.cancelled > 0) ctx.warn(`${counts.cancelled} cancelled (skipped) annotation(s) were not read`);
  if (counts.predictionsLeft > 0) {
    ctx.warn(
      `${counts.predictionsLeft} prediction(s) of tasks with annotations were not read (the read option predictions: 'all' reads them)`,
    );
  }
  for (const [type, n] of unread) {
    if (type === ROTATED_IMAGE) {
      ctx.warn(
        `${n} region(s) were drawn on a rotated image (image_rotation): they are read as the results give them`,
      );
    } else ctx.warn(`${n} Label Studio result(s) of type ${type} are not read`);
  }
}

/**
 * Reads a Label Studio JSON export (or JSON-MIN, or a task list made for import): one item per task,
 * its image kept as a path (never fetched), the regions of its annotations (and predictions) as
 * annotations.
 */
export async function readLabelStudio(
  tree: FileTree,
  options: LabelStudioReadOptions & ReadOptions = {},
): Promise<DatasetSource> {
  const ctx = readContext(options);
  const entries = await tree.list();
  const paths = entries.map((e) => e.path);
  const { files, errors } = await exportFilesOf(tree, paths, ctx.limits);
  if (files.length === 0) {
    // A JSON file that is not JSON (a truncated export, say) says more than "none found".
    if (errors.length > 0) throw errors[0];
    throw new DatasetError('bad-layout', 'no Label Studio export (a JSON list of tasks, or JSON-MIN) found', {
      file: tree.name,
    });
  }
  const config = await findConfig(tree, paths, dirname(files[0]!.path), options);
  const choice: SourceChoice = {
    annotators: options.annotators ?? 'all',
    predictions: options.predictions ?? 'without-annotations',
  };
  const labels = new LabelTable(config?.labels.map((l) => l.name) ?? []);
  const names = namesOfConfig(config, options.imageKey ?? '');
  const sizes = new Map(entries.map((e) => [e.path, e.size]));
  const keep =
    files.reduce((n, f) => n + (sizes.get(f.path) ?? 0), 0) <= (options.keepParsedBytes ?? KEEP_PARSED_BYTES);
  const kept: TaskEntry[] = [];
  for (const f of files) {
    for await (const t of exportTasks(tree, f, config, ctx.limits)) {
      ctx.check();
      surveyTask(t.task, choice, labels, names);
      if (keep) kept.push(t);
    }
  }
  const base: Omit<ItemEnv, 'counts' | 'unread' | 'ids'> & Pick<ResultEnv, 'file'> = {
    file: '',
    ctx,
    limits: ctx.limits,
    tree,
    files: new Set(paths),
    unlisted: !paths.some((p) => IMAGE_EXTENSIONS.includes(extname(p))),
    labels,
    names,
    choice,
  };
  let env: ItemEnv = {
    ...base,
    counts: { cancelled: 0, predictionsLeft: 0 },
    unread: new Map(),
    ids: new Set(),
  };
  async function* tasks(): AsyncGenerator<TaskEntry> {
    env = { ...base, counts: { cancelled: 0, predictionsLeft: 0 }, unread: new Map(), ids: new Set() };
    if (keep) yield* kept;
    else for (const f of files) yield* exportTasks(tree, f, config, ctx.limits);
    warnLeftOut(env);
  }
  return readerSource(options, {
    categories: categoriesOf(labels, config),
    infos: infosOf(names),
    entries: tasks,
    total: keep ? kept.length : undefined,
    where: (t) => ({ file: t.file, place: t.place || undefined }),
    make: (t) => taskItem(t, { ...env, file: t.file }),
  });
}
