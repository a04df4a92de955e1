/**
 * `images.meta` (Datumaro's side file for image sizes, at the dataset root), read and written with
 * core's `parseImagesMeta`/`formatImagesMeta`. What YOLO adds: the file is optional (read from the
 * tree when there), a line is keyed by item id or, when subsets share the id, by image path (tried
 * first); normalised YOLO coordinates need the sizes: they come from here, else from the image's
 * header (never decoding it); a missing size is an error naming the label file and the image.
 */
import { DatasetError, type FileTree, readText } from '@labelport/core';
import { readImageSize } from '@labelport/core/media';
import { formatImagesMeta, IMAGES_META_FILE, parseImagesMeta } from '@labelport/core/meta';
import type { ImageSize } from './label-file.js';

/** The sizes of `images.meta` by name; empty when the dataset has none. */
export async function readImageMeta(
  tree: FileTree,
  file = IMAGES_META_FILE,
): Promise<Map<string, ImageSize>> {
  if (!(await tree.exists(file))) return new Map();
  return parseImagesMeta(await readText(tree, file), file);
}

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
  return formatImagesMeta(entries.map((e) => ({ name: count.get(e.id) === 1 ? e.id : e.image, ...e.size })));
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
      `cannot read the size of '${imagePath}' from its header (add it to ${IMAGES_META_FILE})`,
      { file: labelFile },
    );
  }
  // neither the image nor images.meta: the coordinates stay fractions (normalized annotations)
  return undefined;
}
