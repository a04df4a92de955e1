/**
 * Labelbox data rows and labelport items: the item id from the row's global key (else its external id,
 * else its Labelbox id), an image extension taken off; the image from `row_data`, a URL Labelbox serves
 * (never fetched: a file of the tree at one of its tails gives the bytes) or a path.
 * TODO(core): one image-reference helper (URL / cloud URI / relative path -> tree candidates); VIA and
 * Label Studio keep their own.
 */
import { basename, extname, joinPath, safeRelativePath, stripExtension } from '@labelport/core/files';
import { IMAGE_EXTENSIONS } from '@labelport/core/media';

/** A URL or URI with a scheme (`https:`, `gs:`), not a Windows drive letter. */
const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]+:/;

export const isVerbatim = (ref: string): boolean => SCHEME.test(ref) || ref.startsWith('/');

function relative(p: string): string | undefined {
  try {
    const r = safeRelativePath(p);
    return r === '' ? undefined : r;
  } catch {
    return undefined;
  }
}

function decoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A URL's path part, decoded: `https://host/a/b.jpg?x` -> `a/b.jpg`. */
const urlPath = (ref: string): string =>
  decoded(
    ref
      .replace(/[?#].*$/, '')
      .replace(SCHEME, '')
      .replace(/^\/\/[^/]*/, ''),
  );

const withoutImageExtension = (p: string): string =>
  IMAGE_EXTENSIONS.includes(extname(p)) ? stripExtension(p) : p;

/** The item id a data row key gives: a relative path or a URL's file name, image extension off. */
export function idOfKey(key: string): string {
  const rel = isVerbatim(key) ? undefined : relative(key);
  if (rel !== undefined) return withoutImageExtension(rel);
  return withoutImageExtension(basename(urlPath(key))) || 'image';
}

/** The extension of an image reference ('.jpg' when it has none, as a writer names the file). */
export function extensionOf(ref: string | undefined): string {
  const name = basename(ref === undefined ? '' : isVerbatim(ref) ? urlPath(ref) : ref);
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot) : '.jpg';
}

/** The global key a writer gives an item that came with none: its id and its image's extension. */
export const defaultGlobalKey = (id: string, mediaPath: string | undefined): string =>
  `${id}${extensionOf(mediaPath)}`;

/** Paths of the tree an image reference may be at, most likely first (`dir`: the export's folder). */
export function imageCandidates(ref: string, dir: string): string[] {
  const rel = isVerbatim(ref) ? undefined : relative(ref);
  const path = rel ?? urlPath(ref);
  const parts = path.split('/').filter((p) => p !== '');
  const tails = parts.map((_, i) => parts.slice(i).join('/')).filter((t) => relative(t) !== undefined);
  return [...new Set([...tails.map((t) => joinPath(dir, t)), ...tails])];
}

/** The first candidate the tree has. */
export function findInTree(candidates: string[], files: ReadonlySet<string>): string | undefined {
  for (const c of candidates) if (files.has(c)) return c;
  return undefined;
}
