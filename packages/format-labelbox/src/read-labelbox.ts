/**
 * Reads Labelbox's NDJSON export v2 (one data row per line, streamed a line at a time), and the
 * annotation NDJSON made for Labelbox's importer with its data rows (lib/sources.ts tells them apart by
 * content). Two passes: the first finds the label names (objects' names, image-level answers) and the
 * kind of every question, the second makes the items (exports up to 64 MiB are parsed once and kept).
 * Import lines are grouped by data row, so the whole import file is held.
 */
import {
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  DEFAULT_LIMITS,
  type DetectContext,
  type Detection,
  type FileTree,
  isDatasetError,
  type ReadContext,
  type ReadOptions,
  readContext,
  readerSource,
} from '@labelport/core';
import { extname } from '@labelport/core/files';
import { badField, isObject } from '@labelport/core/json';
import { LabelTable } from '@labelport/core/meta';
import { Kinds } from './lib/classifications.js';
import { type ItemEnv, itemOfRecord, surveyRecord } from './lib/items.js';
import {
  dataRowSpec,
  exportRecord,
  importKey,
  importRecord,
  notAnImage,
  type Placed,
  type RowRecord,
} from './lib/rows.js';
import { CANDIDATE_EXTENSIONS, type FileKind, fileRows, type RowValue, sniffFile } from './lib/sources.js';
import { type LabelboxReadOptions, labelboxReadOptions } from './options.js';

/** Exports up to this many bytes in all are parsed once and kept between the passes. */
const KEEP_PARSED_BYTES = labelboxReadOptions.keepParsedBytes.default;

const candidates = (paths: string[]) => paths.filter((p) => CANDIDATE_EXTENSIONS.includes(extname(p))).sort();

export async function detectLabelbox(ctx: DetectContext): Promise<Detection> {
  const files = candidates(ctx.files.map((f) => f.path));
  if (files.length === 0) return ctx.reject('no .ndjson, .jsonl or .json file');
  const CONFIDENCE: Record<FileKind, number> = {
    export: 0.95,
    'export-list': 0.95,
    import: 0.85,
    'data-rows': 0.6,
  };
  let best = 0;
  for (const file of files) {
    const kind = await sniffFile(ctx.tree, file);
    if (kind) best = Math.max(best, CONFIDENCE[kind]);
    if (best === 0.95) break;
  }
  if (best > 0) return { confidence: best };
  return ctx.reject(
    'no Labelbox export (rows with data_row and projects) or import NDJSON (lines with dataRow)',
  );
}

type Spec = ReturnType<typeof dataRowSpec>;

type Entry =
  | { kind: 'export'; file: string; row: RowValue }
  | { kind: 'import'; file: string; lines: Placed[]; spec?: Spec };

/** The import files' lines by data row, in the order of the data rows file, then of the lines. */
async function importEntries(
  tree: FileTree,
  files: [string, FileKind][],
  ctx: ReadContext,
): Promise<Entry[]> {
  const specs = new Map<string, { file: string; spec: Spec }>();
  for (const [file] of files.filter(([, k]) => k === 'data-rows')) {
    for await (const r of fileRows(tree, file, 'data-rows', ctx.limits)) {
      const spec = await ctx.attemptItem(() => dataRowSpec(r.value, file, r.place), { file, place: r.place });
      const key = spec?.globalKey ?? spec?.externalId;
      if (spec && key !== undefined) specs.set(`g:${key}`, { file, spec });
    }
  }
  const groups = new Map<string, { file: string; lines: Placed[] }>();
  for (const [file] of files.filter(([, k]) => k === 'import')) {
    for await (const r of fileRows(tree, file, 'import', ctx.limits)) {
      const where = { file, place: r.place };
      const key = await ctx.attemptItem(() => {
        if (r.error) throw r.error;
        return (
          importKey(r.value) ??
          badField(file, r.place, 'an import line needs a dataRow with a globalKey or an id')
        );
      }, where);
      if (key === undefined) continue;
      const group = groups.get(key) ?? { file, lines: [] };
      groups.set(key, group);
      group.lines.push({ raw: r.value, place: r.place });
    }
  }
  const out: Entry[] = [];
  for (const [key, { file, spec }] of specs) {
    const group = groups.get(key);
    groups.delete(key);
    out.push({ kind: 'import', file: group?.file ?? file, lines: group?.lines ?? [], spec });
  }
  for (const { file, lines } of groups.values()) out.push({ kind: 'import', file, lines });
  return out;
}

interface Counts {
  notImages: number;
}

function recordOf(e: Entry, counts: Counts): RowRecord | undefined {
  if (e.kind === 'import') return importRecord(e.lines, e.spec);
  if (e.row.error) throw e.row.error;
  if (notAnImage(e.row.value) !== undefined) {
    counts.notImages++;
    return undefined;
  }
  return exportRecord(e.row.value, e.file, e.row.place);
}

/** The first project an export names (`{ id, name }`), for writing its shape again. */
function projectOf(row: RowValue): Record<string, unknown> | undefined {
  const projects = isObject(row.value) && isObject(row.value.projects) ? row.value.projects : undefined;
  const [id, p] = Object.entries(projects ?? {})[0] ?? [];
  if (id === undefined) return undefined;
  return isObject(p) && typeof p.name === 'string' ? { id, name: p.name } : { id };
}

/** What the passes say at their end: what was not read. */
function warnLeftOut(env: ItemEnv, counts: Counts): void {
  const { ctx } = env;
  if (env.urlMasks > 0) {
    ctx.warn(
      `${env.urlMasks} mask(s) given by URL were not fetched (their pixels are not read): each is a label annotation with the URL in attributes.mask_url`,
    );
  }
  for (const [kind, n] of env.unknown) ctx.warn(`${n} Labelbox object(s) of kind ${kind} are not read`);
  if (env.unread > 0)
    ctx.warn(`${env.unread} classification(s) of kinds other than radio, checklist and text are not read`);
  if (counts.notImages > 0) ctx.warn(`${counts.notImages} data row(s) that are not images are not read`);
}

/** The Labelbox files of the tree (the others are told not to be the format's). */
async function labelboxFiles(
  tree: FileTree,
  paths: string[],
  ctx: ReadContext,
): Promise<[string, FileKind][]> {
  const files: [string, FileKind][] = [];
  for (const file of candidates(paths)) {
    const kind = await sniffFile(tree, file);
    if (kind) files.push([file, kind]);
    else ctx.notMine(file);
  }
  if (files.length === 0) {
    throw new DatasetError(
      'bad-layout',
      'no Labelbox export (NDJSON rows with data_row and projects) or import NDJSON',
      {
        file: tree.name,
      },
    );
  }
  return files;
}

function newEnv(tree: FileTree, ctx: ReadContext, paths: string[]): ItemEnv {
  return {
    tree,
    ctx,
    files: new Set(paths),
    ids: new Set(),
    labels: new LabelTable(),
    kinds: new Kinds(),
    limits: ctx.limits ?? DEFAULT_LIMITS,
    urlMasks: 0,
    unknown: new Map(),
    unread: 0,
  };
}

/** The first pass over an entry: its labels and question kinds (its errors wait for the second). */
function surveyEntry(e: Entry, env: ItemEnv): void {
  let rec: RowRecord | undefined;
  try {
    rec = recordOf(e, { notImages: 0 });
  } catch (err) {
    if (!isDatasetError(err)) throw err;
    return;
  }
  if (rec) surveyRecord(rec, e.file, env);
}

function infosOf(env: ItemEnv, project: Record<string, unknown> | undefined) {
  const classifications = env.kinds.toJson();
  const labelbox: Record<string, unknown> = {};
  if (Object.keys(classifications).length > 0) labelbox.classifications = classifications;
  if (project) labelbox.project = project;
  return Object.keys(labelbox).length > 0 ? { labelbox } : undefined;
}

export async function readLabelbox(
  tree: FileTree,
  options: LabelboxReadOptions & ReadOptions = {},
): Promise<DatasetSource> {
  const ctx = readContext(options);
  const listing = await tree.list();
  const paths = listing.map((f) => f.path);
  const files = await labelboxFiles(tree, paths, ctx);
  const exports = files.filter(([, k]) => k === 'export' || k === 'export-list');
  const sizes = new Map(listing.map((f) => [f.path, f.size]));
  const keep =
    exports.reduce((n, [f]) => n + (sizes.get(f) ?? 0), 0) <= (options.keepParsedBytes ?? KEEP_PARSED_BYTES);
  const env = newEnv(tree, ctx, paths);
  const counts: Counts = { notImages: 0 };
  const kept: Entry[] = [];
  let project: Record<string, unknown> | undefined;
  async function* exportEntries(): AsyncGenerator<Entry> {
    for (const [file, kind] of exports)
      for await (const row of fileRows(tree, file, kind, ctx.limits)) yield { kind: 'export', file, row };
  }
  const imports = await importEntries(tree, files, ctx);
  for await (const e of exportEntries()) {
    ctx.check();
    if (e.kind === 'export') project ??= projectOf(e.row);
    surveyEntry(e, env);
    if (keep) kept.push(e);
  }
  for (const e of imports) surveyEntry(e, env);
  async function* pass(): AsyncGenerator<Entry> {
    Object.assign(env, { ids: new Set(), urlMasks: 0, unknown: new Map(), unread: 0 });
    counts.notImages = 0;
    if (keep) yield* kept;
    else yield* exportEntries();
    yield* imports;
    warnLeftOut(env, counts);
  }
  return readerSource(options, {
    categories: { labels: env.labels.labels },
    infos: infosOf(env, project),
    entries: pass,
    total: keep ? kept.length + imports.length : undefined,
    where: (e) => ({ file: e.file, place: e.kind === 'export' ? e.row.place : e.lines[0]?.place }),
    make: (e): Promise<DatasetItem> | undefined => {
      const rec = recordOf(e, counts);
      return rec ? itemOfRecord(rec, e.file, env) : undefined;
    },
  });
}
