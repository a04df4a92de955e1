import {
  DatasetError,
  type DatasetItem,
  type DetectContext,
  type FileTree,
  type Media,
} from '@labelport/core';
import { basename, dirname, extname, stripExtension } from '@labelport/core/files';
import { IMAGE_EXTENSIONS, readImageSize } from '@labelport/core/media';
import { parseJsonLine } from './ade-json.js';

export const META_FILE = 'dataset_meta.json';
export const SEG_SUFFIX = '_seg.png';
export const DEFAULT_IMAGE_EXT = '.jpg';

export const isImage = (p: string) => IMAGE_EXTENSIONS.includes(extname(p));

/** Names that are masks, not images: `x_seg`, `x_parts_N` and (2020) `instance_*`. */
export function isMaskName(stem: string, version: 2017 | 2020): boolean {
  return (
    /^.+_seg$/.test(stem) || /^.+_parts_\d+$/.test(stem) || (version === 2020 && /^instance_.+$/.test(stem))
  );
}

/** The level file of an image (path without extension): `_seg.png` for level 0, `_parts_N.png` for N. */
export const levelFile = (stem: string, level: number) =>
  level === 0 ? `${stem}${SEG_SUFFIX}` : `${stem}_parts_${level}.png`;

export interface AdeImage {
  subset: string;
  /** Path below the subset folder, without extension. */
  id: string;
  /** The image, relative to the dataset root. */
  path: string;
}

/** Images of every subset (top-level folder), masks left out, sorted as Datumaro sorts them. */
export function findAdeImages(paths: string[], version: 2017 | 2020): AdeImage[] {
  const out: AdeImage[] = [];
  for (const p of paths) {
    const slash = p.indexOf('/');
    if (slash < 0 || !isImage(p)) continue;
    const id = stripExtension(p.slice(slash + 1));
    if (isMaskName(basename(id), version)) continue;
    out.push({ subset: p.slice(0, slash), id, path: p });
  }
  return out.sort((a, b) =>
    a.subset !== b.subset ? (a.subset < b.subset ? -1 : 1) : a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
  );
}

/** Label names of a dataset_meta.json: `labels`, then `label_map` values (Datumaro's meta file). */
export async function readMetaLabels(tree: FileTree): Promise<string[] | undefined> {
  if (!(await tree.exists(META_FILE))) return undefined;
  const meta = parseJsonLine(decodeAdeText(await tree.read(META_FILE)), META_FILE);
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
    throw new DatasetError('bad-json', 'expected an object', { file: META_FILE });
  }
  const m = meta as { labels?: unknown; label_map?: unknown };
  const names: string[] = [];
  if (Array.isArray(m.labels)) names.push(...m.labels.map(String));
  if (m.label_map && typeof m.label_map === 'object')
    names.push(...Object.values(m.label_map as Record<string, unknown>).map(String));
  return [...new Set(names)];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/** UTF-8, or Latin-1 when the bytes are not UTF-8 (ADE20K's files are read as Latin-1 by Datumaro). */
export function decodeAdeText(bytes: Uint8Array): string {
  let s: string;
  try {
    s = utf8.decode(bytes);
  } catch {
    s = latin1.decode(bytes);
  }
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/**
 * Where an ADE20K dataset starts, given one of its annotation files: the folder with dataset_meta.json
 * above it, else the folder holding `training` / `validation`, else the folder above its subset.
 */
export function adeRootOf(ctx: DetectContext, annotation: string): string {
  const parts = annotation.split('/');
  for (let i = parts.length - 2; i >= 1; i--) {
    const dir = parts.slice(0, i).join('/');
    if (ctx.has(`${dir}/${META_FILE}`)) return dir;
  }
  const subset = parts.findIndex((p, i) => i < parts.length - 1 && /^(training|validation)$/i.test(p));
  if (subset >= 0) return parts.slice(0, subset).join('/');
  return '';
}

/** Whether an image with this stem (path without extension) is in the listing. */
export function hasImage(ctx: DetectContext, stem: string): boolean {
  return IMAGE_EXTENSIONS.some((e) => ctx.has(`${stem}${e}`) || ctx.has(`${stem}${e.toUpperCase()}`));
}

export const pathDepth = (p: string) => p.split('/').length;
export { dirname };

/** The item with its image's size read from the image's header, when the image is there. */
export async function withImageSize(tree: FileTree, item: DatasetItem): Promise<DatasetItem> {
  const m = item.media as Media;
  if (m.path && m.width === undefined) {
    const size = await readImageSize(tree, m.path);
    if (size) {
      m.width = size.width;
      m.height = size.height;
    }
  }
  return item;
}
