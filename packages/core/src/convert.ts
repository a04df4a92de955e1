import { accountOfSource } from './account.js';
import { DatasetError } from './errors.js';
import type { FileSink } from './files/tree.js';
import type { AnyFormat, IoOptions, WriteOptions } from './format.js';
import { bboxOfPoints } from './geometry/bbox.js';
import { boxRotation, isRotated, rotatedBoxCorners } from './geometry/rotated-box.js';
import { limitsOf } from './limits.js';
import {
  type Annotation,
  type BboxAnnotation,
  type DatasetItem,
  type DatasetSource,
  lostAttributes,
} from './model.js';
import { toPixels } from './normalized.js';
import { isLossless, ReportBuilder, type WriteReport } from './report.js';
import { checkedForWriting, hasKeys } from './write-checks.js';

/** Options of `convert()`: the reader's and writer's common options, strictness and the writer's own. */
export interface ConvertOptions extends IoOptions {
  /** Any loss (a dropped or converted annotation, attribute, track id) is an error; nothing is written. */
  strict?: boolean;
  /** Options for the writer. */
  writeOptions?: Record<string, unknown>;
  /**
   * A source read with `readAccounted` that found no items (or no annotations where its tree holds
   * annotation files) is an error, and nothing is written; this accepts it.
   */
  allowEmpty?: boolean;
}

/**
 * Writes `source` with `format` into `sink`, committing only on success. Before the writer sees an
 * item, whatever the format cannot hold (by its capabilities) is taken out and counted, so the report
 * names every loss: the writer's own and this one's.
 */
export async function convert(
  source: DatasetSource,
  format: AnyFormat,
  sink: FileSink,
  options: ConvertOptions = {},
): Promise<WriteReport> {
  if (!format.write) throw new DatasetError('unsupported', `the format '${format.id}' cannot be written`);
  const { source: filtered, losses } = restrictToCapabilities(source, format, options);
  let report: WriteReport;
  try {
    // Progress and abort are handled once, around the item stream, not by each writer.
    const { writeOptions, strict: _strict, onProgress: _p, allowEmpty, ...io } = options;
    report = await format.write(filtered, sink, { ...writeOptions, ...io });
    const all = new ReportBuilder();
    all.items = report.items;
    all.merge(losses());
    all.merge(report);
    report = all.build();
    const accounted = accountOfSource(source);
    if (accounted) {
      const account = await (allowEmpty ? accounted.files() : accounted.verify());
      report.unusedFiles = account.unused;
    }
    if (options.strict && !isLossless(report)) {
      throw new DatasetError(
        'lossy-conversion',
        `the conversion to ${format.id} would lose data: ${describeLoss(report)}`,
      );
    }
  } catch (e) {
    await sink.abort();
    throw e;
  }
  await sink.commit();
  return report;
}

/** A report's losses in one line: `12 polygon dropped, 40 polygon->bbox` (or `nothing lost`). */
export function describeLoss(report: WriteReport): string {
  const parts = [
    ...Object.entries(report.dropped).map(([k, v]) => `${v} ${k} dropped`),
    ...Object.entries(report.converted).map(([k, v]) => `${v} ${k}`),
  ];
  return parts.length ? parts.join(', ') : 'nothing lost';
}

/**
 * The source as the format can hold it, and what that took away. A writer may iterate the items more
 * than once (two passes); the losses are those of the last pass, not the sum of all of them.
 */
function restrictToCapabilities(
  source: DatasetSource,
  format: AnyFormat,
  { signal, onProgress, limits: given }: Pick<WriteOptions, 'signal' | 'onProgress' | 'limits'> = {},
): { source: DatasetSource; losses: () => WriteReport } {
  const limits = limitsOf({ limits: given });
  let report = new ReportBuilder();
  const caps = format.capabilities;
  const keep = new Set<string>([...caps.annotations, ...Object.keys(caps.converts ?? {})]);
  const subsets = new Set<string>();
  const restrictAnn = (a: Annotation, item: DatasetItem): Annotation | undefined => {
    if (!keep.has(a.type)) {
      report.drop(a.type);
      return undefined;
    }
    let out = a;
    if (a.type === 'bbox' && !caps.rotation && isRotated(a.attributes)) out = unrotated(a, keep, report);
    if (a.normalized && !caps.normalized) {
      const { width, height } = item.media ?? {};
      if (!width || !height) {
        report.drop(
          a.type,
          1,
          `${a.type} annotations in normalised coordinates on items without an image size are not written`,
        );
        return undefined;
      }
      out = toPixels(a, width, height);
    }
    if (!caps.tracks && a.objectId !== undefined) {
      report.drop('objectId');
      out = { ...out, objectId: undefined };
    }
    if (!caps.attributes && hasKeys(out.attributes)) {
      // a box's rotation is geometry, kept by a format that keeps rotation whether or not it has attributes
      const keepRotation = caps.rotation && out.type === 'bbox' && 'rotation' in out.attributes;
      const { rotation, ...others } = out.attributes;
      const lost = keepRotation ? others : out.attributes;
      report.drop('attribute', lostAttributes(lost));
      out = { ...out, attributes: keepRotation ? { rotation: rotation! } : {} };
    }
    return out;
  };
  const labelCount = source.categories.labels.length;
  const restrictItem = (given: DatasetItem): DatasetItem => {
    const item = checkedForWriting(given, labelCount, limits, report);
    subsets.add(item.subset);
    if (!caps.subsets && subsets.size === 2) {
      report.warn(`${format.id} has no subsets: all subsets are written together`);
    }
    // a writer gets an item and a list of its own (it may change them), never the source's
    const annotations: Annotation[] = [];
    for (const a of item.annotations) {
      const r = restrictAnn(a, item);
      if (r) annotations.push(r);
    }
    let attributes = item.attributes;
    if (!caps.attributes && hasKeys(attributes)) {
      report.drop('item attribute', Object.keys(attributes).length);
      attributes = {};
    }
    return { ...item, annotations, attributes };
  };
  const restricted: DatasetSource = {
    categories: source.categories,
    size: source.size,
    infos: source.infos,
    async *items() {
      report = new ReportBuilder();
      subsets.clear();
      countLostParents(source, format, report);
      let done = 0;
      for await (const item of source.items()) {
        checkAborted(signal);
        yield restrictItem(item);
        onProgress?.(++done, source.size);
      }
    },
  };
  return { source: restricted, losses: () => report.build() };
}

/**
 * A turned box for a format that keeps no rotation: its four corners as a polygon where the format
 * holds polygons, else the upright box around it; either way the rotation attribute goes.
 */
function unrotated(a: BboxAnnotation, keep: Set<string>, report: ReportBuilder): Annotation {
  const { rotation: _r, ...attributes } = a.attributes;
  const corners = rotatedBoxCorners(a.x, a.y, a.w, a.h, boxRotation(a.attributes));
  if (keep.has('polygon')) {
    report.convert('bbox', 'polygon', 1, 'rotated boxes were written as polygons of their four corners');
    const { x: _x, y: _y, w: _w, h: _h, ...rest } = a;
    return { ...rest, type: 'polygon', points: corners, attributes };
  }
  report.drop('rotation', 1, 'rotated boxes were written as the upright boxes around them');
  const [x, y, w, h] = bboxOfPoints(corners);
  return { ...a, x: x!, y: y!, w: w!, h: h!, attributes };
}

/** Label parents a format without a label hierarchy cannot keep, counted once (a label is not its own parent). */
function countLostParents(source: DatasetSource, format: AnyFormat, report: ReportBuilder): void {
  if (format.capabilities.labelParents) return;
  const n = source.categories.labels.filter((l) => l.parent && l.parent !== l.name).length;
  if (n === 0) return;
  report.drop('label parent', n);
  report.warn(
    `${format.id} has no label hierarchy: the parents of ${n} label${n === 1 ? '' : 's'} are not kept`,
  );
}

/** An abort, as the one error every caller knows. */
export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DatasetError('aborted', 'the operation was aborted');
}
