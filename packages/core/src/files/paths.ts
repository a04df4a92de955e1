import { DatasetError } from '../errors.js';

/**
 * Normalises a path that comes from inside a dataset (a file_name in a JSON, an entry in a zip) to a
 * safe relative '/'-separated path. '..' that leaves the root, absolute paths and drive letters are
 * errors: a dataset must never reach outside its root.
 */
export function safeRelativePath(path: string, where?: { file?: string; place?: string }): string {
  const p = path.replace(/\\/g, '/');
  if (p.startsWith('/') || /^[a-zA-Z]:/.test(p) || p.includes('\0')) {
    throw new DatasetError(
      'unsafe-path',
      `path '${path}' is absolute; paths must be relative to the dataset root`,
      where,
    );
  }
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) {
        throw new DatasetError('unsafe-path', `path '${path}' leaves the dataset root`, where);
      }
      out.pop();
    } else {
      out.push(part);
    }
  }
  return out.join('/');
}

/** Joins '/'-separated parts, dropping empty ones. */
export function joinPath(...parts: string[]): string {
  return parts
    .filter((p) => p !== '')
    .join('/')
    .replace(/\/{2,}/g, '/');
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The extension with its dot, lower-cased ('' when none): `a/b.JPG` -> `.jpg`. */
export function extname(path: string): string {
  const b = basename(path);
  const i = b.lastIndexOf('.');
  return i <= 0 ? '' : b.slice(i).toLowerCase();
}

/** The path without its extension: `a/b.jpg` -> `a/b`. */
export function stripExtension(path: string): string {
  const b = basename(path);
  const i = b.lastIndexOf('.');
  return i <= 0 ? path : path.slice(0, path.length - (b.length - i));
}

/**
 * Glob matching over '/'-separated paths: `*` matches within a segment, `**` any number of segments,
 * `?` one character, `{a,b}` alternatives. Case-sensitive.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else {
          re += '.*';
        }
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) throw new RangeError(`unclosed '{' in glob ${glob}`);
      re += `(?:${glob
        .slice(i + 1, end)
        .split(',')
        .map((s) => s.replace(/[.+^${}()|[\]\\*?]/g, '\\$&'))
        .join('|')})`;
      i = end;
    } else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * Why `name` (a label, say) cannot be one file or folder name as it is: empty, `.` or `..`, a `/` or
 * `\`, or a control character. `undefined` when it can.
 */
export function fileNameProblem(name: string): string | undefined {
  if (name === '' || name === '.' || name === '..') return `is '${name}'`;
  if (/[/\\]/.test(name)) return "has a '/' or '\\'";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'has a control character';
  return undefined;
}

/** One character as `%XX`. */
export const percentEscape = (c: string): string =>
  `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * `name` as (part of) one file name that reads back: `%`, `/`, `\` and control characters
 * percent-escaped (Open Images' `/m/0cmf2` is `%2Fm%2F0cmf2`); other names are unchanged.
 * `unescapeFileName` undoes it.
 */
export function escapeFileName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped
  return name.replace(/[%/\\\u0000-\u001f\u007f]/g, percentEscape);
}

/** A file name part as the name it stands for: every `%XX` undone. */
export function unescapeFileName(part: string): string {
  return part.includes('%')
    ? part.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)))
    : part;
}
