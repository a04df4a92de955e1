import { DatasetError, type Rle } from '@labelport/core';
import { rleFromString, rleToString } from '@labelport/core/geometry';

/** One line of a MOTS txt file: `time id class height width rle` (id = class * 1000 + instance). */
export interface MotsTxtLine {
  frame: number;
  id: number;
  classId: number;
  rle: Rle;
}

const INT = /^-?\d+$/;

export function parseMotsTxtLine(line: string, file: string, lineNo: number): MotsTxtLine {
  const place = `line ${lineNo}`;
  const f = line.trim().split(/\s+/);
  if (f.length !== 6) {
    throw new DatasetError(
      'bad-line',
      `expected 6 space-separated fields (time id class height width rle), got ${f.length}`,
      {
        file,
        place,
      },
    );
  }
  const names = ['time', 'id', 'class', 'height', 'width'];
  const nums = f.slice(0, 5).map((s, i) => {
    if (!INT.test(s) || Number(s) < 0)
      throw new DatasetError('bad-value', `${names[i]} '${s}' is not a non-negative integer`, {
        file,
        place,
      });
    return Number(s);
  });
  const [frame, id, classId, height, width] = nums;
  let counts: number[];
  try {
    counts = rleFromString(f[5]);
  } catch (e) {
    throw new DatasetError('bad-value', `bad RLE string: ${e instanceof Error ? e.message : e}`, {
      file,
      place,
    });
  }
  const total = counts.reduce((a, b) => a + b, 0);
  if (total !== width * height) {
    throw new DatasetError('bad-value', `the RLE covers ${total} pixels, not ${height}x${width}`, {
      file,
      place,
    });
  }
  return { frame, id, classId, rle: { size: [height, width], counts } };
}

export function formatMotsTxtLine(l: MotsTxtLine): string {
  return `${l.frame} ${l.id} ${l.classId} ${l.rle.size[0]} ${l.rle.size[1]} ${rleToString(l.rle.counts)}`;
}
