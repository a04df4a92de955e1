/**
 * One error policy and one item loop for every reader and writer (as Datumaro's ImportContext with its
 * ProgressReporter): the context carries progress, abort and the error policy, so no format counts
 * items, checks a signal or decides on leniency by hand.
 *
 * The policy separates item errors from annotation errors. Strict (the default) throws both; lenient
 * (`lenient: true`, or `errorPolicy`) reports a skipped record through `onWarning` and goes on. Only a
 * DatasetError is ever skipped: anything else (a TypeError, a RangeError) is a bug and is thrown.
 * An abort is a DatasetError 'aborted', the one error every caller knows, and is never skipped.
 */
import { DatasetError, isDatasetError } from './errors.js';
import { type DatasetLimits, limitsOf } from './limits.js';
import type { Categories, DatasetItem, DatasetSource } from './model.js';

/** What to do with a record that failed with a DatasetError: stop (`fail`) or report it and go on. */
export type ErrorAction = 'fail' | 'skip';

/** The error policy, by kind of record (Datumaro's `report_item_error` / `report_annotation_error`). */
export interface ErrorPolicy {
  /** A whole item (an image entry, an annotation file) that cannot be read. Default 'fail'. */
  items?: ErrorAction;
  /** One annotation of an otherwise good item. Default 'fail'. */
  annotations?: ErrorAction;
}

/** What a read context is made from: the options a reader or writer was given. */
export interface ReadContextOptions {
  /** Both kinds of record skipped and reported (`errorPolicy` says it per kind). */
  lenient?: boolean;
  /** The policy per kind of record; wins over `lenient`. */
  errorPolicy?: ErrorPolicy;
  onWarning?: (message: string) => void;
  /** Items done (and the total when known), from the context's item loop. */
  onProgress?: (done: number, total?: number) => void;
  signal?: AbortSignal;
  limits?: Partial<DatasetLimits>;
  /** Told of a file the reader opened and found not to be its own (see `ReadContext.notMine`). */
  onFileNotMine?: (path: string) => void;
}

/** Where a failed record was: a place inside a file, or the file itself. */
export type RecordWhere = string | { file: string; place?: string };

/** One entry of a reader's item loop turned into an item; `undefined` yields nothing for it. */
export type MakeItem<E> = (
  entry: E,
  index: number,
) => DatasetItem | undefined | Promise<DatasetItem | undefined>;

/** Options of a reader's item loop (`ReadContext.items`): the total and where each entry is. */
export interface ItemLoopOptions<E> {
  /** The number of entries, when known (progress shows a total). */
  total?: number;
  /** Where an entry is, for the warning when it is skipped (its file, or a place in one). */
  where?: (entry: E, index: number) => RecordWhere | undefined;
}

/** The context a reader or writer works in: the error policy, the limits, abort, progress and warnings. */
export interface ReadContext {
  /** True when some kind of record is skipped rather than failing (for messages; use the methods). */
  readonly lenient: boolean;
  readonly policy: Required<ErrorPolicy>;
  readonly limits: DatasetLimits;
  /**
   * A record failed with `error`. Under the policy for `kind` (default: annotation) a DatasetError's
   * message is passed to `onWarning` (placed at `where` when it names no file) and reading goes on;
   * otherwise, or for any other error, it is thrown.
   */
  skip(error: unknown, where?: RecordWhere, kind?: keyof ErrorPolicy): void;
  /** Runs `fn` for one annotation; a failure goes through `skip` (`undefined` comes back when skipped). */
  attempt<T>(fn: () => T, where?: RecordWhere): T | undefined;
  /** The async form of `attempt`. */
  attemptAsync<T>(fn: () => Promise<T>, where?: RecordWhere): Promise<T | undefined>;
  /** Runs `fn` for one whole item (or file of items) under the item policy. */
  attemptItem<T>(fn: () => Promise<T> | T, where?: RecordWhere): Promise<T | undefined>;
  /**
   * The reader's item loop: each entry made into an item, abort checked between entries, progress
   * counted, and an entry whose making failed with a DatasetError skipped under the item policy.
   */
  items<E>(
    entries: Iterable<E> | AsyncIterable<E>,
    make: MakeItem<E>,
    options?: ItemLoopOptions<E>,
  ): AsyncGenerator<DatasetItem>;
  /** The writer's item loop (or any loop over records): abort checked and progress counted per element. */
  iter<T>(elements: Iterable<T> | AsyncIterable<T>, total?: number): AsyncGenerator<T>;
  /** Throws DatasetError 'aborted' once the signal is aborted. Call it inside long work on one record. */
  check(): void;
  /** Tells the user something worth knowing (no-op without `onWarning`). */
  warn(message: string): void;
  /**
   * The reader opened `path` (relative to its tree) and found it is not a file of its format: the file
   * account lists it as not used, although it was read.
   */
  notMine(path: string): void;
}

// Readers and writers ask for the context of their options object once per record: it is made once per
// object and kept, so the per-item call costs a lookup, not a new context with its limits checked again.
const contexts = new WeakMap<ReadContextOptions, ReadContext>();
const NO_OPTIONS: ReadContextOptions = {};

/** The read context of an options object (made once per object and kept): use it for the item loop, the error policy, abort and limits. */
export function readContext(options: ReadContextOptions = NO_OPTIONS): ReadContext {
  let ctx = contexts.get(options);
  if (!ctx) {
    ctx = makeContext(options);
    contexts.set(options, ctx);
  }
  return ctx;
}

function policyOf(options: ReadContextOptions): Required<ErrorPolicy> {
  const dflt: ErrorAction = options.lenient === true ? 'skip' : 'fail';
  return {
    items: options.errorPolicy?.items ?? dflt,
    annotations: options.errorPolicy?.annotations ?? dflt,
  };
}

function placed(error: DatasetError, where: RecordWhere | undefined): DatasetError {
  if (where === undefined) return error;
  return typeof where === 'string' ? error.withLocation(where) : error.withLocation(where.file, where.place);
}

function makeContext(options: ReadContextOptions): ReadContext {
  const policy = policyOf(options);
  const limits = limitsOf(options);
  const warn = (message: string) => options.onWarning?.(message);
  const check = () => {
    if (options.signal?.aborted) throw new DatasetError('aborted', 'the operation was aborted');
  };
  const skip = (error: unknown, where?: RecordWhere, kind: keyof ErrorPolicy = 'annotations'): void => {
    if (policy[kind] !== 'skip' || !isDatasetError(error) || error.code === 'aborted') throw error;
    warn(placed(error as DatasetError, where).message);
  };
  const ctx: ReadContext = {
    lenient: policy.items === 'skip' || policy.annotations === 'skip',
    policy,
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
    async attemptItem(fn, where) {
      try {
        return await fn();
      } catch (e) {
        skip(e, where, 'items');
        return undefined;
      }
    },
    async *items(entries, make, loop = {}) {
      let index = 0;
      let done = 0;
      for await (const entry of entries) {
        check();
        const i = index++;
        let item: DatasetItem | undefined;
        try {
          item = await make(entry, i);
        } catch (e) {
          skip(e, loop.where?.(entry, i), 'items');
        }
        if (item !== undefined) yield item;
        options.onProgress?.(++done, loop.total);
      }
    },
    async *iter(elements, total) {
      let done = 0;
      for await (const element of elements) {
        check();
        yield element;
        options.onProgress?.(++done, total);
      }
    },
    check,
    warn,
    notMine: (path) => options.onFileNotMine?.(path),
  };
  return ctx;
}

/** What a reader hands `readerSource`: its categories and the entries its item loop makes items of. */
export interface ReaderSourceInit<E> extends ItemLoopOptions<E> {
  categories: Categories;
  infos?: Record<string, unknown>;
  /** The entries (one per item, or per file of items), or a function that lists them anew per pass. */
  entries: readonly E[] | (() => Iterable<E> | AsyncIterable<E>);
  /** Each entry as an item (`undefined`: nothing for it). Runs under the context's item policy. */
  make: MakeItem<E>;
}

/**
 * A reader's DatasetSource from its entries, with core's item loop around them: the one `items()`
 * every reader would otherwise write (progress, abort and the item error policy from `options`).
 * `size` is the number of entries when they are a list and no `total` is given.
 */
export function readerSource<E>(options: ReadContextOptions, init: ReaderSourceInit<E>): DatasetSource {
  const ctx = readContext(options);
  const { entries, make, where, categories, infos } = init;
  const total = init.total ?? (Array.isArray(entries) ? entries.length : undefined);
  return {
    categories,
    infos,
    size: total,
    items: () => ctx.items(typeof entries === 'function' ? entries() : entries, make, { total, where }),
  };
}
