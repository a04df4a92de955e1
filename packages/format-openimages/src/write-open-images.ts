import {
  type Annotation,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type FileSink,
  type FileWriter,
  itemIdClaims,
  type LabelCategory,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { csvRow, joinPath } from '@labelport/core/files';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { shellQuote } from '@labelport/core/meta';
import { buildHierarchy } from './lib/hierarchy.js';
import {
  ANNOTATIONS_DIR,
  HIERARCHY_FILE,
  IMAGE_META_FILE,
  IMAGES_DIR,
  isBadPathComponent,
} from './lib/layout.js';
import { LazyCsv } from './lib/lazy-csv.js';
import { type ItemWriteContext, writeItemAnnotations } from './lib/write-rows.js';

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

/** The image list's columns between Subset and Rotation, written empty. */
const BLANK_COLUMNS = IMAGE_LIST_HEADER.slice(2, -1).map(() => '');

const ann = (name: string) => joinPath(ANNOTATIONS_DIR, name);

/** The class list (no header, the name twice) and the hierarchy JSON. */
async function writeClasses(sink: FileSink, labels: LabelCategory[]): Promise<void> {
  let classes = '';
  for (const l of labels) classes += csvRow([l.name, l.name]);
  await sink.write(ann('class-descriptions.csv'), classes);
  await sink.write(
    ann(HIERARCHY_FILE),
    `${JSON.stringify(buildHierarchy(withoutCycles(labels)), null, 4)}\n`,
  );
}

/** The CSVs of the output, each opened when its first row comes. */
function csvFiles(sink: FileSink) {
  const csvs = new Map<string, LazyCsv>();
  const csv = (name: string, header: string[] | undefined) => {
    let c = csvs.get(name);
    if (!c) {
      c = new LazyCsv(sink, ann(name), header);
      csvs.set(name, c);
    }
    return c;
  };
  return { csvs, csv };
}

/** The item's row of its subset's image list (its rotation kept); other item attributes are counted. */
async function writeImageRow(item: DatasetItem, csv: ItemWriteContext['csv'], report: ReportBuilder) {
  const rotation = item.attributes.rotation;
  await csv(`${item.subset}-images-with-rotation.csv`, IMAGE_LIST_HEADER).row([
    item.id,
    item.subset,
    ...BLANK_COLUMNS,
    typeof rotation === 'number' ? rotation : undefined,
  ]);
  const others = Object.keys(item.attributes).filter((k) => k !== 'rotation' || typeof rotation !== 'number');
  report.drop('item attribute', others.length);
}

/**
 * Writes Datumaro's Open Images layout: `annotations/class-descriptions.csv` (no header, name twice),
 * the hierarchy JSON, per subset `<subset>-images-with-rotation.csv` and the annotation CSVs that have
 * rows, mask PNGs in `masks/<subset>/`, `images.meta` for the sizes, images with saveMedia. Streams:
 * holds one item at a time.
 */
export async function writeOpenImages(
  source: DatasetSource,
  sink: FileSink,
  options: WriteOptions = {},
): Promise<WriteReport> {
  const ctx = readContext(options);
  const report = new ReportBuilder();
  const labels = source.categories.labels;
  await writeClasses(sink, labels);
  const { csvs, csv } = csvFiles(sink);
  let meta: FileWriter | undefined;
  const labelName = (a: Annotation) => (a.label === undefined ? undefined : labels[a.label]?.name);
  const w: ItemWriteContext = { csv, sink, report, labelName, limits: ctx.limits };
  const claim = itemIdClaims('Open Images');
  for await (const item of ctx.iter(source.items(), source.size)) {
    if (!claim(item, report)) continue;
    const subset = item.subset;
    if (isBadPathComponent(subset)) {
      throw new DatasetError(
        'bad-value',
        `item '${item.id}' has a subset name '${subset}' that cannot be a folder name`,
      );
    }
    report.items++;
    await writeImageRow(item, csv, report);
    const width = item.media?.width;
    const height = item.media?.height;
    const size = width && height ? { width, height } : undefined;
    if (size) {
      meta ??= await sink.open(ann(IMAGE_META_FILE));
      await meta.write(`${shellQuote(item.id)} ${size.height} ${size.width}\n`);
    }
    if (options.saveMedia) {
      const path = joinPath(IMAGES_DIR, subset, `${item.id}${mediaExtension(item, '.jpg')}`);
      await saveMedia(item, sink, path, report);
    }
    await writeItemAnnotations(item, subset, size, w);
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
