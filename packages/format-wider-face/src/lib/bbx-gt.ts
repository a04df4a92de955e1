import { DatasetError, type ReadContext, readContext } from '@labelport/core';
import { safeRelativePath } from '@labelport/core/files';

/** Datumaro's order of the six face attributes after x y w h (the WIDER files' own order differs). */
export const FACE_ATTRIBUTES = ['blur', 'expression', 'illumination', 'occluded', 'pose', 'invalid'] as const;

export interface BbxGtBox {
  x: number;
  y: number;
  w: number;
  h: number;
  attributes: Record<string, string | boolean>;
  /** The label name written after the box (a label other than 'face'). */
  label?: string;
  line: number;
}

export interface BbxGtImage {
  /** As written: `<event folder>/<file>`. */
  path: string;
  line: number;
  boxes: BbxGtBox[];
}

/** Datumaro's test for a line that names an image: it has a path separator and a dot. */
const isImageLine = (line: string) => (line.includes('/') || line.includes('\\')) && line.includes('.');

/**
 * Parses `wider_face_<subset>_bbx_gt.txt`: an image path, a count, then that many lines
 * `x y w h [blur expression illumination occluded pose invalid] [label]` (a '-' for an attribute
 * not given). Lines that are neither (the dummy box of an image with no face) are skipped, as in
 * Datumaro. A `_filelist.txt` (paths only) parses too.
 */
export function parseBbxGt(lines: string[], file: string, ctx: ReadContext = readContext()): BbxGtImage[] {
  const images: BbxGtImage[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!isImageLine(line)) continue;
    const image: BbxGtImage = {
      path: safeRelativePath(line, { file, place: `line ${i + 1}` }),
      line: i + 1,
      boxes: [],
    };
    images.push(image);
    const countLine = lines[i + 1]?.trim();
    if (countLine === undefined || !/^\d+$/.test(countLine)) continue;
    const count = Number(countLine);
    for (let k = 0; k < count; k++) {
      const at = i + 2 + k;
      const text = lines[at];
      if (text === undefined) {
        ctx.skip(
          new DatasetError('bad-line', `${count} boxes announced, the file ends after ${k}`, {
            file,
            place: `line ${i + 2}`,
          }),
        );
        break;
      }
      const parts = text
        .trim()
        .split(/\s+/)
        .filter((p) => p !== '');
      if (parts.length < 4) {
        ctx.warn(`${file}: line ${at + 1}: a box needs x y w h; line skipped`);
        continue;
      }
      const nums = parts.slice(0, 4).map(Number);
      const bad = parts.slice(0, 4).find((_, j) => !Number.isFinite(nums[j]));
      if (bad !== undefined) {
        ctx.skip(new DatasetError('bad-line', `'${bad}' is not a number`, { file, place: `line ${at + 1}` }));
        continue;
      }
      const box: BbxGtBox = {
        x: nums[0]!,
        y: nums[1]!,
        w: nums[2]!,
        h: nums[3]!,
        attributes: {},
        line: at + 1,
      };
      if (parts.length === 5 || parts.length === 11) box.label = parts[parts.length - 1];
      if (parts.length >= 10) {
        FACE_ATTRIBUTES.forEach((name, j) => {
          const v = parts[4 + j]!;
          if (v === '-') return;
          box.attributes[name] = v === 'True' ? true : v === 'False' ? false : v;
        });
      }
      image.boxes.push(box);
    }
    i += 1 + count;
  }
  return images;
}

/** A box line as Datumaro writes it: `x y w h `, then the six attributes when any is set, then the label. */
export function formatBoxLine(
  box: { x: number; y: number; w: number; h: number },
  attributes: Record<string, string | number | boolean>,
  label: string | undefined,
): string {
  let line = `${box.x} ${box.y} ${box.w} ${box.h} `;
  if (FACE_ATTRIBUTES.some((a) => a in attributes)) {
    for (const a of FACE_ATTRIBUTES) line += a in attributes ? `${formatValue(attributes[a]!)} ` : '- ';
  }
  if (label !== undefined) line += label;
  return line;
}

const formatValue = (v: string | number | boolean) =>
  typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v);
