import {
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type FileSink,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { buildZip, safeRelativePath } from '@labelport/core/files';
import { mediaExtension } from '@labelport/core/media';
import type { ImageZipWriteOptions } from './image-zip.js';

/** Datumaro's compression names (its `Compression` enum), upper-cased as it upper-cases them. */
function deflates(option: string | undefined): boolean {
  const name = (option ?? 'ZIP_STORED').toUpperCase();
  if (name === 'ZIP_STORED') return false;
  if (name === 'ZIP_DEFLATED') return true;
  if (name === 'ZIP_BZIP2' || name === 'ZIP_LZMA')
    throw new DatasetError(
      'unsupported',
      `compression '${option}': labelport writes ZIP_STORED or ZIP_DEFLATED`,
    );
  throw new DatasetError(
    'bad-option',
    `compression '${option}': expected ZIP_STORED or ZIP_DEFLATED (ZIP_BZIP2 and ZIP_LZMA are not written)`,
  );
}

/** The archive's path in the output: a safe relative path; one not ending in `.zip` is warned about. */
function archiveName(option: string | undefined, report: ReportBuilder): string {
  const name = safeRelativePath(option ?? 'default.zip', { place: 'option name' });
  if (!name.toLowerCase().endsWith('.zip'))
    report.warn(`'${name}' does not end in .zip: neither labelport nor Datumaro finds it as image_zip`);
  return name;
}

/** What an item loses in an archive of images: its annotations, its attributes, its subset. */
function countLosses(item: DatasetItem, subsets: Set<string>, report: ReportBuilder): void {
  for (const a of item.annotations)
    report.drop(a.type, 1, 'an image zip holds images only: annotations are not written');
  const attributes = Object.keys(item.attributes).length;
  if (attributes)
    report.drop(
      'item attribute',
      attributes,
      'an image zip holds images only: item attributes are not written',
    );
  subsets.add(item.subset);
}

/** Every item's image as `<id><extension>` in one archive, as Datumaro's image_zip exporter writes it. */
export async function writeImageZip(
  source: DatasetSource,
  out: FileSink,
  options: ImageZipWriteOptions & WriteOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  const compress = deflates(options.compression);
  const name = archiveName(options.name, report);
  // TODO(core): an entry-at-a-time zip writer over FileSink.open, so the archive is not built in memory
  const files: Record<string, Uint8Array> = {};
  const subsets = new Set<string>();
  for await (const item of readContext(options).iter(source.items(), source.size)) {
    report.items++;
    countLosses(item, subsets, report);
    const bytes = await item.media?.bytes?.();
    if (!bytes) {
      // an image referenced but not there is core's 'media' loss; an item with no image at all is lost whole
      if (item.media)
        report.drop('media', 1, 'images without bytes are not written (an image zip holds images only)');
      else report.drop('item', 1, 'items without an image are not written (an image zip holds images only)');
      continue;
    }
    const entry = `${item.id}${mediaExtension(item)}`;
    if (files[entry] !== undefined) {
      report.drop(
        'item',
        1,
        `'${entry}' would be written twice (the same id in two subsets); the first was kept`,
      );
      continue;
    }
    files[entry] = bytes;
  }
  if (subsets.size > 1)
    report.warn(`an image zip has no subsets: ${[...subsets].join(', ')} were written together`);
  await out.write(name, buildZip(files, { compress }));
  return report.build();
}
