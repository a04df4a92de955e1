/**
 * VIA's `filename`: a path relative to the project's images (a file added from disk), an absolute path
 * or a URL (a file added by path or URL, `size` -1). Nothing is fetched: a relative name is looked for
 * beside the annotation file, a URL or absolute path by its tails in the tree; where the image is not
 * in the tree the item keeps the name as its media path.
 * TODO(core): one image-reference helper (URL / absolute / relative name -> tree candidates); Labelbox
 * and Label Studio keep their own.
 */
import { basename, joinPath, safeRelativePath, stripExtension } from '@labelport/core/files';

/** A URL or URI with a scheme (`https:`, `s3:`), not a Windows drive letter. */
const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]+:/;

/** Whether a name is written as it is: a URL, a URI or an absolute path. */
export function isVerbatimName(name: string): boolean {
  return SCHEME.test(name) || name.startsWith('/') || name.startsWith('\\');
}

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

function decoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export interface ImageRef {
  /** The item's media path when the image is not in the tree. */
  path: string;
  /** Paths of the tree the image may be at, most likely first. */
  candidates: string[];
  /** The item id the name gives: the relative path, or the URL's file name, without extension. */
  id: string;
}

/** Where the image a VIA `filename` names may be, for an annotation file in folder `dir`. */
export function imageRef(name: string, dir: string): ImageRef {
  const rel = isVerbatimName(name) ? undefined : relative(name);
  if (rel !== undefined) {
    const candidates = [...new Set([joinPath(dir, rel), ...tails(rel).map((t) => joinPath(dir, t)), rel])];
    return { path: joinPath(dir, rel), candidates, id: stripExtension(rel) };
  }
  const bare = decoded(
    name
      .replace(/[?#].*$/, '')
      .replace(SCHEME, '')
      .replace(/^\/\/[^/]*/, '')
      .replace(/\\/g, '/'),
  );
  const found = tails(bare)
    .map(relative)
    .filter((p): p is string => p !== undefined);
  const candidates = [...new Set([...found.map((t) => joinPath(dir, t)), ...found])];
  return { path: name, candidates, id: stripExtension(basename(bare)) || 'image' };
}

/** The first candidate the tree has. */
export function findInTree(candidates: string[], files: ReadonlySet<string>): string | undefined {
  for (const c of candidates) if (files.has(c)) return c;
  return undefined;
}
