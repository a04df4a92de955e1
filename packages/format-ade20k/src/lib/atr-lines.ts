import { DatasetError } from '@labelport/core';

/** An image's objects: `<image>_atr.txt` beside it. */
export const ATR_SUFFIX = '_atr.txt';

/** One object of an ADE20K 2017 `_atr.txt`: `001 # 0 # 1 # wordnet names # raw name # "attr, attr"`. */
export interface AtrObject {
  /** The instance: the rank of its B value in the level's mask. */
  id: number;
  partLevel: number;
  occluded: boolean;
  name: string;
  label: string;
  attributes: string[];
}

export function parseAtr(text: string, file: string): AtrObject[] {
  const out: AtrObject[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const place = `line ${i + 1}`;
    const columns = lines[i].split('#').map((s) => s.trim());
    if (columns.length !== 6) {
      throw new DatasetError('bad-line', `expected 6 columns separated by '#', got ${columns.length}`, {
        file,
        place,
      });
    }
    const quoted = columns[5];
    if (quoted.length < 2 || !quoted.startsWith('"') || !quoted.endsWith('"')) {
      throw new DatasetError('bad-line', 'the attributes column must be in double quotes', { file, place });
    }
    const id = Number(columns[0]);
    const partLevel = Number(columns[1]);
    if (!Number.isInteger(id) || id < 0 || columns[0] === '')
      throw new DatasetError('bad-line', `instance '${columns[0]}' is not a number`, { file, place });
    if (!Number.isInteger(partLevel) || partLevel < 0 || columns[1] === '') {
      throw new DatasetError('bad-line', `part level '${columns[1]}' is not a number`, { file, place });
    }
    out.push({
      id,
      partLevel,
      occluded: columns[2] === '1',
      name: columns[3],
      label: columns[4],
      attributes: quoted
        .slice(1, -1)
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    });
  }
  return out;
}

export function formatAtr(objects: AtrObject[]): string {
  return objects
    .map(
      (o) =>
        `${String(o.id).padStart(3, '0')} # ${o.partLevel} # ${o.occluded ? 1 : 0} # ${o.name} # ${o.label} # "${o.attributes.join(', ')}"\n`,
    )
    .join('');
}
