/**
 * Reads VoTT JSON exports: every `.json` of the tree that is one (VoTT names it
 * `<project>-export.json`, in `vott-json-export/` with the images beside it when "include images"
 * was on). The subset is the file's name without its last `-part` (`train-export.json` is `train`), as
 * Datumaro reads it. An asset is an item named by its file name without the extension; its image is
 * the file of that name beside the export (where VoTT copies it), else its `path` when that is
 * relative (VoTT writes the absolute `file:` or `https:` URL of the source, kept out of the tree).
 * Labels: `dataset_meta.json` beside the file first (Datumaro's), then the project's tags with their
 * colours, then any other tag a region carries. Detection parses the candidates: no key is looked for
 * in a byte window.
 */
import {
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  type Detection,
  type FileTree,
  type ReadContext,
  type ReadOptions,
  readContext,
  readerSource,
  readJson,
} from '@labelport/core';
import { basename, dirname, joinPath, safeRelativePath, stripExtension } from '@labelport/core/files';
import type { JsonObject } from '@labelport/core/json';
import { readImageSize } from '@labelport/core/media';
import { DATASET_META_FILE, LabelTable, readDatasetMeta } from '@labelport/core/meta';
import {
  ASSET_VIDEO_FRAME,
  isVottExport,
  parseVottAsset,
  parseVottRegion,
  parseVottTags,
  type VottAsset,
  type VottRegion,
} from './lib/vott-json-doc.js';
import { regionAnnotations } from './lib/vott-regions.js';

export const EXPORT_SUFFIX = '-export.json';

/** The JSON files that may be VoTT exports, VoTT's `-export.json` names first. */
function candidates(paths: string[]): string[] {
  const json = paths.filter((p) => p.toLowerCase().endsWith('.json') && basename(p) !== DATASET_META_FILE);
  return [
    ...json.filter((p) => p.endsWith(EXPORT_SUFFIX)),
    ...json.filter((p) => !p.endsWith(EXPORT_SUFFIX)),
  ];
}

export async function detectVottJson(ctx: DetectContext): Promise<Detection> {
  const files = candidates(ctx.files.map((f) => f.path));
  if (files.length === 0) return ctx.reject('no .json file');
  for (const file of files.slice(0, 8)) {
    const doc = await readJson(ctx.tree, file).catch(() => undefined);
    if (isVottExport(doc)) return { confidence: file.endsWith(EXPORT_SUFFIX) ? 0.9 : 0.6 };
  }
  return ctx.reject('no .json file is a VoTT export (an object with "assets" of {asset, regions})');
}

/** The subset of an export file: its name without the extension and its last `-part` (Datumaro's rule). */
export function subsetOfExport(file: string): string {
  const stem = stripExtension(basename(file));
  const dash = stem.lastIndexOf('-');
  return dash > 0 ? stem.slice(0, dash) : stem;
}

interface Entry {
  file: string;
  subset: string;
  asset: VottAsset;
  regions: VottRegion[];
}

/** The exports of the tree, parsed; other JSON files are told to the account as not VoTT's. */
async function readExports(
  tree: FileTree,
  paths: string[],
  ctx: ReadContext,
): Promise<[string, JsonObject][]> {
  const docs: [string, JsonObject][] = [];
  for (const file of candidates(paths)) {
    const named = file.endsWith(EXPORT_SUFFIX);
    const doc = named
      ? await readJson(tree, file, ctx.limits)
      : await readJson(tree, file, ctx.limits).catch(() => undefined);
    if (isVottExport(doc)) docs.push([file, doc]);
    else if (named)
      throw new DatasetError('bad-layout', 'not a VoTT export: no "assets" of {asset, regions}', { file });
    else ctx.notMine(file);
  }
  if (docs.length === 0) {
    throw new DatasetError(
      'bad-layout',
      'no VoTT JSON export (an object with "assets" of {asset, regions})',
      {
        file: tree.name,
      },
    );
  }
  return docs;
}

/** The label table: dataset_meta.json beside each export, then each project's tags (with colours). */
async function labelsOf(tree: FileTree, paths: Set<string>, docs: [string, JsonObject][]) {
  const labels = new LabelTable();
  const colors = new Map<number, [number, number, number]>();
  for (const [file] of docs) {
    const meta = joinPath(dirname(file), DATASET_META_FILE);
    if (paths.has(meta)) for (const name of (await readDatasetMeta(tree, meta)).keys()) labels.get(name);
  }
  for (const [file, doc] of docs) {
    for (const tag of parseVottTags(doc, file)) {
      const i = labels.get(tag.name);
      if (tag.color && !colors.has(i)) colors.set(i, tag.color);
    }
  }
  return { labels, colors };
}

/** Every asset of every export, with its regions parsed one by one under the error policy. */
async function entriesOf(
  docs: [string, JsonObject][],
  labels: LabelTable,
  ctx: ReadContext,
): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (const [file, doc] of docs) {
    const subset = subsetOfExport(file);
    for (const [key, raw] of Object.entries(doc.assets as JsonObject)) {
      const asset = await ctx.attemptItem(() => parseVottAsset(key, raw, file), {
        file,
        place: `assets.${key}`,
      });
      if (!asset) continue;
      const regions: VottRegion[] = [];
      asset.regions.forEach((r, j) => {
        const place = `assets.${key}.regions[${j}]`;
        const region = ctx.attempt(() => parseVottRegion(r, file, place), { file, place });
        if (region) regions.push(region);
      });
      for (const r of regions) for (const tag of r.tags) labels.get(tag);
      entries.push({ file, subset, asset, regions });
    }
  }
  return entries;
}

export async function readVottJson(tree: FileTree, options: ReadOptions = {}): Promise<DatasetSource> {
  const ctx = readContext(options);
  const list = (await tree.list()).map((f) => f.path);
  const paths = new Set(list);
  const docs = await readExports(tree, list, ctx);
  const { labels, colors } = await labelsOf(tree, paths, docs);
  const entries = await entriesOf(docs, labels, ctx);
  return readerSource(options, {
    categories: colors.size ? { labels: labels.labels, colors } : { labels: labels.labels },
    entries,
    where: (e) => ({ file: e.file, place: `assets.${e.asset.key}` }),
    make: (e) => itemOf(e, tree, paths, labels),
  });
}

/** Where the asset's image is in the tree: beside the export by name, else its relative `path`. */
function imagePath(e: Entry, paths: Set<string>): { path: string; present: boolean } {
  const where = { file: e.file, place: `assets.${e.asset.key}.asset` };
  const dir = dirname(e.file);
  const byName = joinPath(dir, safeRelativePath(e.asset.name, where));
  if (paths.has(byName)) return { path: byName, present: true };
  const given = e.asset.path;
  if (given && !/^[a-z][a-z0-9+.-]*:|^[\\/]/i.test(given)) {
    const byPath = joinPath(dir, safeRelativePath(given, where));
    if (paths.has(byPath)) return { path: byPath, present: true };
  }
  return { path: byName, present: false };
}

async function itemOf(
  e: Entry,
  tree: FileTree,
  paths: Set<string>,
  labels: LabelTable,
): Promise<DatasetItem> {
  let group = 0;
  const annotations = e.regions.flatMap((r) => regionAnnotations(r, labels, () => ++group));
  const { asset } = e;
  if (asset.type === ASSET_VIDEO_FRAME) {
    const video = joinPath(dirname(e.file), asset.name.split('#')[0]!);
    return {
      id: asset.name,
      subset: e.subset,
      media: { kind: 'video-frame', path: video, width: asset.width, height: asset.height },
      annotations,
      attributes:
        asset.timestamp === undefined ? { id: asset.key } : { id: asset.key, timestamp: asset.timestamp },
    };
  }
  const { path, present } = imagePath(e, paths);
  const size =
    present && (asset.width === undefined || asset.height === undefined)
      ? await readImageSize(tree, path)
      : undefined;
  return {
    id: stripExtension(asset.name),
    subset: e.subset,
    media: {
      kind: 'image',
      path,
      width: asset.width ?? size?.width,
      height: asset.height ?? size?.height,
      bytes: present ? () => tree.read(path) : undefined,
    },
    annotations,
    attributes: { id: asset.key },
  };
}
