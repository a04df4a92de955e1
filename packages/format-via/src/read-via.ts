/**
 * Reads VGG Image Annotator 2.x files: projects, the annotations exported alone, and the CSV export,
 * any number of them in a tree (one subset per folder, or per file beside each other, as Matterport's
 * `train/via_region_data.json`, `val/via_region_data.json`). One item per image entry; the label is the
 * value of one region attribute (see lib/via-attributes.ts). Detection reads content (lib/via-sniff.ts).
 */
import {
  type Annotation,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  DEFAULT_SUBSET,
  type DetectContext,
  type Detection,
  type FileTree,
  type ReadContext,
  type ReadOptions,
  readContext,
  readerSource,
  readJson,
} from '@labelport/core';
import { basename, CsvHeader, dirname, streamCsv, stripExtension } from '@labelport/core/files';
import { asObject, isObject, type JsonObject } from '@labelport/core/json';
import { readImageSize } from '@labelport/core/media';
import { LabelTable } from '@labelport/core/meta';
import { findInTree, imageRef } from './lib/image-refs.js';
import { AttributeSurvey, attributesOf, labelOfValue, optionsOf } from './lib/via-attributes.js';
import {
  type CsvColumns,
  csvColumns,
  csvEntries,
  jsonEntries,
  parseEntry,
  surveyRegions,
  type ViaEntry,
  type ViaRegion,
} from './lib/via-entries.js';
import { type Geometry, shapeOf } from './lib/via-shapes.js';
import { candidates, sniffVia, type ViaKind } from './lib/via-sniff.js';
import type { ViaReadOptions } from './options.js';

export async function detectVia(ctx: DetectContext): Promise<Detection> {
  const files = candidates(ctx.files.map((f) => f.path));
  if (files.length === 0) return ctx.reject('no .json or .csv file');
  for (const file of files) {
    const kind = await sniffVia(ctx.tree, file);
    if (kind) return { confidence: kind === 'annotations' ? 0.9 : 0.95 };
  }
  return ctx.reject('no VIA project, annotation export (JSON) or CSV export');
}

/** Each file's subset: its folder when the files are in several, its name when several share one. */
function subsetsOf(files: string[]): Map<string, string> {
  const dirs = new Set(files.map(dirname));
  const out = new Map<string, string>();
  for (const f of files) {
    const sharing = files.filter((g) => dirname(g) === dirname(f)).length > 1;
    const dir = dirs.size > 1 ? dirname(f) : '';
    const name = sharing ? stripExtension(basename(f)) : '';
    out.set(f, [dir, name].filter(Boolean).join('/') || DEFAULT_SUBSET);
  }
  return out;
}

/** What the files held: their entries, the CSV columns per file and the projects' attribute definitions. */
interface Loaded {
  entries: ViaEntry[];
  columns: Map<string, CsvColumns>;
  definitions: { region: JsonObject; file: JsonObject };
  /** The attribute a project shows as its regions' label (`_via_settings.ui.image.region_label`). */
  shown?: string;
}

/** A project's `_via_settings.ui.image.region_label` when it names an attribute (not VIA's region id). */
function shownAttribute(settings: unknown): string | undefined {
  const ui = isObject(settings) && isObject(settings.ui) ? settings.ui : undefined;
  const name = ui && isObject(ui.image) ? ui.image.region_label : undefined;
  return typeof name === 'string' && name !== '' && !name.startsWith('__via_') ? name : undefined;
}

async function loadFile(
  tree: FileTree,
  file: string,
  kind: ViaKind,
  subset: string,
  ctx: ReadContext,
  into: Loaded,
) {
  if (kind === 'csv') {
    const records = [];
    for await (const r of streamCsv(tree, file)) records.push(r);
    const columns = csvColumns(new CsvHeader(records[0]?.fields ?? [], file));
    into.columns.set(file, columns);
    into.entries.push(...csvEntries(records.slice(1), columns, file, subset));
    return;
  }
  const doc = asObject(await readJson(tree, file, ctx.limits), file, '');
  const defs = doc._via_attributes;
  if (kind === 'project') into.shown ??= shownAttribute(doc._via_settings);
  if (kind === 'project' && isObject(defs)) {
    if (isObject(defs.region)) Object.assign(into.definitions.region, defs.region);
    if (isObject(defs.file)) Object.assign(into.definitions.file, defs.file);
  }
  into.entries.push(...jsonEntries(doc, file, subset));
}

/** How regions are read: which attribute is the label, its options' names, the label table. */
interface LabelRules {
  attribute?: string;
  options?: Map<string, string>;
  table: LabelTable;
}

function labelRules(loaded: Loaded, chosen: string | undefined): LabelRules {
  const survey = new AttributeSurvey();
  const regions = loaded.entries.map((e) => surveyRegions(e, loaded.columns.get(e.file)));
  for (const list of regions) for (const r of list) survey.add(r);
  const shown = loaded.shown !== undefined && survey.names.includes(loaded.shown) ? loaded.shown : undefined;
  const attribute = chosen || shown || survey.labelAttribute();
  const options = attribute === undefined ? undefined : optionsOf(loaded.definitions.region[attribute]);
  const table = new LabelTable(options?.values() ?? []);
  const others = new Set<string>();
  if (attribute !== undefined) {
    for (const list of regions) {
      for (const r of list) {
        const name = isObject(r) ? labelOfValue(r[attribute], options) : undefined;
        if (name !== undefined && table.find(name) === undefined) others.add(name);
      }
    }
  }
  // labels no option names: sorted, whatever the order of the files and regions
  for (const name of [...others].sort()) table.get(name);
  return { attribute, options, table };
}

interface ItemEnv {
  tree: FileTree;
  ctx: ReadContext;
  files: ReadonlySet<string>;
  columns: Map<string, CsvColumns>;
  rules: LabelRules;
  /** Ids given in this pass, by subset. */
  ids: Map<string, Set<string>>;
  /** Turned ellipses read as polygons in this pass. */
  turned: number;
}

function annotationOf(r: ViaRegion, file: string, env: ItemEnv): Annotation {
  const { geometry, turned } = shapeOf(r.shape, file, r.place);
  if (turned) env.turned++;
  const { attribute, options, table } = env.rules;
  const value = attribute === undefined ? undefined : r.attributes[attribute];
  const name = labelOfValue(value, options);
  const used = typeof value === 'string' || typeof value === 'number';
  const attributes = attributesOf(r.attributes, used ? attribute : undefined);
  const label = name === undefined ? undefined : table.get(name);
  return { ...(geometry as Geometry), label, attributes } as Annotation;
}

function uniqueId(env: ItemEnv, subset: string, id: string): string {
  const ids = env.ids.get(subset) ?? new Set<string>();
  env.ids.set(subset, ids);
  let out = id;
  for (let n = 2; ids.has(out); n++) out = `${id}_${n}`;
  ids.add(out);
  return out;
}

async function itemOf(e: ViaEntry, env: ItemEnv): Promise<DatasetItem> {
  const record = parseEntry(e, env.columns.get(e.file));
  const ref = imageRef(record.filename, dirname(e.file));
  const found = findInTree(ref.candidates, env.files);
  const size = found ? await readImageSize(env.tree, found) : undefined;
  const annotations: Annotation[] = [];
  for (const r of record.regions) {
    const a = env.ctx.attempt(() => annotationOf(r, e.file, env), { file: e.file, place: r.place });
    if (a) annotations.push(a);
  }
  const attributes = attributesOf(record.fileAttributes);
  if (record.size !== undefined && Number.isSafeInteger(record.size) && record.size >= 0) {
    attributes.file_size = record.size;
  }
  return {
    id: uniqueId(env, e.subset, ref.id),
    subset: e.subset,
    media: {
      kind: 'image',
      path: found ?? ref.path,
      width: size?.width,
      height: size?.height,
      bytes: found ? () => env.tree.read(found) : undefined,
    },
    annotations,
    attributes,
  };
}

/** What a VIA project told that a writer can use again: the label attribute, the attribute definitions. */
function infosOf(loaded: Loaded, rules: LabelRules): Record<string, unknown> | undefined {
  const via: Record<string, unknown> = {};
  if (rules.attribute !== undefined && rules.attribute !== 'label') via.label_attribute = rules.attribute;
  const { region, file } = loaded.definitions;
  if (Object.keys(region).length > 0 || Object.keys(file).length > 0) via.attributes = { region, file };
  return Object.keys(via).length > 0 ? { via } : undefined;
}

export async function readVia(
  tree: FileTree,
  options: ViaReadOptions & ReadOptions = {},
): Promise<DatasetSource> {
  const ctx = readContext(options);
  const files = new Set((await tree.list()).map((f) => f.path));
  const found: [string, ViaKind][] = [];
  for (const file of candidates(files)) {
    const kind = await sniffVia(tree, file);
    if (kind) found.push([file, kind]);
    else ctx.notMine(file);
  }
  if (found.length === 0) {
    throw new DatasetError('bad-layout', 'no VIA project, annotation export (JSON) or CSV export', {
      file: tree.name,
    });
  }
  const subsets = subsetsOf(found.map(([f]) => f));
  const loaded: Loaded = { entries: [], columns: new Map(), definitions: { region: {}, file: {} } };
  for (const [file, kind] of found) {
    await ctx.attemptItem(() => loadFile(tree, file, kind, subsets.get(file)!, ctx, loaded), file);
  }
  const rules = labelRules(loaded, options.labelAttribute);
  const env: ItemEnv = { tree, ctx, files, columns: loaded.columns, rules, ids: new Map(), turned: 0 };
  async function* pass(): AsyncGenerator<ViaEntry> {
    env.ids = new Map();
    env.turned = 0;
    yield* loaded.entries;
    if (env.turned > 0) {
      ctx.warn(
        `${env.turned} ellipse(s) turned by theta were read as polygons (a point every 5 degrees): labelport's ellipses are upright`,
      );
    }
  }
  return readerSource(options, {
    categories: { labels: rules.table.labels },
    infos: infosOf(loaded, rules),
    entries: pass,
    total: loaded.entries.length,
    where: (e) => ({ file: e.file, place: e.place }),
    make: (e) => itemOf(e, env),
  });
}
