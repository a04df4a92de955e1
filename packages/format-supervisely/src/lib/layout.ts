/**
 * Where things are in a Supervisely project: `meta.json` at the project's root, one folder per dataset
 * holding `ann/<image name>.json` and `img/<image name>`, nested datasets under `<dataset>/datasets/`
 * (the SDK's layout since nested datasets came in; the writer writes a subset 'a/b' so). An annotation file is named after its image with
 * `.json` added (`a.jpg.json`); older projects dropped the image's extension (`a.json`), which the
 * SDK still reads, and so does this.
 */
import { basename, dirname, extname, joinPath, stripExtension } from '@labelport/core/files';
import { IMAGE_EXTENSIONS } from '@labelport/core/media';

export const META_FILE = 'meta.json';
const NESTED = 'datasets';

/** One annotation file: its path, its dataset folder and subset, and the image it belongs to. */
export interface AnnEntry {
  file: string;
  /** The dataset folder, relative to the tree. */
  dir: string;
  subset: string;
  /** The file's name under `ann/` without `.json` (the image's name; it may hold folders). */
  name: string;
  /** The image's path (whether or not the file is there). */
  image: string;
  id: string;
}

/** Where `path` (an annotation file under `root`) puts its `ann/` folder: the index of that segment, or -1. */
function annSegment(parts: string[]): number {
  for (let i = 1; i < parts.length - 1; i++) if (parts[i] === 'ann') return i;
  return -1;
}

/** A dataset folder's names: `a/datasets/b` (nested datasets) is [a, b]; other paths are one name. */
function datasetNames(dir: string): string[] {
  const parts = dir.split('/');
  const nested = parts.length > 1 && parts.every((p, i) => (i % 2 === 1 ? p === NESTED : p !== ''));
  return nested ? parts.filter((_, i) => i % 2 === 0) : [dir];
}

/**
 * The subsets of dataset folders: a dataset's own name (a nested one's too, as Supervisely shows it),
 * or, where two nested datasets share a name, the names from the top joined by '.' (subset names
 * are file names in most formats: no '/').
 */
export function subsetsOfDirs(dirs: Iterable<string>): Map<string, string> {
  const names = new Map([...new Set(dirs)].map((d) => [d, datasetNames(d)] as const));
  const count = new Map<string, number>();
  for (const n of names.values()) count.set(n.at(-1)!, (count.get(n.at(-1)!) ?? 0) + 1);
  return new Map([...names].map(([d, n]) => [d, count.get(n.at(-1)!)! > 1 ? n.join('.') : n.at(-1)!]));
}

/** The dataset folder of a subset (the inverse of `subsetOfDir`). */
export function dirOfSubset(subset: string): string {
  return subset.split('/').join(`/${NESTED}/`);
}

/** The project's root: the folder of the shallowest `meta.json` with annotation files under it. */
export function projectRoot(paths: readonly string[]): string | undefined {
  const metas = paths
    .filter((p) => basename(p) === META_FILE)
    .map(dirname)
    .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  return metas.find((root) => annFilesUnder(paths, root).length > 0);
}

/** The annotation files of the project at `root` (paths relative to the tree). */
export function annFilesUnder(paths: readonly string[], root: string): string[] {
  const prefix = root === '' ? '' : `${root}/`;
  return paths.filter((p) => {
    if (!p.startsWith(prefix) || !p.toLowerCase().endsWith('.json')) return false;
    return annSegment(p.slice(prefix.length).split('/')) > 0;
  });
}

/** The image an annotation file names, among the tree's files (see the file comment). */
function imageOf(dir: string, name: string, paths: ReadonlySet<string>, stems: Map<string, string>) {
  const exact = joinPath(dir, 'img', name);
  if (paths.has(exact)) return { image: exact, withExtension: true };
  const byStem = stems.get(joinPath(dir, 'img', name));
  if (byStem) return { image: byStem, withExtension: false };
  const ext = extname(name).toLowerCase();
  return { image: exact, withExtension: IMAGE_EXTENSIONS.includes(ext) };
}

/** Every annotation file of the project at `root`, with its subset, image and item id. */
export function annEntries(paths: readonly string[], root: string): AnnEntry[] {
  const all = new Set(paths);
  const stems = new Map<string, string>();
  for (const p of paths) if (p.includes('/img/') && extname(p) !== '') stems.set(stripExtension(p), p);
  const prefix = root === '' ? '' : `${root}/`;
  const files = annFilesUnder(paths, root).map((file) => {
    const parts = file.slice(prefix.length).split('/');
    return { file, parts, at: annSegment(parts) };
  });
  const subsets = subsetsOfDirs(files.map((f) => f.parts.slice(0, f.at).join('/')));
  const entries: AnnEntry[] = [];
  for (const { file, parts, at } of files) {
    const dir = joinPath(root, ...parts.slice(0, at));
    const name = parts
      .slice(at + 1)
      .join('/')
      .slice(0, -'.json'.length);
    const { image, withExtension } = imageOf(dir, name, all, stems);
    const id = withExtension ? stripExtension(name) : name;
    entries.push({ file, dir, subset: subsets.get(parts.slice(0, at).join('/'))!, name, image, id });
  }
  return uniqueIds(entries);
}

/** Items of one subset named by their images without extension, unless two images share that name. */
function uniqueIds(entries: AnnEntry[]): AnnEntry[] {
  const seen = new Map<string, number>();
  for (const e of entries)
    seen.set(`${e.subset}\u0000${e.id}`, (seen.get(`${e.subset}\u0000${e.id}`) ?? 0) + 1);
  for (const e of entries) if (seen.get(`${e.subset}\u0000${e.id}`)! > 1) e.id = e.name;
  return entries;
}
