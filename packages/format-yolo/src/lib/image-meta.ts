/**
 * `images.meta` (Datumaro's side file for image sizes, at the dataset root): one image a line,
 * `<image name> <height> <width>`, shell-like quoting and `#` comments; extra fields are ignored.
 * The name is the item id (Datumaro) or the image path (tried first). Normalised YOLO coordinates need the sizes: they come
 * from here, else from the image's header (never decoding it); a missing size is an error naming
 * the label file and the image.
 */
import { DatasetError, type FileTree, readText } from '@labelport/core';
import { splitLines } from '@labelport/core/files';
import { readImageSize } from '@labelport/core/media';
import type { ImageSize } from './label-file.js';

export const IMAGE_META_FILE = 'images.meta';

/** Splits a line as Python's shlex.split(line, comments=True) does, for the cases this file uses. */
export function shellSplit(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inToken = false;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inToken = true;
    } else if (c === '#' && !inToken) break;
    else if (/\s/.test(c)) {
      if (inToken) out.push(cur);
      cur = '';
      inToken = false;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inToken = true;
    } else {
      cur += c;
      inToken = true;
    }
  }
  if (quote) throw new RangeError('unclosed quote');
  if (inToken) out.push(cur);
  return out;
}

export async function readImageMeta(tree: FileTree, file = IMAGE_META_FILE): Promise<Map<string, ImageSize>> {
  const sizes = new Map<string, ImageSize>();
  if (!(await tree.exists(file))) return sizes;
  splitLines(await readText(tree, file)).forEach((line, i) => {
    let f: string[];
    try {
      f = shellSplit(line);
    } catch {
      throw new DatasetError('bad-line', 'unclosed quote', { file, place: `line ${i + 1}` });
    }
    if (f.length === 0) return;
    if (f.length < 3)
      throw new DatasetError('bad-line', "expected '<image name> <height> <width>'", {
        file,
        place: `line ${i + 1}`,
      });
    const height = Number(f[1]);
    const width = Number(f[2]);
    if (!Number.isInteger(height) || !Number.isInteger(width) || height <= 0 || width <= 0) {
      throw new DatasetError(
        'bad-line',
        `the size must be two positive whole numbers, got '${f[1]} ${f[2]}'`,
        { file, place: `line ${i + 1}` },
      );
    }
    sizes.set(f[0], { width, height });
  });
  return sizes;
}

const quoteName = (s: string) => (/[\s"'#\\]/.test(s) ? `"${s.replace(/(["\\])/g, '\\$1')}"` : s);

export interface SizeEntry {
  id: string;
  /** The image's path in the written dataset. */
  image: string;
  size: ImageSize;
}

/**
 * images.meta lines keyed by item id, as Datumaro reads them; an id that several subsets share is
 * keyed by the image path instead (which our reader tries first).
 */
export function formatImageMeta(entries: SizeEntry[]): string {
  const count = new Map<string, number>();
  for (const e of entries) count.set(e.id, (count.get(e.id) ?? 0) + 1);
  return entries
    .map((e) => `${quoteName(count.get(e.id) === 1 ? e.id : e.image)} ${e.size.height} ${e.size.width}\n`)
    .join('');
}

/**
 * The size of an item's image: images.meta (by id, then by image path), then the image header;
 * undefined when neither is there (an image that is there must have a readable header).
 */
export async function resolveImageSize(
  tree: FileTree,
  meta: Map<string, ImageSize>,
  itemId: string,
  imagePath: string | undefined,
  labelFile: string,
): Promise<ImageSize | undefined> {
  const known = (imagePath ? meta.get(imagePath) : undefined) ?? meta.get(itemId);
  if (known) return known;
  if (imagePath && (await tree.exists(imagePath))) {
    const info = await readImageSize(tree, imagePath).catch(() => undefined);
    if (info) return { width: info.width, height: info.height };
    throw new DatasetError(
      'not-found',
      `cannot read the size of '${imagePath}' from its header (add it to ${IMAGE_META_FILE})`,
      { file: labelFile },
    );
  }
  // neither the image nor images.meta: the coordinates stay fractions (normalized annotations)
  return undefined;
}
