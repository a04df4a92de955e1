import { basename } from '../files/paths.js';
import type { FileSink } from '../files/tree.js';
import type { DatasetItem } from '../model.js';
import type { ReportBuilder } from '../report.js';

/**
 * The extension of an item's image file, with its dot: the one of its media path, else `fallback`
 * (the format's usual one). The case is kept as the source wrote it (`IMG_1.JPG` stays `.JPG`).
 */
export function mediaExtension(item: Pick<DatasetItem, 'media'>, fallback = '.jpg'): string {
  const name = basename(item.media?.path ?? '');
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot) : fallback;
}

/**
 * The one way a writer saves an item's image (the `saveMedia` write option): its bytes written to
 * `path` in the sink. An item whose image is referenced but has no bytes (a path without the file)
 * counts one 'media' loss in the report; an item without media counts nothing. Returns whether a
 * file was written. Writers call it only when `options.saveMedia` is set.
 */
export async function saveMedia(
  item: Pick<DatasetItem, 'media'>,
  sink: Pick<FileSink, 'write'>,
  path: string,
  report: Pick<ReportBuilder, 'drop'>,
): Promise<boolean> {
  const media = item.media;
  if (!media) return false;
  const bytes = await media.bytes?.();
  if (!bytes) {
    report.drop('media');
    return false;
  }
  await sink.write(path, bytes);
  return true;
}
