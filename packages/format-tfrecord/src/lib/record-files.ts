import { DatasetError, type FileTree } from '@labelport/core';
import { basename, dirname, joinPath } from '@labelport/core/files';
import { gunzipSync, unzlibSync } from 'fflate';
import { isTfRecordHeader } from './tfrecord-framing.js';

export const LABEL_MAP_FILE = 'label_map.pbtxt';
export const ANNOTATIONS_DIR = 'annotations';
export const IMAGES_DIR = 'images';

/** `train.tfrecord`, `train.tfrecords`, `train.tfrecord.gz`, `train.record-00000-of-00004`: the stem is the subset. */
const RECORD_FILE = /^(.+?)\.(?:tfrecords?|records?)(?:-\d+-of-\d+)?(?:\.gz)?$/;

/** A record file and the subset its name gives. */
export interface RecordFile {
  path: string;
  subset: string;
}

/**
 * The record files of a listing (relative to the dataset root) and their subsets: the file's stem;
 * but when several folders at the top each hold one record file (or the shards of one), as in
 * Roboflow's export (`train/<project>.tfrecord`, `valid/<project>.tfrecord`, each beside its label
 * map), the folder's name, as Datumaro's `roboflow_tfrecord` names them.
 */
export function recordFiles(paths: string[]): RecordFile[] {
  const out: RecordFile[] = [];
  const stemsByDir = new Map<string, Set<string>>();
  for (const path of paths) {
    const m = RECORD_FILE.exec(basename(path));
    if (!m) continue;
    out.push({ path, subset: m[1]! });
    const dir = dirname(path);
    const stems = stemsByDir.get(dir) ?? new Set<string>();
    stems.add(m[1]!);
    stemsByDir.set(dir, stems);
  }
  const splitFolders =
    stemsByDir.size > 1 &&
    [...stemsByDir].every(
      ([d, stems]) => d !== '' && !d.includes('/') && d !== ANNOTATIONS_DIR && stems.size === 1,
    );
  if (splitFolders) for (const r of out) r.subset = dirname(r.path);
  return out;
}

/** The folder the dataset starts in: the common parent of the record files (above `annotations/`). */
export function datasetRoot(paths: string[]): string {
  const dirs = paths.map((p) => {
    const d = dirname(p);
    return basename(d) === ANNOTATIONS_DIR ? dirname(d) : d;
  });
  let common = dirs[0]!.split('/');
  for (const d of dirs.slice(1)) {
    const parts = d.split('/');
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.join('/');
}

/** Where the images of a record file are: `images/` beside an `annotations/` folder, else beside the file. */
export function imagesDirOf(record: RecordFile, paths: string[]): string {
  const dir = dirname(record.path);
  if (basename(dir) !== ANNOTATIONS_DIR) return dir;
  const images = joinPath(dirname(dir), IMAGES_DIR);
  return paths.some((p) => p.startsWith(`${images}/`)) ? images : dir;
}

/** The chunks of a record file, un-gzipped (or un-zlibbed) when the whole file is compressed. */
export async function* recordChunks(tree: FileTree, path: string): AsyncIterable<Uint8Array> {
  const head = await tree.readRange(path, 0, 12);
  const gz = head[0] === 0x1f && head[1] === 0x8b;
  const zlib = !gz && !isTfRecordHeader(head) && head[0] === 0x78 && ((head[0]! << 8) | head[1]!) % 31 === 0;
  if (!gz && !zlib) {
    yield* tree.stream(path);
    return;
  }
  const compressed = await tree.read(path);
  let bytes: Uint8Array;
  try {
    bytes = gz ? gunzipSync(compressed) : unzlibSync(compressed);
  } catch (e) {
    // fflate's errors say what is wrong with the bytes (its only failure: bad compressed data)
    throw new DatasetError('bad-zip', `cannot decompress (${e instanceof Error ? e.message : String(e)})`, {
      file: path,
    });
  }
  yield bytes;
}

/** The label map in a folder: `label_map.pbtxt`, else a `*label_map*.pbtxt`, else a lone `.pbtxt`. */
function labelMapIn(paths: Set<string>, dir: string): string | undefined {
  const inDir = [...paths].filter((p) => dirname(p) === dir && p.endsWith('.pbtxt'));
  return (
    inDir.find((p) => basename(p) === LABEL_MAP_FILE) ??
    inDir.find((p) => basename(p).includes('label_map')) ??
    (inDir.length === 1 ? inDir[0] : undefined)
  );
}

/** The label maps of the record files (beside each, or above its `annotations/`), else one at the root. */
export function labelMapFiles(paths: Set<string>, records: RecordFile[]): string[] {
  const found = new Set<string>();
  for (const r of records) {
    const dir = dirname(r.path);
    const map =
      labelMapIn(paths, dir) ??
      (basename(dir) === ANNOTATIONS_DIR ? labelMapIn(paths, dirname(dir)) : undefined);
    if (map) found.add(map);
  }
  if (found.size === 0) {
    const rootMap = labelMapIn(paths, '');
    if (rootMap) found.add(rootMap);
  }
  return [...found].sort();
}
