/**
 * Every file of the input accounted for. A reader's tree is watched while it reads: a file it opened
 * (whole, a range or a stream) or that an item references as its media is used; every other file is
 * named, with the reason, so that nothing disappears without a word. A read that finds no items, or
 * no annotations where the tree holds files of the format's kind, is an error (unless allowed).
 */
import { DatasetError } from './errors.js';
import { subTree } from './files/backed-tree.js';
import { extname, safeRelativePath } from './files/paths.js';
import type { FileEntry, FileTree } from './files/tree.js';
import type { AnyFormat, ReadOptions } from './format.js';
import { IMAGE_EXTENSIONS } from './media/image-size.js';
import type { DatasetItem, DatasetSource } from './model.js';

/** Why a file of the input was not used. */
export type UnusedReason = 'not a file of this format' | 'an image nothing references' | 'unreadable';

/** A file of the input that the reader did not use, and why. */
export interface UnusedFile {
  path: string;
  reason: UnusedReason;
}

/** What a read made of the files of its tree. */
export interface FileAccount {
  /** Files in the tree. */
  files: number;
  /** Files the reader opened or an item referenced. */
  used: number;
  /** Every other file, by path, with the reason. */
  unused: UnusedFile[];
  /** Items and annotations the read yielded (over the last full pass). */
  items: number;
  annotations: number;
  /** Files of the tree by extension (lower case, with the dot; '' for none). */
  extensions: Record<string, number>;
}

/** A source that keeps account of its tree's files (see `readAccounted`). */
export interface AccountedSource extends DatasetSource {
  /** The account, once the items have been read through (before: what is known so far). */
  files(): Promise<FileAccount>;
  /** The account, or DatasetError('bad-layout') when the read found nothing (see `checkNotEmpty`). */
  verify(): Promise<FileAccount>;
}

/** The source's file account, when it keeps one (a source from `readAccounted`). */
export function accountOfSource(source: DatasetSource): AccountedSource | undefined {
  const s = source as Partial<AccountedSource>;
  return typeof s.files === 'function' && typeof s.verify === 'function' ? (s as AccountedSource) : undefined;
}

interface Watch {
  touched: Set<string>;
  failed: Set<string>;
  /** Files the reader opened and said are not its own. */
  notMine: Set<string>;
  on: boolean;
}

/** `tree` with every file it hands out recorded in `watch` (when on), by its path in `tree`. */
function watchedTree(tree: FileTree, watch: Watch): FileTree {
  const touch = (path: string) => {
    if (watch.on) watch.touched.add(safeRelativePath(path));
  };
  const failed = (path: string) => (e: unknown) => {
    if (watch.on) watch.failed.add(safeRelativePath(path));
    throw e;
  };
  const view: FileTree = {
    name: tree.name,
    list: () => tree.list(),
    stat: (path) => tree.stat(path),
    exists: (path) => tree.exists(path),
    read: (path) => {
      touch(path);
      return tree.read(path).catch(failed(path));
    },
    readRange: (path, start, end) => {
      touch(path);
      return tree.readRange(path, start, end).catch(failed(path));
    },
    stream: (path) => {
      touch(path);
      return tree.stream(path);
    },
    sub: (prefix) => subTree(view, prefix),
  };
  return view;
}

const IMAGES = new Set(IMAGE_EXTENSIONS.map((e) => e.toLowerCase()));
const isImage = (path: string) => IMAGES.has(extname(path).toLowerCase());

function accountOf(
  files: FileEntry[],
  watch: Watch,
  referenced: Set<string>,
  items: number,
  annotations: number,
): FileAccount {
  const unused: UnusedFile[] = [];
  const extensions: Record<string, number> = {};
  for (const { path } of files) {
    const ext = extname(path).toLowerCase();
    extensions[ext] = (extensions[ext] ?? 0) + 1;
    if (watch.failed.has(path)) unused.push({ path, reason: 'unreadable' });
    else if (watch.notMine.has(path) && !referenced.has(path))
      unused.push({ path, reason: 'not a file of this format' });
    else if (watch.touched.has(path) || referenced.has(path)) continue;
    else
      unused.push({
        path,
        reason: isImage(path) ? 'an image nothing references' : 'not a file of this format',
      });
  }
  return { files: files.length, used: files.length - unused.length, unused, items, annotations, extensions };
}

/**
 * Reads `input` with `format` (below `root`, the detected dataset root, when given), keeping account
 * of every file of `input`: what the reader opened and what its items reference is used, the rest is
 * listed by `files()`. Files read while detecting do not count.
 */
export async function readAccounted(
  format: AnyFormat,
  input: FileTree,
  options: ReadOptions = {},
  root = '',
): Promise<AccountedSource> {
  if (!format.read) throw new DatasetError('unsupported', `the format '${format.id}' cannot be read`);
  const watch: Watch = { touched: new Set(), failed: new Set(), notMine: new Set(), on: true };
  const tracked = watchedTree(input, watch);
  const prefix = root === '' ? '' : `${safeRelativePath(root)}/`;
  const onFileNotMine = (path: string) => {
    watch.notMine.add(`${prefix}${safeRelativePath(path)}`);
    options.onFileNotMine?.(path);
  };
  const source = await format.read(root === '' ? tracked : subTree(tracked, root), {
    ...options,
    onFileNotMine,
  });
  const referenced = new Set<string>();
  let items = 0;
  let annotations = 0;
  const note = (item: DatasetItem) => {
    items++;
    annotations += item.annotations.length;
    const path = item.media?.path;
    if (path !== undefined) referenced.add(`${prefix}${path}`);
  };
  const files = async () => accountOf(await input.list(), watch, referenced, items, annotations);
  return {
    categories: source.categories,
    size: source.size,
    infos: source.infos,
    async *items() {
      items = 0;
      annotations = 0;
      for await (const item of source.items()) {
        note(item);
        yield item;
      }
    },
    files,
    async verify() {
      const account = await files();
      checkNotEmpty(account, format, input.name);
      return account;
    },
  };
}

/** The first `n` unused files as one line: `3 files not used: a.txt (not a file of this format), ...`. */
export function describeUnused(account: FileAccount, n = 5): string {
  const shown = account.unused.slice(0, n).map((u) => `${u.path} (${u.reason})`);
  const more = account.unused.length > n ? `, and ${account.unused.length - n} more` : '';
  const files = account.unused.length === 1 ? 'file' : 'files';
  return `${account.unused.length} ${files} not used: ${shown.join(', ')}${more}`;
}

/**
 * Throws DatasetError('bad-layout') when the read found nothing: no items from a tree with files, or
 * no annotations while files of the format's own kind (its extensions, images aside) were left unread:
 * annotation files the reader did not take. Annotation files read and found empty are an honest empty
 * dataset. The message says what was found.
 */
export function checkNotEmpty(account: FileAccount, format: AnyFormat, treeName: string): void {
  if (account.files === 0) return;
  const where = { file: treeName };
  const found = account.unused.length > 0 ? describeUnused(account) : `${account.files} files read`;
  if (account.items === 0) {
    throw new DatasetError(
      'bad-layout',
      `read as ${format.id}, the input gave no items; ${found} (--allow-empty accepts it)`,
      where,
    );
  }
  if (account.annotations > 0 || format.capabilities.annotations.length === 0) return;
  const own = new Set(format.extensions.map((e) => e.toLowerCase()).filter((e) => !IMAGES.has(e)));
  const unread = account.unused.filter((u) => own.has(extname(u.path).toLowerCase()));
  if (unread.length === 0) return;
  throw new DatasetError(
    'bad-layout',
    `read as ${format.id}, ${account.items} items gave no annotations and ${unread.length} of the input's ${[...own].join(', ')} files were not read (${unread
      .slice(0, 3)
      .map((u) => u.path)
      .join(', ')}${unread.length > 3 ? ', ...' : ''}) (--allow-empty accepts it)`,
    where,
  );
}
