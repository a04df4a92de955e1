import type { OptionValues } from '@labelport/core';
import {
  type Annotation,
  type Attributes,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type FileTree,
  type IoOptions,
  isDatasetError,
  readContext,
} from '@labelport/core';
import {
  basename,
  decodeText,
  dirname,
  extname,
  joinPath,
  safeRelativePath,
  stripExtension,
} from '@labelport/core/files';
import { IMAGE_EXTENSIONS, readImageSize } from '@labelport/core/media';
import type { cvatReadOptions } from '../options.js';
import { interpolateTrack, type TrackedShape } from './cvat-interpolate.js';
import { CvatLabels, type CvatMeta, parseCvatMeta } from './cvat-meta.js';
import {
  CVAT_SHAPES,
  parseShape,
  readAttributes,
  resolveLabel,
  type ShapeContext,
  shapeError,
  type TrackInfo,
} from './cvat-shapes.js';
import { fileContains, scanAttributeValues } from './xml-scan.js';
import { streamXml, streamXmlChildren, type XmlElement } from './xml-stream.js';

export type CvatReadOptions = OptionValues<typeof cvatReadOptions>;

interface CvatFile {
  path: string;
  /** The subset of items that name none: the file's name without extension (as Datumaro does). */
  subset: string;
  meta: CvatMeta;
}

const IMAGES_DIR = 'images';

/** True when the text starts (after a declaration and comments) with an `<annotations>` element. */
export function looksLikeCvatXml(head: string): boolean {
  const s = head
    .replace(/^\uFEFF/, '')
    .replace(/<\?[\s\S]*?\?>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .trimStart();
  return /^<annotations[\s>]/.test(s);
}

/** The CVAT XML files of a tree: those at the top level, else anywhere below it. */
export async function findCvatFiles(tree: FileTree): Promise<string[]> {
  const xml = (await tree.list()).filter((f) => extname(f.path) === '.xml').map((f) => f.path);
  const top = xml.filter((p) => !p.includes('/'));
  const out: string[] = [];
  for (const candidates of [top, xml.filter((p) => p.includes('/'))]) {
    for (const p of candidates) {
      if (looksLikeCvatXml(decodeText(await tree.readRange(p, 0, 1024)))) out.push(p);
    }
    if (out.length > 0) break;
  }
  return out;
}

/** The `<meta>` of a file: read up to its end and no further. */
async function readMeta(tree: FileTree, path: string, signal?: AbortSignal): Promise<CvatMeta> {
  for await (const el of streamXmlChildren(tree, path, { root: 'annotations', signal })) {
    if (el.name === 'meta') return parseCvatMeta(el);
    if (el.name === 'image' || el.name === 'track' || el.name === 'tag') break;
  }
  throw new DatasetError(
    'bad-xml',
    'the file has no <meta> before its annotations (the labels are declared there)',
    {
      file: path,
    },
  );
}

/**
 * CVAT's own examples tag images with labels that `<meta>` does not declare: such labels of `<tag>`
 * elements are declared (after the others) with one warning, so the categories are whole before the
 * first item. Shapes still need declared labels.
 */
async function declareTagLabels(
  tree: FileTree,
  files: CvatFile[],
  labels: CvatLabels,
  options: IoOptions,
): Promise<void> {
  const undeclared = new Set<string>();
  for (const file of files)
    for (const name of await scanAttributeValues(tree, file.path, 'tag', 'label'))
      if (name !== '' && labels.find(name) === undefined) undeclared.add(name);
  if (undeclared.size === 0) return;
  labels.declare([...undeclared]);
  options.onWarning?.(
    `labels of <tag> elements not declared in <meta> were added to the labels: ${[...undeclared].join(', ')}`,
  );
}

interface Draft {
  subset: string;
  frame: number;
  name?: string;
  width?: number;
  height?: number;
  annotations: Annotation[];
  fromTrack: boolean;
}

/**
 * Reads CVAT XML 1.1, for images (`<image>` elements) and for video (`<track>` elements), from one
 * or more XML files (one subset each, named after the file, unless images or tracks name theirs).
 * A file of images only is streamed item by item; a file with tracks is read in one streaming pass
 * that holds one shape element at a time and gathers the annotations by frame.
 */
export async function readCvat(
  tree: FileTree,
  options: CvatReadOptions & IoOptions = {},
): Promise<DatasetSource> {
  const paths = await findCvatFiles(tree);
  if (paths.length === 0) {
    throw new DatasetError(
      'bad-xml',
      'no CVAT annotation file (an XML file with an <annotations> root) was found',
      {
        file: tree.name,
      },
    );
  }
  const labels = new CvatLabels();
  const files: CvatFile[] = [];
  for (const path of paths) {
    const meta = await readMeta(tree, path, options.signal);
    labels.add(meta);
    files.push({ path, subset: stripExtension(basename(path)), meta });
  }
  await declareTagLabels(tree, files, labels, options);
  const listing = new Set((await tree.list()).map((f) => f.path));
  // Frame images of a video export have no <image> element: find them by stem, whatever the extension.
  const byStem = new Map<string, string>();
  for (const p of listing) {
    if (IMAGE_EXTENSIONS.includes(extname(p))) {
      const key = stripExtension(p);
      if (!byStem.has(key)) byStem.set(key, p);
    }
  }
  const hasTracks = new Map<string, boolean>();

  return {
    categories: labels.categories,
    async *items() {
      let done = 0;
      for (const file of files) {
        let tracks = hasTracks.get(file.path);
        if (tracks === undefined) {
          tracks = await fileContains(tree, file.path, '<track');
          hasTracks.set(file.path, tracks);
        }
        const reader = new CvatFileReader(tree, file, labels, listing, byStem, options);
        const gen = tracks ? reader.readGathered() : reader.readStreamed();
        for await (const item of gen) {
          yield item;
          options.onProgress?.(++done);
        }
      }
    },
  };
}

class CvatFileReader {
  constructor(
    private readonly tree: FileTree,
    private readonly file: CvatFile,
    private readonly labels: CvatLabels,
    private readonly listing: Set<string>,
    private readonly byStem: Map<string, string>,
    private readonly options: CvatReadOptions & IoOptions,
  ) {}

  private children() {
    return streamXmlChildren(this.tree, this.file.path, { root: 'annotations', signal: this.options.signal });
  }

  /** Runs `fn`; with `lenient`, a bad record is skipped and reported instead of failing. */
  private guard<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (this.options.lenient && isDatasetError(e)) {
        this.options.onWarning?.(e.message);
        return undefined;
      }
      throw e;
    }
  }

  /** Images only: each `<image>` becomes an item as soon as it closes. */
  async *readStreamed(): AsyncGenerator<DatasetItem> {
    for await (const el of this.children()) {
      if (el.name !== 'image') continue;
      const draft = this.guard(() => this.imageDraft(el));
      if (draft) yield await this.toItem(draft);
    }
  }

  /** Tracks (and maybe images): shapes gathered by frame, items in frame order at the end. */
  async *readGathered(): AsyncGenerator<DatasetItem> {
    const frames = new Map<string, Map<number, Draft>>();
    let lastSubset: string | undefined;
    let lastFrames: Map<number, Draft> | undefined;
    const at = (subset: string, frame: number): Draft => {
      if (subset !== lastSubset) {
        lastSubset = subset;
        lastFrames = frames.get(subset);
        if (!lastFrames) {
          lastFrames = new Map();
          frames.set(subset, lastFrames);
        }
      }
      let d = lastFrames!.get(frame);
      if (!d) {
        d = { subset, frame, annotations: [], fromTrack: true };
        lastFrames!.set(frame, d);
      }
      return d;
    };
    // A track is read shape by shape (split), so only its header and the shapes made so far are held.
    let track: { info: TrackInfo; subset: string; shapes: TrackedShape[]; ctx: ShapeContext } | undefined;
    const events = streamXml(this.tree, this.file.path, {
      root: 'annotations',
      split: TRACK,
      signal: this.options.signal,
    });
    for await (const batch of events) {
      for (const ev of batch) {
        if (ev.kind === 'element' && ev.el.name === 'image') {
          const draft = this.guard(() => this.imageDraft(ev.el));
          if (!draft) continue;
          const d = at(draft.subset, draft.frame);
          d.name = draft.name;
          d.width = draft.width;
          d.height = draft.height;
          d.fromTrack = false;
          for (const a of draft.annotations) d.annotations.push(a);
        } else if (ev.kind === 'open') {
          const ctx = this.trackContext();
          const info = this.guard(() => trackInfo(ev.el, ctx));
          track = info ? { info, subset: this.subsetOf(ev.el), shapes: [], ctx } : undefined;
        } else if (ev.kind === 'child' && track && CVAT_SHAPES.has(ev.el.name)) {
          const t = track;
          const c = ev.el;
          const shape = this.guard(() => {
            const frame = Number(c.attrs.frame);
            if (c.attrs.frame === undefined || !Number.isInteger(frame)) {
              throw shapeError(c, t.ctx, `'frame' must be a whole number (got '${c.attrs.frame ?? ''}')`);
            }
            return { frame, ann: parseShape(c, t.ctx, t.info) };
          });
          if (!shape) continue;
          if (this.options.interpolate) t.shapes.push(shape);
          else at(t.subset, shape.frame).annotations.push(shape.ann);
        } else if (ev.kind === 'close' && track) {
          if (this.options.interpolate) {
            const { shapes } = track;
            for (const s of interpolateTrack(shapes, this.file.meta.frameStep, this.file.meta.stopFrame))
              shapes.push(s);
            for (const s of shapes) at(track.subset, s.frame).annotations.push(s.ann);
          }
          track = undefined;
        }
      }
    }
    for (const byFrame of frames.values()) {
      const drafts = [...byFrame.values()].sort((a, b) => a.frame - b.frame);
      byFrame.clear();
      for (const d of drafts) yield await this.toItem(d);
    }
  }

  /** The element's subset: its own, its project task's, else the file's. */
  private subsetOf(el: XmlElement): string {
    return (
      el.attrs.subset ||
      (el.attrs.task_id && this.file.meta.taskSubsets.get(el.attrs.task_id)) ||
      this.file.subset
    );
  }

  private frameSize() {
    return this.file.meta.frameSize;
  }

  private imageDraft(el: XmlElement): Draft {
    const ctx0 = { file: this.file.path };
    const id = el.attrs.id;
    const frame = id === undefined ? Number.NaN : Number(id);
    if (!Number.isInteger(frame))
      throw shapeError(el, ctx0, `'id' must be a whole number (got '${id ?? ''}')`);
    const dim = (k: 'width' | 'height') => {
      const v = el.attrs[k];
      if (v === undefined || v === '') return undefined;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0)
        throw shapeError(el, ctx0, `'${k}' must be a whole number (got '${v}')`);
      return n;
    };
    const width = dim('width') ?? this.frameSize()?.width;
    const height = dim('height') ?? this.frameSize()?.height;
    const { limits } = readContext(this.options);
    const ctx: ShapeContext = { file: this.file.path, labels: this.labels, width, height, limits };
    const annotations: Annotation[] = [];
    for (const c of el.children) {
      const ann = this.guard(() => {
        if (CVAT_SHAPES.has(c.name)) return parseShape(c, ctx);
        if (c.name === 'tag') return parseTag(c, ctx);
        return undefined;
      });
      if (ann) annotations.push(ann);
    }
    return {
      subset: this.subsetOf(el),
      frame,
      name: el.attrs.name,
      width,
      height,
      annotations,
      fromTrack: false,
    };
  }

  private trackContext(): ShapeContext {
    return {
      file: this.file.path,
      labels: this.labels,
      width: this.frameSize()?.width,
      height: this.frameSize()?.height,
      limits: readContext(this.options).limits,
    };
  }

  private async toItem(d: Draft): Promise<DatasetItem> {
    const name = d.name ?? `frame_${String(d.frame).padStart(6, '0')}.png`;
    const safeName = safeRelativePath(name, { file: this.file.path, place: `image ${d.frame}` });
    const id = stripExtension(safeName);
    // Images sit in images/, images/<subset>/ or beside the XML. A name without its extension (CVAT
    // names video frames so in an images export) and track frames are looked up by stem.
    const dir = dirname(this.file.path);
    const candidates = [
      joinPath(dir, IMAGES_DIR, safeName),
      joinPath(dir, IMAGES_DIR, d.subset, safeName),
      joinPath(dir, safeName),
    ];
    let path = d.name !== undefined ? candidates.find((p) => this.listing.has(p)) : undefined;
    if (!path && (d.name === undefined || !IMAGE_EXTENSIONS.includes(extname(safeName)))) {
      path =
        this.byStem.get(joinPath(dir, IMAGES_DIR, id)) ??
        this.byStem.get(joinPath(dir, IMAGES_DIR, d.subset, id)) ??
        this.byStem.get(joinPath(dir, id));
    }
    let width = d.width ?? this.frameSize()?.width;
    let height = d.height ?? this.frameSize()?.height;
    if (path && (width === undefined || height === undefined)) {
      const size = await readImageSize(this.tree, path);
      width ??= size?.width;
      height ??= size?.height;
    }
    const tree = this.tree;
    const found = path;
    const media: DatasetItem['media'] = { kind: 'image', path: path ?? candidates[0] };
    if (width !== undefined) media.width = width;
    if (height !== undefined) media.height = height;
    if (d.fromTrack) media.frame = d.frame;
    if (found) media.bytes = () => tree.read(found);
    const attributes: Attributes = { frame: d.frame };
    return { id, subset: d.subset, media, annotations: d.annotations, attributes };
  }
}

const TRACK = new Set(['track']);

/** What a `<track>` element gives all its shapes. */
function trackInfo(el: XmlElement, ctx: ShapeContext): TrackInfo {
  const id = Number(el.attrs.id);
  if (el.attrs.id === undefined || !Number.isInteger(id)) {
    throw shapeError(el, ctx, `'id' must be a whole number (got '${el.attrs.id ?? ''}')`);
  }
  const group = el.attrs.group_id !== undefined ? Number(el.attrs.group_id) : undefined;
  if (group !== undefined && !Number.isInteger(group))
    throw shapeError(el, ctx, `'group_id' is not a whole number`);
  return { id, label: resolveLabel(el, ctx, el.attrs.label), group, source: el.attrs.source };
}

function parseTag(el: XmlElement, ctx: ShapeContext): Annotation {
  const label = resolveLabel(el, ctx, el.attrs.label);
  const attributes: Attributes = {};
  if (el.attrs.source !== undefined) attributes.source = el.attrs.source;
  readAttributes(el, ctx, label, attributes);
  const ann: Annotation = { type: 'label', attributes };
  if (label !== undefined) ann.label = label;
  const group = el.attrs.group_id !== undefined ? Number(el.attrs.group_id) : 0;
  if (!Number.isInteger(group)) throw shapeError(el, ctx, `'group_id' is not a whole number`);
  if (group) ann.group = group;
  return ann;
}
