/**
 * One error policy for every reader and writer (as Datumaro's ImportContext): strict by default,
 * lenient on request. In lenient mode a bad record that raised a DatasetError is reported through
 * `onWarning` and skipped; anything else (a TypeError, a RangeError) is a bug and is thrown, never
 * swallowed. An abort is a DatasetError 'aborted', the one error every caller knows.
 */
import { DatasetError, isDatasetError } from './errors.js';
import { type DatasetLimits, limitsOf } from './limits.js';

export interface ReadContextOptions {
  lenient?: boolean;
  onWarning?: (message: string) => void;
  signal?: AbortSignal;
  limits?: Partial<DatasetLimits>;
}

export interface ReadContext {
  readonly lenient: boolean;
  readonly limits: DatasetLimits;
  /**
   * A record failed with `error`. Lenient: a DatasetError's message is passed to `onWarning` (placed
   * at `where` when it names no file) and reading goes on; strict, or any other error: it is thrown.
   */
  skip(error: unknown, where?: string): void;
  /** Runs `fn`; a failure goes through `skip` (so `undefined` comes back for a skipped record). */
  attempt<T>(fn: () => T, where?: string): T | undefined;
  /** The async form of `attempt`. */
  attemptAsync<T>(fn: () => Promise<T>, where?: string): Promise<T | undefined>;
  /** Throws DatasetError 'aborted' once the signal is aborted. Call it between records. */
  check(): void;
  /** Tells the user something worth knowing (no-op without `onWarning`). */
  warn(message: string): void;
}

// Readers and writers ask for the context of their options object once per record: it is made once per
// object and kept, so the per-item call costs a lookup, not a new context with its limits checked again.
const contexts = new WeakMap<ReadContextOptions, ReadContext>();
const NO_OPTIONS: ReadContextOptions = {};

export function readContext(options: ReadContextOptions = NO_OPTIONS): ReadContext {
  let ctx = contexts.get(options);
  if (!ctx) {
    ctx = makeContext(options);
    contexts.set(options, ctx);
  }
  return ctx;
}

function makeContext(options: ReadContextOptions): ReadContext {
  const lenient = options.lenient === true;
  const limits = limitsOf(options);
  const warn = (message: string) => options.onWarning?.(message);
  const skip = (error: unknown, where?: string): void => {
    if (!lenient || !isDatasetError(error)) throw error;
    const e = where !== undefined ? (error as DatasetError).withLocation(where) : (error as DatasetError);
    warn(e.message);
  };
  const ctx: ReadContext = {
    lenient,
    limits,
    skip,
    attempt(fn, where) {
      try {
        return fn();
      } catch (e) {
        skip(e, where);
        return undefined;
      }
    },
    async attemptAsync(fn, where) {
      try {
        return await fn();
      } catch (e) {
        skip(e, where);
        return undefined;
      }
    },
    check() {
      if (options.signal?.aborted) throw new DatasetError('aborted', 'the operation was aborted');
    },
    warn,
  };
  return ctx;
}
