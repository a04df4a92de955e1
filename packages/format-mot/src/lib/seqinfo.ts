import { DatasetError } from '@labelport/core';

/** The `[Sequence]` section of a MOT `seqinfo.ini`. */
export interface SeqInfo {
  name: string;
  imDir: string;
  frameRate: number;
  seqLength: number;
  imWidth: number;
  imHeight: number;
  imExt: string;
}

/** seqinfo.ini as read: MOT15's files hold only `name` and `seqLength`, so every key may be absent. */
export type ReadSeqInfo = Partial<SeqInfo>;

const KEYS: (keyof SeqInfo)[] = ['name', 'imDir', 'frameRate', 'seqLength', 'imWidth', 'imHeight', 'imExt'];
const NUMERIC = new Set<keyof SeqInfo>(['frameRate', 'seqLength', 'imWidth', 'imHeight']);

/**
 * Every frame up to seqLength is an item (with or without an image), so a declared length is bounded:
 * a million frames is over nine hours at 30 fps, far past any MOT sequence.
 */
const MAX_SEQ_LENGTH = 1_000_000;

/**
 * Parses seqinfo.ini. Keys are matched without regard to case (as Datumaro does); values keep
 * their case (Datumaro lower-cases them, which breaks `imDir=Img1` on case-sensitive disks). A key
 * that is absent stays undefined (MOT15 writes only name and seqLength).
 */
export function parseSeqInfo(text: string, file: string): ReadSeqInfo {
  const raw = new Map<string, { value: string; line: number }>();
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (!t || t.startsWith('[') || t.startsWith(';') || t.startsWith('#')) return;
    const eq = t.indexOf('=');
    if (eq < 0) return;
    raw.set(t.slice(0, eq).trim().toLowerCase(), { value: t.slice(eq + 1).trim(), line: i + 1 });
  });
  const out: Partial<Record<keyof SeqInfo, string | number>> = {};
  for (const key of KEYS) {
    const entry = raw.get(key.toLowerCase());
    if (!entry || entry.value === '') continue;
    if (NUMERIC.has(key)) {
      const v = Number(entry.value);
      if (!Number.isInteger(v) || v < 0) {
        throw new DatasetError('bad-line', `${key} '${entry.value}' is not a non-negative integer`, {
          file,
          place: `line ${entry.line}`,
        });
      }
      if (key === 'seqLength' && v > MAX_SEQ_LENGTH) {
        throw new DatasetError(
          'too-large',
          `seqLength ${v} is more frames than a sequence can have here (at most ${MAX_SEQ_LENGTH})`,
          { file, place: `line ${entry.line}` },
        );
      }
      out[key] = v;
    } else out[key] = entry.value;
  }
  const info = out as ReadSeqInfo;
  if (info.imExt && !info.imExt.startsWith('.')) info.imExt = `.${info.imExt}`;
  return info;
}

export function formatSeqInfo(s: SeqInfo): string {
  return `[Sequence]\n${KEYS.map((k) => `${k}=${s[k]}`).join('\n')}\n`;
}

/** A SeqInfo kept in a dataset's infos (as the reader put it there), or undefined. */
export function seqInfoFrom(infos: Record<string, unknown> | undefined): Partial<SeqInfo> | undefined {
  const s = infos?.seqinfo;
  return s && typeof s === 'object' ? (s as Partial<SeqInfo>) : undefined;
}
