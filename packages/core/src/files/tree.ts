/**
 * FileTree (read side) and FileSink (write side): where a dataset lives, whether a directory, a zip
 * archive or memory. Paths are always '/'-separated and relative to the tree's root. Formats never
 * touch the disk directly; they go through these, so zip archives and the browser work too.
 */
export interface FileEntry {
  /** '/'-separated, relative to the tree root. */
  path: string;
  size: number;
}

/** Where a dataset is read from: a directory, a zip archive or memory, with '/'-separated relative paths. */
export interface FileTree {
  /** What to call this tree in messages: a directory path, an archive name. */
  readonly name: string;
  /** Every file below the root, recursively, sorted by path. Cached by implementations. */
  list(): Promise<FileEntry[]>;
  stat(path: string): Promise<FileEntry | undefined>;
  exists(path: string): Promise<boolean>;
  /** The whole file. A missing file is a DatasetError with code 'not-found'. */
  read(path: string): Promise<Uint8Array>;
  /** Bytes [start, end) of the file (fewer at its end): for headers without reading whole files. */
  readRange(path: string, start: number, end: number): Promise<Uint8Array>;
  /** The file in chunks, for files too large to hold. */
  stream(path: string): AsyncIterable<Uint8Array>;
  /** A view of the tree below `prefix` (a folder). */
  sub(prefix: string): FileTree;
}

/** A file written in chunks (`FileSink.open`), for outputs too large to build in memory. */
export interface FileWriter {
  write(chunk: Uint8Array | string): Promise<void>;
  close(): Promise<void>;
}

/** Where a writer puts files: a directory, a zip archive or memory; nothing is visible before `commit()`. */
export interface FileSink {
  readonly name: string;
  write(path: string, data: Uint8Array | string): Promise<void>;
  /** A streaming writer, for outputs too large to build in memory. */
  open(path: string): Promise<FileWriter>;
  /** Makes everything written visible at once. Nothing is visible before. */
  commit(): Promise<void>;
  /** Discards everything written. */
  abort(): Promise<void>;
}
