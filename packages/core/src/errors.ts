/**
 * Every failure a user can cause (a bad file, a bad option, an output that already exists) is a
 * DatasetError: a stable `code`, the file it concerns and, where known, the place inside it.
 * The message reads `file: place: what is wrong`, one line, fit for a terminal.
 */
/**
 * The closed list of error codes. A code says what kind of thing went wrong, for programs to branch
 * on; what exactly (which field, which format) goes in the message.
 */
export const ERROR_CODES = [
  'not-found',
  'bad-json',
  'bad-xml',
  'bad-csv',
  'bad-yaml',
  'bad-line',
  'bad-image',
  'bad-zip',
  'bad-binary',
  'bad-field',
  'bad-value',
  'bad-layout',
  'unknown-label',
  'duplicate-item',
  'unsafe-path',
  'output-exists',
  'too-large',
  'aborted',
  'unsupported',
  'lossy-conversion',
  'bad-option',
  'unknown-format',
] as const;

/** One of ERROR_CODES. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A failure the user can cause: a stable `code`, the file and the place, and a one-line message `file: place: what is wrong`. */
export class DatasetError extends Error {
  readonly code: ErrorCode;
  readonly file?: string;
  readonly place?: string;
  /** The bare description, without file and place. */
  readonly detail: string;

  constructor(
    code: ErrorCode,
    message: string,
    where: { file?: string; place?: string; cause?: unknown } = {},
  ) {
    const prefix = [where.file, where.place].filter((s) => s !== undefined && s !== '').join(': ');
    super(
      oneLine(prefix ? `${prefix}: ${message}` : message),
      where.cause === undefined ? undefined : { cause: where.cause },
    );
    this.name = 'DatasetError';
    this.code = code;
    this.file = where.file;
    this.place = where.place;
    this.detail = message;
  }

  /** The same error, placed in a file (and optionally a place) when it had none. */
  withLocation(file: string, place?: string): DatasetError {
    if (this.file !== undefined) return this;
    const joined = place && this.place ? `${place}.${this.place}` : (place ?? this.place);
    return new DatasetError(this.code, this.detail, { file, place: joined, cause: this.cause });
  }
}

/** Control characters (a newline in an id, say) escaped, so that a message stays one line. */
function oneLine(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are what is escaped
  return s.replace(/[\u0000-\u001f\u007f]/g, (c) =>
    c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** True for a DatasetError (also one from another copy of core). */
export function isDatasetError(e: unknown): e is DatasetError {
  return e instanceof DatasetError || (e instanceof Error && e.name === 'DatasetError' && 'code' in e);
}

/**
 * Runs `fn`, turning any failure that is not already a DatasetError (a TypeError from a malformed
 * record, say) into one that names the file and place, so bad input never surfaces as a stack trace.
 */
export function inFile<T>(file: string, fn: () => T, place?: string): T {
  try {
    return fn();
  } catch (e) {
    throw wrapError(e, file, place);
  }
}

/** Any error as a DatasetError placed in `file` (and `place`); a DatasetError is placed, not replaced. Not for making any error skippable: a format leaves the error policy to core. */
export function wrapError(e: unknown, file: string, place?: string): DatasetError {
  if (isDatasetError(e)) return (e as DatasetError).withLocation(file, place);
  const message = e instanceof Error ? e.message : String(e);
  return new DatasetError('bad-value', message, { file, place, cause: e });
}
