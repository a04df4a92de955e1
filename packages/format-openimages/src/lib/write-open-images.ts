import {
  type Annotation,
  DatasetError,
  type DatasetSource,
  type FileSink,
  type FileWriter,
  type IoOptions,
  itemIdClaims,
  ReportBuilder,
  readContext,
  type WriteReport,
} from '@labelport/core';
import { csvRow, joinPath } from '@labelport/core/files';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { shellQuote } from '@labelport/core/meta';
import { buildHierarchy } from './hierarchy.js';
import {
  ANNOTATIONS_DIR,
  HIERARCHY_FILE,
  IMAGE_META_FILE,
  IMAGES_DIR,
  isBadPathComponent,
} from './layout.js';
import { LazyCsv } from './lazy-csv.js';
import { writeItemAnnotations } from './write-rows.js';

const IMAGE_LIST_HEADER = [
  'ImageID',
  'Subset',
  'OriginalURL',
  'OriginalLandingURL',
  'License',
  'AuthorProfileURL',
  'Author',
  'Title',
  'OriginalSize',
  'OriginalMD5',
  'Thumbnail300KURL',
  'Rotation',
];
/**
 * Writes Datumaro's Open Images layout: `annotations/class-descriptions.csv` (no header, name twice),
 * the hierarchy JSON, per subset `<subset>-images-with-rotation.csv` and the annotation CSVs that have
 * rows, mask PNGs in `masks/<subset>/`, `images.meta` for the sizes, images with saveMedia. Streams:
 * holds one item at a time.
 */
export async function writeOpenImages(
  source: DatasetSource,
  sink: FileSink,
  options: IoOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  const labels = source.categories.labels;
  const ann = (name: string) => joinPath(ANNOTATIONS_DIR, name);

  let classes = '';
  for (const l of labels) classes += csvRow([l.name, l.name]);
  await sink.write(ann('class-descriptions.csv'), classes);
  await sink.write(
    ann(HIERARCHY_FILE),
    `${JSON.stringify(buildHierarchy(withoutCycles(labels)), null, 4)}\n`,
  );

  const csvs = new Map<string, LazyCsv>();
  const csv = (name: string, header: string[] | undefined) => {
    let c = csvs.get(name);
    if (!c) {
      c = new LazyCsv(sink, ann(name), header);
      csvs.set(name, c);
    }
    return c;
  };
  let meta: FileWriter | undefined;
  let done = 0;
  const labelName = (a: Annotation) => (a.label === undefined ? undefined : labels[a.label]?.name);

  const claim = itemIdClaims('Open Images');
  for await (const item of source.items()) {
    readContext(options).check();
    if (!claim(item, report)) continue;
    const subset = item.subset;
    if (isBadPathComponent(subset)) {
      throw new DatasetError(
        'bad-value',
        `item '${item.id}' has a subset name '${subset}' that cannot be a folder name`,
      );
    }
    report.items++;
    const rotation = item.attributes.rotation;
    await csv(`${subset}-images-with-rotation.csv`, IMAGE_LIST_HEADER).row([
      item.id,
      subset,
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      typeof rotation === 'number' ? rotation : undefined,
    ]);
    const otherItemAttrs = Object.keys(item.attributes).filter(
      (k) => k !== 'rotation' || typeof rotation !== 'number',
    ).length;
    report.drop('item attribute', otherItemAttrs);

    const width = item.media?.width;
    const height = item.media?.height;
    const size = width && height ? { width, height } : undefined;
    if (size) {
      meta ??= await sink.open(ann(IMAGE_META_FILE));
      await meta.write(`${shellQuote(item.id)} ${size.height} ${size.width}\n`);
    }
    if (options.saveMedia)
      await saveMedia(
        item,
        sink,
        joinPath(IMAGES_DIR, subset, `${item.id}${mediaExtension(item, '.jpg')}`),
        report,
      );
    const { limits } = readContext(options);
    await writeItemAnnotations(item, subset, size, { csv, sink, report, labelName, limits });
    options.onProgress?.(++done);
  }
  for (const c of csvs.values()) await c.close();
  await meta?.close();
  return report.build();
}

/** Labels whose parent chain loops are written without the parent that closes the loop. */
function withoutCycles<T extends { name: string; parent?: string }>(labels: T[]): T[] {
  const parentOf = new Map(labels.map((l) => [l.name, l.parent]));
  return labels.map((l) => {
    const seen = new Set([l.name]);
    let p = l.parent;
    while (p) {
      if (seen.has(p)) return { ...l, parent: undefined };
      seen.add(p);
      p = parentOf.get(p);
    }
    return l;
  });
}
