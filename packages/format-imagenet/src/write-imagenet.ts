import {
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  DEFAULT_SUBSET,
  type FileSink,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { IMAGE_EXTENSIONS, mediaExtension } from '@labelport/core/media';
import type { ImagenetWriteOptions } from './imagenet.js';
import { ID_SEPARATOR, NO_LABEL_DIR, SUBSET_DIR_NAMES } from './lib/image-folders.js';

/** The file name an item gets: the id without its `label:` part, as Datumaro writes it. */
function imageName(item: DatasetItem): string {
  const parts = item.id.split(ID_SEPARATOR);
  const name = parts.length === 1 ? item.id : parts.slice(1).join('_');
  const ext = mediaExtension(item, '.jpg');
  return `${name.replace(/\//g, '_')}${IMAGE_EXTENSIONS.includes(ext.toLowerCase()) ? ext : '.jpg'}`;
}

/**
 * Whether subsets become folders (`subsetDirs` as given, else the format's own layout), and the
 * warnings the choice needs.
 */
async function subsetFolders(
  source: DatasetSource,
  subsetDirs: boolean,
  formatId: string,
  report: ReportBuilder,
) {
  const subsets = new Set<string>();
  for await (const item of source.items()) subsets.add(item.subset);
  const list = [...subsets].join(', ');
  if (subsetDirs && ![...subsets].some((s) => SUBSET_DIR_NAMES.includes(s))) {
    // labelport reads them back (no image lies at label/image); Datumaro only when told the format.
    report.warn(
      subsets.size === 1
        ? `subset folder ${list}: not train, val or test, so detection takes it for a folder around the dataset (read it as imagenet_with_subset_dirs to keep the subset)`
        : `subset folders ${list}: none is train, val or test, so Datumaro finds them only as imagenet_with_subset_dirs`,
    );
  }
  if (!subsetDirs && (subsets.size > 1 || (subsets.size === 1 && !subsets.has(DEFAULT_SUBSET)))) {
    report.warn(
      `${formatId} writes every subset into one folder, as Datumaro's imagenet does: subsets ${list} were written together (imagenet_with_subset_dirs, or the subsetDirs option, keeps them)`,
    );
  }
  return subsetDirs;
}

/** The names of the item's labels; what is not a known label is counted. */
function labelNamesOf(
  item: DatasetItem,
  labels: DatasetSource['categories']['labels'],
  report: ReportBuilder,
) {
  const names = new Set<string>();
  for (const a of item.annotations) {
    if (a.type !== 'label') report.drop(a.type);
    else if (a.label === undefined || !labels[a.label])
      report.drop('label', 1, `item '${item.id}': a label annotation without a known label was dropped`);
    else names.add(labels[a.label]!.name);
    report.drop('attribute', Object.keys(a.attributes).length);
  }
  report.drop('item attribute', Object.keys(item.attributes).length);
  return names;
}

/**
 * Writes `[subset/]label/image`: subset folders for `imagenet_with_subset_dirs` (`layout.subsetDirs`),
 * one folder for `imagenet`, unless the `subsetDirs` option says otherwise.
 */
export async function writeImagenet(
  source: DatasetSource,
  out: FileSink,
  options: ImagenetWriteOptions & WriteOptions = {},
  layout: { id: string; subsetDirs: boolean } = { id: 'imagenet', subsetDirs: false },
): Promise<WriteReport> {
  const ctx = readContext(options);
  const report = new ReportBuilder();
  const subsetDirs = await subsetFolders(source, options.subsetDirs ?? layout.subsetDirs, layout.id, report);
  const labels = source.categories.labels;
  const written = new Set<string>();
  const usedLabels = new Set<string>();
  for await (const item of ctx.iter(source.items(), source.size)) {
    report.items++;
    const labelNames = labelNamesOf(item, labels, report);
    if (labelNames.size > 1) {
      report.warn(
        'an image with several labels is written once per label folder and reads back as one item per label',
      );
    }
    // The labels are the folders the images are in: as Datumaro's exporter, the images are written
    // whether or not saveMedia is set. An item without image bytes cannot be written.
    const bytes = await item.media?.bytes?.();
    if (!bytes) {
      report.drop(
        'item',
        1,
        'items without image bytes are not written (an ImageNet label is an image in a folder)',
      );
      report.drop('label', labelNames.size);
      continue;
    }
    const name = imageName(item);
    for (const dir of labelNames.size > 0 ? labelNames : [NO_LABEL_DIR]) {
      const path = [subsetDirs ? item.subset : '', dir, name].filter((p) => p !== '').join('/');
      if (written.has(path)) {
        report.warn(`'${path}' would be written twice; only the first item was kept`);
        if (dir !== NO_LABEL_DIR) report.drop('label');
        continue;
      }
      written.add(path);
      usedLabels.add(dir);
      await out.write(path, bytes);
    }
  }
  if (written.size === 0 && report.items > 0) {
    // Datumaro's importer, as ours, finds no dataset in a tree without images.
    throw new DatasetError(
      'unsupported',
      'ImageNet keeps labels only as images in label folders, and no item has image bytes to write',
    );
  }
  const unused = labels.filter((l) => !usedLabels.has(l.name)).map((l) => l.name);
  if (unused.length > 0) {
    report.warn(`labels with no image are not kept (a label is a folder of images): ${unused.join(', ')}`);
  }
  return report.build();
}
