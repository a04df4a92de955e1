/**
 * Writes DOTA as Datumaro's exporter lays it out and DOTA's devkit reads it: `<subset>/labelTxt/<id>.txt`
 * (`default/` for the default subset) with `<subset>/images/<id>.png` under `--save-media`. A file has
 * the item's header lines (`imagesource:...`, `gsd:...`, and any other item attribute a header line
 * holds) and a line per object: its four corners clockwise, the class, `difficult` (0 or 1; Datumaro's
 * `difficulty` too). Boxes are written by their corners (rotated ones turned, core's rotatedBoxCorners);
 * a polygon of four points as it is; another polygon as its least rectangle (counted: it is read back
 * as a box). DOTA has one shape per object and no groups: of a group the box is written, the rest
 * counted. Every other loss is counted under core's loss kinds.
 */
import {
  type Annotation,
  type DatasetItem,
  type DatasetSource,
  type FileSink,
  isDefaultAttribute,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { joinPath } from '@labelport/core/files';
import { boxRotation, rotatedBoxCorners } from '@labelport/core/geometry';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { headerLine, objectLine } from './lib/dota-lines.js';
import { minAreaRectangle } from './lib/min-area-rect.js';
import { rectangleOf } from './lib/quad.js';
import { DEFAULT_TOLERANCE, IMAGE_DIR, LABEL_DIR } from './read-dota.js';

/** Class names as one word (DOTA's are `small-vehicle`): spaces become '-', with a warning. */
function classNames(source: DatasetSource, report: ReportBuilder): string[] {
  return source.categories.labels.map((l) => {
    if (!/\s/.test(l.name) && l.name !== '') return l.name;
    report.warn('DOTA class names are one word: spaces in label names are written as "-"');
    return l.name.trim().replace(/\s+/g, '-') || '_';
  });
}

/** The item's attributes as header lines; what a header line cannot hold the same is counted. */
function headerLines(item: DatasetItem, report: ReportBuilder): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(item.attributes)) {
    const line = `${name}:${String(value)}`;
    const back = typeof value === 'boolean' ? undefined : headerLine(line);
    if (back && back[0] === name && back[1] === value) out.push(line);
    else
      report.drop(
        'item attribute',
        1,
        'DOTA keeps item attributes as `name:value` header lines: text and numbers that read back the same',
      );
  }
  return out;
}

/** DOTA's difficult flag from `difficult` (or Datumaro's `difficulty`): 0 or 1, else 0 and counted. */
function difficultOf(a: Annotation, report: ReportBuilder): number {
  const v = a.attributes.difficult ?? a.attributes.difficulty;
  if (v === undefined || v === false || v === 0 || v === '0') return 0;
  if (v === true || v === 1 || v === '1') return 1;
  report.drop('attribute', 1, "DOTA's difficult is 0 or 1: other values are written as 0");
  return 0;
}

/** Attributes DOTA has no place for (all but difficult and a box's rotation), counted. */
function countLostAttributes(a: Annotation, report: ReportBuilder): void {
  const kept = new Set(['difficult', a.attributes.difficult === undefined ? 'difficulty' : '', 'rotation']);
  const n = Object.entries(a.attributes).filter(([k, v]) => !kept.has(k) && !isDefaultAttribute(k, v)).length;
  report.drop('attribute', n, 'DOTA objects have no attributes but difficult');
}

/** The four corners of a shape, or undefined (counted) for one DOTA cannot hold. */
function cornersOf(a: Annotation, report: ReportBuilder): number[] | undefined {
  if (a.type === 'bbox') return rotatedBoxCorners(a.x, a.y, a.w, a.h, boxRotation(a.attributes));
  if (a.type !== 'polygon') {
    report.drop(a.type, 1, `DOTA has oriented boxes only: ${a.type} annotations are not written`);
    return undefined;
  }
  const n = a.points.length / 2;
  if (n < 3) {
    report.drop('polygon', 1, 'polygons of fewer than 3 points are not written');
    return undefined;
  }
  if (n === 4) {
    if (rectangleOf(a.points, DEFAULT_TOLERANCE)) {
      report.convert(
        'polygon',
        'bbox',
        1,
        'polygons of four points that make a rectangle are read back as rotated boxes',
      );
    }
    return a.points;
  }
  report.convert(
    'polygon',
    'bbox',
    1,
    'DOTA objects are four corners: other polygons are written as their least rectangle',
  );
  return minAreaRectangle(a.points);
}

/** One shape per object: of a group, its first box (else its first shape); the rest counted. */
function objectsOf(annotations: Annotation[], report: ReportBuilder): Annotation[] {
  const groups = new Map<number, Annotation[]>();
  const out: Annotation[] = [];
  for (const a of annotations) {
    if (a.group === undefined) out.push(a);
    else {
      const list = groups.get(a.group) ?? [];
      if (list.length === 0) out.push(a);
      groups.set(a.group, list);
      list.push(a);
    }
  }
  for (const list of groups.values()) {
    report.drop('group', 1, 'DOTA has no groups: one shape of each group is written, without its group');
    const keep = list.find((a) => a.type === 'bbox') ?? list[0]!;
    out[out.indexOf(list[0]!)] = keep;
    for (const a of list) {
      if (a !== keep)
        report.drop(a.type, 1, 'DOTA has one shape per object: the others of a group are not written');
    }
  }
  return out;
}

function objectLines(item: DatasetItem, names: string[], report: ReportBuilder): string[] {
  const lines: string[] = [];
  for (const a of objectsOf(item.annotations, report)) {
    const name = a.label === undefined ? undefined : names[a.label];
    if (name === undefined) {
      report.drop(a.type, 1, 'DOTA lines need a class: shapes without a label are not written');
      continue;
    }
    const corners = cornersOf(a, report);
    if (!corners) continue;
    countLostAttributes(a, report);
    if (a.objectId !== undefined) report.drop('objectId', 1, 'DOTA has no tracks: track ids are not written');
    lines.push(objectLine(corners, name, difficultOf(a, report)));
  }
  return lines;
}

export async function writeDota(
  source: DatasetSource,
  out: FileSink,
  options: WriteOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  const names = classNames(source, report);
  for await (const item of readContext(options).iter(source.items(), source.size)) {
    report.items++;
    const lines = [...headerLines(item, report), ...objectLines(item, names, report)];
    await out.write(joinPath(item.subset, LABEL_DIR, `${item.id}.txt`), lines.map((l) => `${l}\n`).join(''));
    if (options.saveMedia) {
      await saveMedia(
        item,
        out,
        joinPath(item.subset, IMAGE_DIR, `${item.id}${mediaExtension(item, '.png')}`),
        report,
      );
    }
  }
  return report.build();
}
