import {
  type Attributes,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  type FileTree,
  isDatasetError,
  type ReadContext,
  type ReadOptions,
  readContext,
} from '@labelport/core';
import { safeRelativePath } from '@labelport/core/files';
import { decodeImageInfo, decodeObjects } from './lib/od-api-features.js';
import {
  collectRecordLabels,
  type LabelEntry,
  type LabelResolver,
  labelResolver,
  readLabelMapEntries,
} from './lib/od-api-labels.js';
import {
  datasetRoot,
  imagesDirOf,
  labelMapFiles,
  type RecordFile,
  recordChunks,
  recordFiles,
} from './lib/record-files.js';
import { decodeExample, type Features } from './lib/tf-example.js';
import { isTfRecordHeader, readTfRecords } from './lib/tfrecord-framing.js';

export async function detectTfDetectionApi(ctx: DetectContext) {
  const records = recordFiles(ctx.files.map((f) => f.path));
  if (records.length === 0) ctx.reject('no .tfrecord file');
  for (const r of records) {
    const head = await ctx.tree.readRange(r.path, 0, 12);
    const gz = head[0] === 0x1f && head[1] === 0x8b;
    if (!gz && !isTfRecordHeader(head)) {
      ctx.reject(
        `'${r.path}' does not start with a TFRecord header (the CRC of the first length does not match)`,
      );
    }
  }
  return { confidence: 1, root: datasetRoot(records.map((r) => r.path)) };
}

/** A record file, with where its images are. */
interface RecordSource extends RecordFile {
  imagesDir: string;
}

/** One Example of a record file and where it is. */
interface ExampleAt {
  features: Features;
  place: string;
  index: number;
  file: RecordSource;
}

/** The Examples of the record files, in order; a record that is not an Example is skipped under the item policy. */
async function* examples(
  tree: FileTree,
  files: RecordSource[],
  options: ReadOptions,
): AsyncGenerator<ExampleAt> {
  const ctx = readContext(options);
  for (const file of files) {
    for await (const record of readTfRecords(recordChunks(tree, file.path), file.path, options)) {
      const place = `record ${record.index} (byte ${record.offset})`;
      let features: Features;
      try {
        features = decodeExample(record.data);
      } catch (e) {
        ctx.skip(isDatasetError(e) ? e.withLocation(file.path, place) : e, undefined, 'items');
        continue;
      }
      yield { features, place, index: record.index, file };
    }
  }
}

/** The labels: the label maps', else (one pass over the records) the class names and ids the records use. */
async function labelEntries(tree: FileTree, paths: Set<string>, files: RecordSource[], options: ReadOptions) {
  const maps = labelMapFiles(paths, files);
  const entries: LabelEntry[] = [];
  for (const p of maps) entries.push(...(await readLabelMapEntries(tree, p)));
  if (maps.length > 0) return entries;
  // the pass to collect labels reads quietly: the items' pass says what is wrong
  const seen = new Map<string, number | undefined>();
  for await (const { features } of examples(tree, files, { ...options, onWarning: undefined }))
    collectRecordLabels(features, seen);
  return [...seen].map(([name, id]) => ({ name, id }));
}

/** One Example as an item: the image (encoded in the record, or a file of the tree) and its objects. */
function itemOf(
  ex: ExampleAt,
  tree: FileTree,
  paths: Set<string>,
  resolver: LabelResolver,
  ctx: ReadContext,
): DatasetItem {
  const info = decodeImageInfo(ex.features);
  const annotations = decodeObjects(ex.features, info.width, info.height, resolver, ctx.limits);
  const attributes: Attributes = {};
  // Datumaro writes an empty source id for items without one: that is no attribute.
  if (info.sourceId) attributes.source_id = info.sourceId;
  const id = info.id !== '' ? info.id : info.sourceId || String(ex.index);
  // A file name from inside the record must stay inside the dataset.
  const imagePath =
    info.filename !== ''
      ? [ex.file.imagesDir, safeRelativePath(info.filename, { file: ex.file.path, place: ex.place })]
          .filter((p) => p !== '')
          .join('/')
      : undefined;
  const encoded = info.encoded;
  const onDisk = !encoded && imagePath !== undefined && paths.has(imagePath);
  return {
    id,
    subset: ex.file.subset,
    media: {
      kind: 'image',
      path: imagePath ?? `${id}.jpg`,
      width: info.width || undefined,
      height: info.height || undefined,
      bytes: encoded ? async () => encoded : onDisk ? () => tree.read(imagePath!) : undefined,
    },
    annotations,
    attributes,
  };
}

export async function readTfDetectionApi(tree: FileTree, options: ReadOptions = {}): Promise<DatasetSource> {
  const ctx = readContext(options);
  const list = (await tree.list()).map((f) => f.path);
  const paths = new Set(list);
  const files = recordFiles(list).map((r) => ({ ...r, imagesDir: imagesDirOf(r, list) }));
  if (files.length === 0) throw new DatasetError('bad-layout', 'no .tfrecord file', { file: tree.name });
  const { categories, resolver } = labelResolver(await labelEntries(tree, paths, files, options), ctx.warn);
  return {
    categories,
    items: () =>
      ctx.items(
        examples(tree, files, options),
        (ex) => {
          try {
            return itemOf(ex, tree, paths, resolver, ctx);
          } catch (e) {
            throw isDatasetError(e) ? e.withLocation(ex.file.path, ex.place) : e;
          }
        },
        { where: (ex) => ({ file: ex.file.path, place: ex.place }) },
      ),
  };
}
