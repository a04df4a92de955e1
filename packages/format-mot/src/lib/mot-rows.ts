import { DatasetError, type ReportBuilder } from '@labelport/core';

/** One line of a MOT gt.txt / det.txt: `frame, track, x, y, w, h, conf, class, visibility[, ...]`. */
export interface MotRow {
  frame: number;
  track: number;
  x: number;
  y: number;
  w: number;
  h: number;
  /** The 7th column: the "not ignored" flag in gt.txt, the detector's score in det.txt (default 1). */
  confidence: number;
  /** The 8th column, 1-based; undefined when absent or -1. */
  classId?: number;
  /** The 9th column (default 1). */
  visibility: number;
}

/** A field of a row as a finite number (a DatasetError naming it otherwise). */
function parseNumberField(text: string | undefined, what: string, file: string, place: string): number {
  const v = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(v)) {
    throw new DatasetError('bad-value', `${what} '${text ?? ''}' is not a number`, { file, place });
  }
  return v;
}

/** A field of a row as an integer. */
function parseIntegerField(text: string | undefined, what: string, file: string, place: string): number {
  const v = parseNumberField(text, what, file, place);
  if (!Number.isInteger(v))
    throw new DatasetError('bad-value', `${what} '${text}' is not an integer`, { file, place });
  return v;
}

/**
 * Parses one CSV line of a MOT annotation file. MOT files have 6 to 10 columns: MOT16 and later's
 * gt.txt has class and visibility in columns 8 and 9, MOT15's gt.txt and det.txt have world
 * coordinates in columns 8 to 10 (read as no class, visible); missing columns take MOT's defaults.
 */
export function parseMotLine(line: string, file: string, lineNo: number): MotRow {
  const place = `line ${lineNo}`;
  const f = line.split(',');
  if (f.length < 6) {
    throw new DatasetError('bad-line', `expected at least 6 comma-separated fields, got ${f.length}`, {
      file,
      place,
    });
  }
  const frame = parseIntegerField(f[0], 'frame', file, place);
  const track = parseIntegerField(f[1], 'track id', file, place);
  const x = parseNumberField(f[2], 'x', file, place);
  const y = parseNumberField(f[3], 'y', file, place);
  const w = parseNumberField(f[4], 'width', file, place);
  const h = parseNumberField(f[5], 'height', file, place);
  const present = (s: string | undefined) => s !== undefined && s.trim() !== '';
  const confidence = present(f[6]) ? parseNumberField(f[6], 'confidence', file, place) : 1;
  // 10 columns: MOT15's gt.txt and every det.txt end in world coordinates x, y, z (-1 when unknown),
  // not class and visibility.
  if (f.length >= 10) return { frame, track, x, y, w, h, confidence, visibility: 1 };
  let classId: number | undefined;
  if (present(f[7])) {
    const c = parseIntegerField(f[7], 'class id', file, place);
    if (c > 0) classId = c;
  }
  const visibility = present(f[8]) ? parseNumberField(f[8], 'visibility', file, place) : 1;
  return { frame, track, x, y, w, h, confidence, classId, visibility };
}

/** Shortest text that reads back as the same number. */
const n = (v: number) => String(Object.is(v, -0) ? 0 : v);

export function formatMotRow(r: MotRow): string {
  return [
    r.frame,
    r.track,
    n(r.x),
    n(r.y),
    n(r.w),
    n(r.h),
    n(r.confidence),
    r.classId ?? -1,
    n(r.visibility),
  ].join(',');
}

/**
 * MOT track ids are whole numbers (from 1 in MOT's files; 0 is kept). Kept as they are when they
 * all are; otherwise every track is renumbered from 1 in order of appearance (as Datumaro always does), with a warning.
 */
export function renumberTracks(rows: { row: MotRow; objectId?: number }[], report: ReportBuilder): void {
  const valid = rows.every(
    (r) => r.objectId === undefined || (Number.isInteger(r.objectId) && r.objectId >= 0),
  );
  if (valid) {
    for (const r of rows) r.row.track = r.objectId ?? -1;
    return;
  }
  const map = new Map<number, number>();
  for (const r of rows) {
    if (r.objectId === undefined) continue;
    if (!map.has(r.objectId)) map.set(r.objectId, map.size + 1);
    r.row.track = map.get(r.objectId) as number;
  }
  report.warn('track ids that are not whole numbers >= 0 were renumbered from 1');
}
