import {
  type DatasetItem,
  type DatasetSource,
  type FileSink,
  maskToRle,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { joinPath, safeRelativePath } from '@labelport/core/files';
import { mediaExtension, saveMedia } from '@labelport/core/media';
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

/** The item's masks as lines of its frame; those of labels MOTS txt has no class for are counted. */
async function itemEntries(
  item: DatasetItem,
  frame: number,
  labelNames: string[],
  entries: Entry[],
  report: ReportBuilder,
): Promise<void> {
  report.drop('item attribute', Object.keys(item.attributes).length);
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
    entries.push({ entry: { frame, id: 0, classId, rle: await maskToRle(a.mask) }, objectId: a.objectId });
  }
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
