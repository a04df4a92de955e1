import {
  type Annotation,
  type Attributes,
  type DatasetItem,
  type FileTree,
  type OptionValues,
  type ReadContext,
  type ReadOptions,
  readContext,
} from '@labelport/core';
import { dirname, extname, joinPath, safeRelativePath, stripExtension } from '@labelport/core/files';
import { IMAGE_EXTENSIONS, readImageSize } from '@labelport/core/media';
import type { cvatReadOptions } from '../options.js';
import { interpolateTrack, type TrackedShape } from './cvat-interpolate.js';
import type { CvatLabels, CvatMeta } from './cvat-meta.js';
import {
  CVAT_SHAPES,
  parseShape,
  readAttributes,
  resolveLabel,
  type ShapeContext,
  shapeError,
  type TrackInfo,
} from './cvat-shapes.js';
import { streamXml, streamXmlChildren, type XmlElement, type XmlEvent } from './xml-stream.js';

export interface CvatFile {
  path: string;
  /** The subset of items that name none: the file's name without extension (as Datumaro does). */
  subset: string;
  meta: CvatMeta;
}

/** The tree, its files and its images by path without extension (frames are found by stem). */
export interface CvatTree {
  tree: FileTree;
  listing: Set<string>;
  byStem: Map<string, string>;
}

/** What an item is made of: an `<image>`, or the shapes of tracks on one frame. */
interface Draft {
  subset: string;
  frame: number;
  name?: string;
  width?: number;
  height?: number;
  annotations: Annotation[];
  fromTrack: boolean;
}

/** The `<track>` being read: its header and, to interpolate, the shapes read so far. */
interface OpenTrack {
  info: TrackInfo;
  subset: string;
  shapes: TrackedShape[];
}

const IMAGES_DIR = 'images';
const TRACK = new Set(['track']);

/** The drafts of one file, by subset and frame. */
class FrameDrafts {
  readonly bySubset = new Map<string, Map<number, Draft>>();
  private lastSubset: string | undefined;
  private lastFrames: Map<number, Draft> | undefined;

  at(subset: string, frame: number): Draft {
    if (subset !== this.lastSubset) {
      this.lastSubset = subset;
      this.lastFrames = this.bySubset.get(subset);
      if (!this.lastFrames) {
        this.lastFrames = new Map();
        this.bySubset.set(subset, this.lastFrames);
      }
    }
    let d = this.lastFrames!.get(frame);
    if (!d) {
      d = { subset, frame, annotations: [], fromTrack: true };
      this.lastFrames!.set(frame, d);
    }
    return d;
  }
}

/** Reads the items of one CVAT XML file. */
export class CvatFileReader {
  private readonly ctx: ReadContext;
  private readonly shapes: ShapeContext;

  constructor(
    private readonly where: CvatTree,
    private readonly file: CvatFile,
    labels: CvatLabels,
    private readonly options: OptionValues<typeof cvatReadOptions> & ReadOptions,
  ) {
    this.ctx = readContext(options);
    const size = file.meta.frameSize;
    this.shapes = {
      file: file.path,
      labels,
      width: size?.width,
      height: size?.height,
      limits: this.ctx.limits,
    };
  }

  private place(el: XmlElement) {
    return { file: this.file.path, place: `line ${el.line} <${el.name}>` };
  }

  /** Images only: each `<image>` becomes an item as soon as it closes. */
  async *readStreamed(): AsyncGenerator<DatasetItem> {
    const { maxDepth } = this.ctx.limits;
    for await (const el of streamXmlChildren(this.where.tree, this.file.path, {
      root: 'annotations',
      maxDepth,
    })) {
      if (el.name !== 'image') continue;
      const item = await this.ctx.attemptItem(() => this.toItem(this.imageDraft(el)), this.place(el));
      if (item) yield item;
    }
  }

  /** Tracks (and maybe images): shapes gathered by frame, items in frame order at the end. */
  async *readGathered(): AsyncGenerator<DatasetItem> {
    const drafts = new FrameDrafts();
    // A track is read shape by shape (split), so only its header and the shapes made so far are held.
    let track: OpenTrack | undefined;
    const { maxDepth } = this.ctx.limits;
    for await (const batch of streamXml(this.where.tree, this.file.path, {
      root: 'annotations',
      split: TRACK,
      maxDepth,
    })) {
      this.ctx.check();
      for (const ev of batch) track = this.gather(ev, track, drafts);
    }
    const where = { file: this.file.path };
    for (const byFrame of drafts.bySubset.values()) {
      const sorted = [...byFrame.values()].sort((a, b) => a.frame - b.frame);
      byFrame.clear();
      for (const d of sorted) {
        const item = await this.ctx.attemptItem(() => this.toItem(d), where);
        if (item) yield item;
      }
    }
  }

  /** One event of a file with tracks into the drafts; returns the track open after it. */
  private gather(ev: XmlEvent, track: OpenTrack | undefined, drafts: FrameDrafts): OpenTrack | undefined {
    const { ctx } = this;
    if (ev.kind === 'element' && ev.el.name === 'image') {
      let draft: Draft | undefined;
      try {
        draft = this.imageDraft(ev.el);
      } catch (e) {
        ctx.skip(e, this.place(ev.el), 'items');
      }
      if (draft) {
        const d = drafts.at(draft.subset, draft.frame);
        d.name = draft.name;
        d.width = draft.width;
        d.height = draft.height;
        d.fromTrack = false;
        for (const a of draft.annotations) d.annotations.push(a);
      }
    } else if (ev.kind === 'open') {
      const info = ctx.attempt(() => trackInfo(ev.el, this.shapes), this.place(ev.el));
      return info ? { info, subset: this.subsetOf(ev.el), shapes: [] } : undefined;
    } else if (ev.kind === 'child' && track && CVAT_SHAPES.has(ev.el.name)) {
      const shape = ctx.attempt(() => trackShape(ev.el, this.shapes, track.info), this.place(ev.el));
      if (shape && this.options.interpolate) track.shapes.push(shape);
      else if (shape) drafts.at(track.subset, shape.frame).annotations.push(shape.ann);
    } else if (ev.kind === 'close' && track) {
      if (this.options.interpolate) {
        const { shapes } = track;
        for (const s of interpolateTrack(shapes, this.file.meta.frameStep, this.file.meta.stopFrame))
          shapes.push(s);
        for (const s of shapes) drafts.at(track.subset, s.frame).annotations.push(s.ann);
      }
      return undefined;
    }
    return track;
  }

  /** The element's subset: its own, its project task's, else the file's. */
  private subsetOf(el: XmlElement): string {
    return (
      el.attrs.subset ||
      (el.attrs.task_id && this.file.meta.taskSubsets.get(el.attrs.task_id)) ||
      this.file.subset
    );
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
    const width = dim('width') ?? this.shapes.width;
    const height = dim('height') ?? this.shapes.height;
    const ctx: ShapeContext = { ...this.shapes, width, height };
    const annotations: Annotation[] = [];
    for (const c of el.children) {
      const ann = this.ctx.attempt(() => {
        if (CVAT_SHAPES.has(c.name)) return parseShape(c, ctx);
        if (c.name === 'tag') return parseTag(c, ctx);
        return undefined;
      }, this.place(c));
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

  /** The image of a draft: in images/, images/<subset>/ or beside the XML, by name or by stem. */
  private imagePath(d: Draft, safeName: string, id: string): { path?: string; candidates: string[] } {
    const { listing, byStem } = this.where;
    const dir = dirname(this.file.path);
    const candidates = [
      joinPath(dir, IMAGES_DIR, safeName),
      joinPath(dir, IMAGES_DIR, d.subset, safeName),
      joinPath(dir, safeName),
    ];
    let path = d.name !== undefined ? candidates.find((p) => listing.has(p)) : undefined;
    // A name without its extension (CVAT names video frames so in an images export) and track
    // frames are looked up by stem.
    if (!path && (d.name === undefined || !IMAGE_EXTENSIONS.includes(extname(safeName)))) {
      path =
        byStem.get(joinPath(dir, IMAGES_DIR, id)) ??
        byStem.get(joinPath(dir, IMAGES_DIR, d.subset, id)) ??
        byStem.get(joinPath(dir, id));
    }
    return { path, candidates };
  }

  private async toItem(d: Draft): Promise<DatasetItem> {
    const name = d.name ?? `frame_${String(d.frame).padStart(6, '0')}.png`;
    const safeName = safeRelativePath(name, { file: this.file.path, place: `image ${d.frame}` });
    const id = stripExtension(safeName);
    const { path, candidates } = this.imagePath(d, safeName, id);
    let width = d.width ?? this.shapes.width;
    let height = d.height ?? this.shapes.height;
    const tree = this.where.tree;
    if (path && (width === undefined || height === undefined)) {
      const size = await readImageSize(tree, path);
      width ??= size?.width;
      height ??= size?.height;
    }
    const media: DatasetItem['media'] = { kind: 'image', path: path ?? candidates[0] };
    if (width !== undefined) media.width = width;
    if (height !== undefined) media.height = height;
    if (d.fromTrack) media.frame = d.frame;
    if (path) media.bytes = () => tree.read(path);
    const attributes: Attributes = { frame: d.frame };
    return { id, subset: d.subset, media, annotations: d.annotations, attributes };
  }
}

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

/** One shape of a track, on its frame. */
function trackShape(el: XmlElement, ctx: ShapeContext, info: TrackInfo): TrackedShape {
  const frame = Number(el.attrs.frame);
  if (el.attrs.frame === undefined || !Number.isInteger(frame)) {
    throw shapeError(el, ctx, `'frame' must be a whole number (got '${el.attrs.frame ?? ''}')`);
  }
  return { frame, ann: parseShape(el, ctx, info) };
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
