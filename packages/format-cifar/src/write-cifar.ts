/**
 * Writes CIFAR's python version: `batches.meta` (CIFAR-10), or `meta` with the fine and coarse label
 * names when labels have parents (CIFAR-100), and one pickled batch per subset named by it, as the
 * original's files are (protocol 2; `data` a NumPy uint8 array of one row of 3 x 32 x 32 per image) and
 * Datumaro's importer reads them. Images of other sizes, or a batch where some items have no image, are
 * written as Datumaro writes them: `data` an object array of one array (or None) per image, with
 * `image_sizes`. The images are written with saveMedia, as by Datumaro.
 */
import {
  type DatasetSource,
  type FileSink,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { mediaExtension } from '@labelport/core/media';
import { CIFAR_SIZE } from './lib/cifar-batch.js';
import { coarseNamesOf, imageOf, labelOf } from './lib/cifar-item.js';
import { PickleWriter, type PyValue } from './lib/pickle-write.js';
import type { PlanarImage } from './lib/rgb-image.js';

interface BatchOut {
  filenames: string[];
  labels: (number | null)[];
  coarse: (number | null)[];
  images: (PlanarImage | undefined)[];
}

const NO_SAVE_MEDIA =
  'the images are written into the batches only with saveMedia (as by Datumaro): without it the batches hold the labels alone';

/** A subset's file name: a name without '/' or '.' (both readers take files without an extension). */
function batchFileOf(subset: string, report: ReportBuilder): string {
  const file = subset.replace(/[/.\\]/g, '_');
  if (file !== subset)
    report.warn(`subset '${subset}' is written as the batch '${file}' (a file name without an extension)`);
  return file;
}

export async function writeCifar(
  source: DatasetSource,
  out: FileSink,
  options: WriteOptions = {},
): Promise<WriteReport> {
  const ctx = readContext(options);
  const report = new ReportBuilder();
  const labels = source.categories.labels;
  const coarseNames = coarseNamesOf(labels);
  const coarseIndex = new Map(coarseNames.map((n, i) => [n, i]));
  const batches = new Map<string, BatchOut>();
  const used = new Set<number>();
  for await (const item of ctx.iter(source.items(), source.size)) {
    report.items++;
    const file = batchFileOf(item.subset, report);
    let b = batches.get(file);
    if (!b) {
      b = { filenames: [], labels: [], coarse: [], images: [] };
      batches.set(file, b);
    }
    const label = labelOf(item, labels, report);
    b.filenames.push(`${item.id}${mediaExtension(item, '.png')}`);
    b.labels.push(label ?? null);
    if (label !== undefined) used.add(label);
    const parent = label === undefined ? undefined : labels[label]!.parent;
    b.coarse.push(parent ? coarseIndex.get(parent)! : null);
    if (!options.saveMedia && item.media) report.warn(NO_SAVE_MEDIA);
    b.images.push(options.saveMedia ? await imageOf(item, ctx.limits, report) : undefined);
  }
  const unused = labels.filter((l, i) => l.parent && !used.has(i)).length;
  report.drop(
    'label parent',
    unused,
    'CIFAR-100 ties a label to its superclass through its images: a label no image has loses its parent',
  );
  await out.write(
    coarseNames.length > 0 ? 'meta' : 'batches.meta',
    PickleWriter.dump(
      metaOf(
        labels.map((l) => l.name),
        coarseNames,
        batches,
      ),
    ),
  );
  for (const [file, b] of batches)
    await out.write(file, PickleWriter.dump(batchOf(file, b, coarseNames.length > 0)));
  return report.build();
}

function metaOf(names: string[], coarse: string[], batches: Map<string, BatchOut>): PyValue {
  if (coarse.length > 0)
    return {
      dict: [
        ['fine_label_names', names],
        ['coarse_label_names', coarse],
      ],
    };
  const largest = Math.max(0, ...[...batches.values()].map((b) => b.filenames.length));
  return {
    dict: [
      ['num_cases_per_batch', largest],
      ['label_names', names],
      ['num_vis', 3 * CIFAR_SIZE * CIFAR_SIZE],
    ],
  };
}

/** The original's batch labels: "training batch 1 of 5", "testing batch 1 of 1". */
function batchLabelOf(file: string): string | undefined {
  const m = /^data_batch_(\d+)$/.exec(file);
  if (m) return `training batch ${m[1]} of 5`;
  if (file === 'test_batch' || file === 'test') return 'testing batch 1 of 1';
  if (file === 'train') return 'training batch 1 of 1';
  return undefined;
}

/** `data`: the original's uint8 rows when every image is there and 32 x 32, else Datumaro's object array. */
function dataOf(images: (PlanarImage | undefined)[]): { data: PyValue; sizes?: PyValue } {
  const square = (im: PlanarImage | undefined) => im && im.width === CIFAR_SIZE && im.height === CIFAR_SIZE;
  if (images.length > 0 && images.every(square)) {
    const row = 3 * CIFAR_SIZE * CIFAR_SIZE;
    const raw = new Uint8Array(images.length * row);
    images.forEach((im, i) => {
      raw.set(im!.planes, i * row);
    });
    return { data: { ndarray: { shape: [images.length, row], dtype: 'u1', data: raw } } };
  }
  const present = images.filter((im) => im !== undefined);
  const objects: PyValue[] = images.map((im) =>
    im ? { ndarray: { shape: [im.planes.length], dtype: 'u1', data: im.planes } } : null,
  );
  const data: PyValue = {
    ndarray: {
      shape: [present.length ? images.length : 0],
      dtype: 'O8',
      data: present.length ? objects : [],
    },
  };
  if (present.every(square)) return { data };
  return { data, sizes: images.map((im) => ({ tuple: [im?.height ?? 0, im?.width ?? 0] })) };
}

function batchOf(file: string, b: BatchOut, hundred: boolean): PyValue {
  const entries: [string, PyValue][] = [];
  const batchLabel = batchLabelOf(file);
  if (batchLabel) entries.push(['batch_label', batchLabel]);
  if (hundred) entries.push(['fine_labels', b.labels], ['coarse_labels', b.coarse]);
  else entries.push(['labels', b.labels]);
  const { data, sizes } = dataOf(b.images);
  entries.push(['data', data], ['filenames', b.filenames]);
  if (sizes) entries.push(['image_sizes', sizes]);
  return { dict: entries };
}
