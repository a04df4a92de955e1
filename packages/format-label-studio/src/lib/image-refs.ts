/**
 * Image references in task data, as Label Studio serves them: local files (`/data/local-files/?d=dir/a.jpg`,
 * relative to LOCAL_FILES_DOCUMENT_ROOT), uploads (`/data/upload/<project>/<file>`), URLs, cloud storage
 * URIs (`s3://`, `gs://`, `azure-blob://`) and plain relative paths. Nothing is ever fetched: a reference
 * is kept as the item's media path (local files as their relative path, the others as written), and
 * its bytes are those of a file of the tree at that path or at its longest matching tail.
 */
import { basename, safeRelativePath, stripExtension } from '@labelport/core/files';

/** `?d=` of a local-files URL (with or without the host), still encoded. */
const LOCAL_FILES = /\/data\/local-files\/?\?(?:[^#]*&)?d=([^&#]*)/;
/** A URL or URI with a scheme (`https:`, `s3:`, `gs:`, `azure-blob:`), not a Windows drive letter. */
const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]+:/;

/** Query-string decoding as Django does it (`+` is a space); malformed escapes stay as written. */
function decodeQuery(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

function decodePath(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export interface ImageRef {
  /** The item's media path: a local file's path relative to the document root, else the reference. */
  path: string;
  /** Paths of the tree the image may be at, longest first. */
  candidates: string[];
  /** The item id the reference gives: the relative path or the file name, without extension. */
  id: string;
}

/** The relative path, or undefined when it leaves the root or is absolute. */
function relative(p: string): string | undefined {
  try {
    const r = safeRelativePath(p);
    return r === '' ? undefined : r;
  } catch {
    return undefined;
  }
}

/** `a/b/c.jpg`, `b/c.jpg`, `c.jpg`. */
function tails(path: string): string[] {
  const parts = path.split('/').filter((p) => p !== '');
  return parts.map((_, i) => parts.slice(i).join('/'));
}

/** What a task's image reference points to. */
export function parseImageRef(ref: string): ImageRef {
  const local = LOCAL_FILES.exec(ref);
  if (local) {
    const rel = relative(decodeQuery(local[1]!));
    if (rel !== undefined) return { path: rel, candidates: tails(rel), id: stripExtension(rel) };
  }
  if (!SCHEME.test(ref) && !ref.startsWith('/')) {
    const rel = relative(ref);
    if (rel !== undefined) return { path: rel, candidates: tails(rel), id: stripExtension(rel) };
  }
  // A URL, a cloud URI, an upload or another absolute path: the file name is the id.
  const withoutQuery = ref
    .replace(/[?#].*$/, '')
    .replace(SCHEME, '')
    .replace(/^\/\/[^/]*/, '');
  const path = decodePath(withoutQuery);
  const name = stripExtension(basename(path));
  const candidates = tails(path)
    .map(relative)
    .filter((p): p is string => p !== undefined);
  return { path: ref, candidates, id: name };
}

/** The first candidate the tree has. */
export function findInTree(candidates: string[], files: ReadonlySet<string>): string | undefined {
  for (const c of candidates) if (files.has(c)) return c;
  return undefined;
}

/** Whether a media path is written as it is (a URL, a cloud URI, a Label Studio /data/ path). */
export function isVerbatimRef(path: string): boolean {
  return SCHEME.test(path) || path.startsWith('/');
}

/** A relative path under `root` (a local-files prefix or a URL), each segment percent-encoded. */
export function imageRefOf(path: string, root: string): string {
  if (isVerbatimRef(path)) return path;
  const encoded = path
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
  if (root === '' || root.endsWith('=') || root.endsWith('/')) return `${root}${encoded}`;
  return `${root}/${encoded}`;
}
