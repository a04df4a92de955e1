import type { FileEntry, FileSink, FileTree } from './files/tree.js';
import type { DatasetLimits } from './limits.js';
import type { AnnotationType, DatasetSource, MediaKind } from './model.js';
import type { FormatOptions } from './options.js';
import type { ErrorPolicy } from './read-context.js';
import type { WriteReport } from './report.js';

/** Options every reader takes, besides its own. */
export interface ReadOptions {
  /** Skip bad records (reporting each through onWarning) instead of failing. Default false: strict. */
  lenient?: boolean;
  /** Skip or fail per kind of record (items, annotations); wins over `lenient`. Default: both fail. */
  errorPolicy?: ErrorPolicy;
  /** Called for each skipped record or other thing worth telling the user. */
  onWarning?: (message: string) => void;
  /** Called as work advances (items done, and the total when known). */
  onProgress?: (done: number, total?: number) => void;
  signal?: AbortSignal;
  /** Raise or lower the limits on sizes, depths and bytes (see DEFAULT_LIMITS). */
  limits?: Partial<DatasetLimits>;
  /** Told of a file the reader opened and found not to be its own (`readAccounted` sets it). */
  onFileNotMine?: (path: string) => void;
}

/** Options every writer takes, besides its own. */
export interface WriteOptions {
  /** Called for each thing worth telling the user. */
  onWarning?: (message: string) => void;
  /** Called as work advances (items done, and the total when known). */
  onProgress?: (done: number, total?: number) => void;
  /** Write the media (images) too, where the format can hold them. */
  saveMedia?: boolean;
  signal?: AbortSignal;
  /** Raise or lower the limits on image sizes (see DEFAULT_LIMITS). */
  limits?: Partial<DatasetLimits>;
}

/** Both: for code that passes one object to a reader and a writer. */
export type IoOptions = ReadOptions & WriteOptions;

/** What a format's writer keeps; `convert()` takes out and counts the rest before the writer sees an item. */
export interface FormatCapabilities {
  /** Annotation types write() keeps. Everything else is reported as dropped. */
  annotations: AnnotationType[];
  /** Annotation types write() accepts and turns into another type, reporting each as converted. */
  converts?: Partial<Record<AnnotationType, AnnotationType>>;
  media: MediaKind[];
  /** Keeps objectId (tracks). */
  tracks: boolean;
  /** Keeps annotation and item attributes. */
  attributes: boolean;
  /** Keeps subsets apart. */
  subsets: boolean;
  /** Reads items lazily without holding the whole dataset. */
  streaming: boolean;
  /**
   * write() takes normalised coordinates (`normalized: true` annotations) as they are. Without it,
   * convert() turns them into pixels where the item's image size is known and drops (counting) the rest.
   */
  normalized?: boolean;
  /**
   * write() keeps label parents (a hierarchy, COCO's supercategories) or reports itself what it cannot
   * keep of them. Without it, convert() counts the parents the target loses ('label parent').
   */
  labelParents?: boolean;
  /** write() keeps the dataset's infos (`DatasetSource.infos`); the conformance kit compares them. */
  infos?: boolean;
  /**
   * write() keeps a box's rotation (the bbox's `rotation` attribute, degrees clockwise about its centre).
   * Without it, convert() writes a turned box as its four corners (a polygon) where the format holds
   * polygons, else as the upright box around it, and counts that.
   */
  rotation?: boolean;
}

/** What a detector says of a tree: how sure it is, and where the dataset root is. */
export interface Detection {
  /** 0..1; 1 = certain. */
  confidence: number;
  /** Where inside the tree the dataset's root is, when not at the top ('' or undefined = top). */
  root?: string;
}

/** What a detector is given: the tree, its cached listing, globbing and reading the start of a file. */
export interface DetectContext {
  tree: FileTree;
  /** Every file of the tree (cached listing). */
  files: FileEntry[];
  /** Files whose paths match a glob (`**`, `*`, `?`, `{a,b}`). */
  glob(pattern: string): string[];
  has(path: string): boolean;
  /** The first `bytes` bytes of a file, as text (UTF-8, BOM removed). */
  readHead(path: string, bytes?: number): Promise<string>;
  /** Gives up on this format, saying why (shown by `detect --explain`). */
  reject(reason: string): never;
}

/** A format: a plain object of metadata (id, title, capabilities, options), a detector, a reader and a writer. */
export interface Format<R = object, W = object> {
  /** Datumaro's name: 'coco_instances', 'voc_detection', 'yolo'. */
  id: string;
  title: string;
  /** Other ids that name this format ('cvat_images' for 'cvat'). */
  aliases?: string[];
  /** File extensions the format's annotation files use: a cheap pre-filter for detection. */
  extensions: string[];
  capabilities: FormatCapabilities;
  /** The reader's and the writer's own options, described as data (types derive from it). */
  options?: FormatOptions;
  detect?(ctx: DetectContext): Promise<Detection>;
  read?(tree: FileTree, options?: R & ReadOptions): Promise<DatasetSource>;
  write?(source: DatasetSource, out: FileSink, options?: W & WriteOptions): Promise<WriteReport>;
}

/** A format whatever its options. */
export type AnyFormat = Format<any, any>;

/** Checks a format object's shape and returns it (typed). */
export function defineFormat<R = object, W = object>(format: Format<R, W>): Format<R, W> {
  if (!/^[a-z0-9_]+$/.test(format.id))
    throw new TypeError(`format id '${format.id}' must be lower_snake_case`);
  if (!format.title) throw new TypeError(`format '${format.id}' needs a title`);
  if (!format.read && !format.write) throw new TypeError(`format '${format.id}' neither reads nor writes`);
  return format;
}

/** Thrown by DetectContext.reject. */
export class DetectRejection extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'DetectRejection';
  }
}
