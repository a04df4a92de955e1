/**
 * Reads a Supervisely project (an images project as the platform exports it and the SDK writes it):
 * `meta.json` for the labels (classes, then the tags without a value), each dataset folder a subset
 * (nested datasets `a/datasets/b` are `a/b`), each `ann/<image>.json` an item whose image is
 * `img/<image>` (kept by path when it is not there). See lib/read-ann.ts and lib/read-geometry.ts.
 */
import {
  DatasetError,
  type DatasetSource,
  type FileTree,
  type ReadOptions,
  readContext,
  readerSource,
  readJson,
} from '@labelport/core';
import { joinPath } from '@labelport/core/files';
import { type AnnEntry, annEntries, META_FILE, projectRoot } from './lib/layout.js';
import { parseProjectMeta } from './lib/project-meta.js';
import { type AnnEnv, annItem } from './lib/read-ann.js';
import type { ReadNotes } from './lib/read-geometry.js';
import { HOLES_CHOICES, type SuperviselyReadOptions } from './options.js';

/** What a pass could not keep as it was, said once at its end. */
function warnNotes(env: AnnEnv): void {
  const { notes, ctx } = env;
  if (notes.holedMasks > 0)
    ctx.warn(
      `${notes.holedMasks} polygon(s) with holes were read as masks (labelport's polygons have no holes)`,
    );
  if (notes.holesDropped > 0)
    ctx.warn(
      `${notes.holesDropped} hole(s) of polygons were not read: the outlines are kept (read option holes=exterior)`,
    );
  if (notes.cutPixels > 0)
    ctx.warn(`${notes.cutPixels} pixel(s) of bitmaps outside their images were cut off`);
  for (const [shape, n] of notes.skipped) {
    ctx.warn(`${n} object(s) of geometry '${shape}' were not read: labelport has no such shape`);
  }
}

const freshNotes = (): ReadNotes => ({ holesDropped: 0, holedMasks: 0, cutPixels: 0, skipped: new Map() });

/** One pass over the entries, the notes counted anew and said at its end. */
async function* pass(entries: AnnEntry[], env: AnnEnv): AsyncGenerator<AnnEntry> {
  env.notes = freshNotes();
  yield* entries;
  warnNotes(env);
}

export async function readSupervisely(
  tree: FileTree,
  options: SuperviselyReadOptions & ReadOptions = {},
): Promise<DatasetSource> {
  const ctx = readContext(options);
  const holes = options.holes ?? 'mask';
  if (!HOLES_CHOICES.includes(holes)) {
    throw new DatasetError(
      'bad-option',
      `read option 'holes': expected mask or exterior, got '${String(holes)}'`,
    );
  }
  const paths = (await tree.list()).map((f) => f.path);
  const root = projectRoot(paths);
  if (root === undefined) {
    throw new DatasetError(
      'bad-layout',
      `no Supervisely project (${META_FILE} and <dataset>/ann/<image>.json)`,
      {
        file: tree.name,
      },
    );
  }
  const metaFile = joinPath(root, META_FILE);
  const meta = parseProjectMeta(await readJson(tree, metaFile, ctx.limits), metaFile);
  const entries = annEntries(paths, root);
  const env: AnnEnv = { tree, meta, ctx, holes, notes: freshNotes(), paths: new Set(paths) };
  return readerSource(options, {
    categories: meta.categories,
    infos: meta.infos,
    entries: () => pass(entries, env),
    total: entries.length,
    where: (e) => e.file,
    make: (e) => annItem(e, env),
  });
}
