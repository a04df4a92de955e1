import {
  type DatasetItem,
  type DatasetSource,
  type FileSink,
  maskToRle,
  ReportBuilder,
  type Rle,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { joinPath, safeRelativePath } from '@labelport/core/files';
import { encodeRle, renderIndexMask, splitIndexMask } from '@labelport/core/geometry';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { tiedByGroup } from '@labelport/core/meta';
import { MAX_INSTANCES, MOTS_IGNORE_CLASS } from './lib/mots-labels.js';
import { formatMotsTxtLine, type MotsTxtLine } from './lib/mots-txt-lines.js';

const CLASS_BY_NAME: Record<string, number> = { car: 1, pedestrian: 2, ignored: MOTS_IGNORE_CLASS };

type Entry = { entry: MotsTxtLine; objectId?: number };

/**
 * The id of a line is `class * 1000 + instance`; instances are 0..999 (the ignore region is 10000).
 * Track ids that fit are kept; others get the lowest free instance number of their class, the same
 * one in every frame.
 */
function assignInstanceIds(entries: Entry[], report: ReportBuilder) {
  const fits = (t?: number) => t !== undefined && Number.isInteger(t) && t >= 0 && t < MAX_INSTANCES;
  const used = new Set<number>();
  for (const e of entries)
    if (fits(e.objectId)) used.add(e.entry.classId * MAX_INSTANCES + (e.objectId as number));
  const remap = new Map<string, number>();
  let remapped = 0;
  for (const e of entries) {
    const c = e.entry.classId;
    if (c === MOTS_IGNORE_CLASS) {
      e.entry.id = c * MAX_INSTANCES;
      continue;
    }
    if (fits(e.objectId)) {
      e.entry.id = c * MAX_INSTANCES + (e.objectId as number);
      continue;
    }
    const key = `${c}:${e.objectId}`;
    let id = remap.get(key);
    if (id === undefined) {
      let t = 1;
      while (used.has(c * MAX_INSTANCES + t)) t++;
      id = c * MAX_INSTANCES + t;
      used.add(id);
      remap.set(key, id);
    }
    e.entry.id = id;
    remapped++;
  }
  if (remapped > 0) report.warn(`${remapped} masks had no track id in 0..999 and got a new instance id`);
}

type Candidate = { classId: number; rle: Rle; zOrder: number; objectId?: number; group?: number };

/** The item's masks as lines of its frame; those of labels MOTS txt has no class for are counted. */
async function itemEntries(
  item: DatasetItem,
  frame: number,
  labelNames: string[],
  entries: Entry[],
  report: ReportBuilder,
): Promise<void> {
  report.drop('item attribute', Object.keys(item.attributes).length);
  const candidates: Candidate[] = [];
  for (const a of item.annotations) {
    if (a.type !== 'mask') {
      report.drop(a.type);
      continue;
    }
    const classId = a.label === undefined ? undefined : CLASS_BY_NAME[labelNames[a.label]!];
    if (classId === undefined) {
      report.drop(
        'mask',
        1,
        'MOTS txt holds only the classes car, pedestrian and ignored; masks of other labels were dropped',
      );
      continue;
    }
    report.drop('attribute', Object.keys(a.attributes).length);
    const rle = await maskToRle(a.mask);
    candidates.push({ classId, rle, zOrder: a.zOrder ?? 0, objectId: a.objectId, group: a.group });
  }
  report.drop('group', tiedByGroup(candidates), 'groups are not kept: a MOTS txt line is one object');
  for (const c of disjoint(candidates, report))
    entries.push({ entry: { frame, id: 0, classId: c.classId, rle: c.rle }, objectId: c.objectId });
}

/**
 * The masks of a frame made disjoint, as MOTS requires (mots_tools' loader rejects a frame whose
 * objects overlap): painted by z-order (then as given), each keeps the pixels no later mask covers;
 * those painted over entirely are dropped, counted. Masks of one size are painted together.
 */
function disjoint(candidates: Candidate[], report: ReportBuilder): Candidate[] {
  if (candidates.length < 2) return candidates;
  const bySize = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const key = `${c.rle.size[0]}x${c.rle.size[1]}`;
    bySize.set(key, [...(bySize.get(key) ?? []), c]);
  }
  const out: Candidate[] = [];
  let hidden = 0;
  for (const group of bySize.values()) {
    if (group.length === 1) {
      out.push(group[0]!);
      continue;
    }
    const [height, width] = group[0]!.rle.size;
    const order = group.map((c, i) => ({ c, i })).sort((a, b) => a.c.zOrder - b.c.zOrder || a.i - b.i);
    const layers = order.map(({ c }, k) => ({ mask: c.rle, value: k + 1 }));
    const index = renderIndexMask(
      width,
      height,
      layers,
      0,
      order.length < 0xffff ? Uint16Array : Uint32Array,
    );
    const kept = splitIndexMask(index, width, height, { ignore: [0] });
    for (let k = 0; k < order.length; k++) {
      const bitmap = kept.get(k + 1);
      if (bitmap) out.push({ ...order[k]!.c, rle: encodeRle(bitmap) });
      else hidden++;
    }
  }
  report.drop('mask', hidden, 'masks painted over entirely by later masks (by z-order) are dropped');
  return out;
}

export async function writeMotsTxt(
  source: DatasetSource,
  out: FileSink,
  options: WriteOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  const labelNames = source.categories.labels.map((l) => l.name);
  const sequences = new Map<string, Entry[]>();
  let order = 0;
  for await (const item of readContext(options).iter(source.items(), source.size)) {
    report.items++;
    order++;
    const seq = safeRelativePath(item.subset).replace(/\//g, '_');
    let entries = sequences.get(seq);
    if (!entries) {
      entries = [];
      sequences.set(seq, entries);
    }
    const frame = /^\d+$/.test(item.id) ? Number(item.id) : (item.media?.frame ?? order);
    const before = entries.length;
    await itemEntries(item, frame, labelNames, entries, report);
    // Frames are KITTI MOTS's `image_02/<seq>/<frame, 6 digits>.<ext>`, where the reader finds them.
    const image = joinPath(
      'image_02',
      seq,
      `${String(frame).padStart(6, '0')}${mediaExtension(item, '.png')}`,
    );
    const imageWritten = options.saveMedia ? await saveMedia(item, out, image, report) : false;
    if (entries.length === before && !imageWritten)
      report.drop('item', 1, 'a frame with no mask and no image leaves no trace in MOTS txt');
  }
  for (const [seq, entries] of sequences) {
    assignInstanceIds(entries, report);
    entries.sort((a, b) => a.entry.frame - b.entry.frame || a.entry.id - b.entry.id);
    await out.write(
      `instances_txt/${seq}.txt`,
      entries.map((e) => `${formatMotsTxtLine(e.entry)}\n`).join(''),
    );
  }
  return report.build();
}
