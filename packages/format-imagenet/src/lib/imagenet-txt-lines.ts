import { DatasetError } from '@labelport/core';
import { extname, stripExtension } from '@labelport/core/files';
import { IMAGE_EXTENSIONS } from '@labelport/core/media';

export interface ImagenetTxtLine {
  /** The item id: the image name without its extension. */
  id: string;
  /** The image file name, relative to the images folder. */
  image: string;
  labels: number[];
}

/**
 * Parses one line of an ImageNet txt list: `<image> <label id>...`, where a name with spaces is
 * quoted without its extension (`"my image".jpg 3`), as Datumaro writes it.
 */
export function parseImagenetTxtLine(line: string, where: { file: string; place: string }): ImagenetTxtLine {
  let id: string;
  let image: string;
  let rest: string[];
  const quoted = line.split('"');
  if (quoted.length > 1) {
    if (quoted.length !== 3)
      throw new DatasetError('bad-line', 'unexpected number of quotes in the file name', where);
    const tail = quoted[2]!
      .trim()
      .split(/\s+/)
      .filter((s) => s !== '');
    id = quoted[1]!;
    image = id + (tail[0]?.startsWith('.') ? tail.shift()! : '');
    rest = tail;
  } else {
    const parts = line.trim().split(/\s+/);
    image = parts[0]!;
    id = stripExtension(image);
    rest = parts.slice(1);
  }
  if (id === '') throw new DatasetError('bad-line', 'the line has no image name', where);
  const labels = rest.map((s) => {
    if (!/^[+-]?\d+$/.test(s)) throw new DatasetError('bad-line', `label id '${s}' is not an integer`, where);
    const v = Number(s);
    if (v < 0) throw new DatasetError('bad-line', `label id ${v} is negative`, where);
    if (!Number.isSafeInteger(v)) throw new DatasetError('bad-line', `label id ${s} is too large`, where);
    return v;
  });
  return { id, image, labels };
}

/**
 * Whether a text looks like an ImageNet txt list: every line an image file name followed by
 * integer label ids, at least one line with a label. `complete` says whether the text is the
 * whole file (else its last line may be cut and is not checked).
 */
export function looksLikeImagenetTxt(text: string, complete: boolean): boolean {
  const lines = text.split(/\r?\n/);
  if (!complete && lines.length > 1) lines.pop();
  let labelled = false;
  let any = false;
  for (const line of lines) {
    if (line.trim() === '') continue;
    try {
      const parsed = parseImagenetTxtLine(line, { file: '', place: '' });
      if (!IMAGE_EXTENSIONS.includes(extname(parsed.image))) return false;
      any = true;
      if (parsed.labels.length > 0) labelled = true;
    } catch {
      return false;
    }
  }
  return any && labelled;
}

/** A line as Datumaro writes it: the name quoted when it has spaces, then the label ids. */
export function formatImagenetTxtLine(id: string, ext: string, labels: number[]): string {
  const name = /\s/.test(id) ? `"${id}"${ext}` : `${id}${ext}`;
  return `${name} ${labels.join(' ')}`;
}
