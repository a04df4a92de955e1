import { defineFormat, type IoOptions } from '@labelport/core';
import { ANNOTATIONS_DIR, CLASS_DESCRIPTION_PATTERNS, MARKER_PATTERNS, matchesAny } from './lib/layout.js';
import { type OpenImagesReadOptions, readOpenImages } from './lib/read-open-images.js';
import { writeOpenImages } from './lib/write-open-images.js';
import { openImagesReadOptions } from './options.js';

/**
 * Open Images (V4-V7) in Datumaro's `open_images` layout: image-level labels (human and machine),
 * boxes (with flags, Source and XClick points), segmentation masks, point labels and visual
 * relationships, localized narratives (captions and mouse traces), the class list and hierarchy. Read as a stream, joined per ImageID.
 */
export const openImages = defineFormat<OpenImagesReadOptions, IoOptions>({
  id: 'open_images',
  title: 'Open Images',
  extensions: ['.csv'],
  options: { read: openImagesReadOptions },
  capabilities: {
    annotations: ['label', 'bbox', 'mask', 'points', 'caption', 'polyline'],
    converts: { polygon: 'mask' },
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: true,
    // boxes, points and traces are written as fractions: normalised ones need no image size
    normalized: true,
  },
  async detect(ctx) {
    // The annotation files sit in annotations/ or at the dataset root, which may be a level or two down.
    const candidates = new Map<string, string[]>();
    for (const f of ctx.files) {
      const parts = f.path.split('/');
      if (parts.length > 4) continue;
      const name = parts[parts.length - 1]!;
      const dir = parts.slice(0, -1).join('/');
      const list = candidates.get(dir) ?? [];
      list.push(name);
      candidates.set(dir, list);
    }
    let best: { confidence: number; root: string } | undefined;
    for (const [dir, names] of candidates) {
      const markers = names.filter((n) => matchesAny(n, MARKER_PATTERNS));
      if (markers.length === 0) continue;
      const inAnnDir = dir === ANNOTATIONS_DIR || dir.endsWith(`/${ANNOTATIONS_DIR}`);
      const root = inAnnDir ? dir.slice(0, -ANNOTATIONS_DIR.length).replace(/\/$/, '') : dir;
      const head = await ctx.readHead(dir ? `${dir}/${markers[0]}` : markers[0]!, 512);
      if (!/^(ImageI[Dd]|MaskPath)\s*,/.test(head)) continue;
      const hasClasses = names.some((n) => matchesAny(n, CLASS_DESCRIPTION_PATTERNS));
      const confidence = hasClasses ? 1 : 0.5;
      if (
        !best ||
        confidence > best.confidence ||
        (confidence === best.confidence && root.length < best.root.length)
      ) {
        best = { confidence, root };
      }
    }
    return (
      best ??
      ctx.reject(
        'no Open Images CSV (image_ids_and_rotation.csv, *-annotations-bbox.csv, ...) with an ImageID header',
      )
    );
  },
  read: (tree, options) => readOpenImages(tree, options),
  write: (source, sink, options) => writeOpenImages(source, sink, options),
});
