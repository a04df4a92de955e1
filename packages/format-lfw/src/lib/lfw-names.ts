import { percentEscape, unescapeFileName } from '@labelport/core/files';

/**
 * LFW names an image by person and number: `Aaron_Peirsol 1` is `Aaron_Peirsol/Aaron_Peirsol_0001.jpg`.
 * Datumaro also accepts a non-numeric second field as the image's own name (`person/<name>`).
 */

const INTEGER = /^\s*[+-]?\d+\s*$/;

/** Python's `'{:04d}'.format(n)`. */
export function pad4(n: number): string {
  return n < 0 ? `-${String(-n).padStart(3, '0')}` : String(n).padStart(4, '0');
}

/** The image (below images/, no extension) and the item id that a pairs.txt person and number name. */
export function imageName(person: string, number: string): { image: string; id: string } {
  if (INTEGER.test(number)) {
    const id = `${person}_${pad4(Number.parseInt(number.trim(), 10))}`;
    return { image: `${person}/${id}`, id };
  }
  return { image: `${person}/${number}`, id: number };
}

/**
 * What to write in pairs.txt for an image `name` of `person` so that `imageName` gives it back:
 * the number for `person_NNNN`, the name itself otherwise; undefined when no field can say it
 * (a name that is a bare number but not `person_NNNN`).
 */
export function numberFor(person: string, name: string): string | undefined {
  const prefix = `${person}_`;
  if (name.startsWith(prefix)) {
    const rest = name.slice(prefix.length);
    if (/^-?\d+$/.test(rest)) {
      const n = Number.parseInt(rest, 10);
      if (pad4(n) === rest) return String(n);
    }
  }
  return INTEGER.test(name) ? undefined : name;
}

/**
 * A person (label) name as a pairs.txt field and an images/ folder. LFW's names are folder names;
 * others (Open Images' `/m/01g317`) may hold what a field or folder cannot: `%`, `/`, `\`, tabs and
 * line breaks (and a space at either end) are percent-escaped, and so is a name that is `-` (pairs.txt's "nobody"), `.` or `..`.
 */
export function personField(name: string): string {
  if (name === '') return '%00';
  if (name === '-' || name === '.' || name === '..') return [...name].map(percentEscape).join('');
  return name.replace(/[%/\\\t\r\n]|^ | $/g, percentEscape);
}

/** The person name a pairs.txt field or folder stands for: `personField` undone. */
export function personName(field: string): string {
  if (field === '%00') return '';
  return unescapeFileName(field);
}
