import {
  type Annotation,
  type DatasetItem,
  type DatasetSource,
  type FileSink,
  groupsFromOne,
  type ReadContext,
  ReportBuilder,
  readContext,
  type WriteOptions,
} from '@labelport/core';
import { joinPath } from '@labelport/core/files';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { AttributeSurvey, metaXml } from './lib/cvat-write-meta.js';
import { SHAPE_ELEMENT, type ShapeWriteContext, shapeXml } from './lib/cvat-write-shape.js';
import { attrsText } from './lib/xml-text.js';
import { itemFrame, XML_HEAD } from './write-cvat.js';

interface TrackShape {
  frame: number;
  ann: Annotation;
  keyframe: boolean;
  outside: boolean;
}

interface Track {
  id: number;
  label: number;
  shapes: TrackShape[];
}

interface SubsetTracks {
  tracks: Map<string, Track>;
  /** Shapes with no track id: each becomes a track of its own. */
  singles: { frame: number; ann: Annotation }[];
  frames: number[];
  sizes: Set<string>;
  size?: { width: number; height: number };
  items: number;
}

/** What the first pass counts for the warnings: items without shapes, items not named frame_NNNNNN. */
interface Tally {
  emptyItems: number;
  renamed: number;
}

const trackIdOf = (ann: Annotation): number | undefined => {
  if (ann.objectId !== undefined) return ann.objectId;
  const t = ann.attributes.track_id;
  return typeof t === 'number' && Number.isInteger(t) ? t : undefined;
};

const frameName = (frame: number) => `frame_${String(frame).padStart(6, '0')}`;

/** The shapes of an item into the tracks of its subset; returns how many are kept. */
function addShapes(
  st: SubsetTracks,
  item: DatasetItem,
  frame: number,
  survey: AttributeSurvey,
  report: ReportBuilder,
) {
  let kept = 0;
  for (const ann of item.annotations) {
    if (!SHAPE_ELEMENT[ann.type]) {
      report.drop(ann.type);
      if (ann.type === 'label') report.warn('CVAT for video has no tags: labels (tags) are not written');
      continue;
    }
    if (ann.label === undefined) {
      report.drop(ann.type, 1, 'annotations without a label are not written: a CVAT track needs a label');
      continue;
    }
    survey.add(ann);
    kept++;
    const tid = trackIdOf(ann);
    if (tid === undefined) {
      st.singles.push({ frame, ann });
      continue;
    }
    // a CVAT track has one label, one kind of shape and one group: a box and a polygon of one object
    // are two tracks (in the object's group), and a track whose group changes is split
    const key = `${tid}\u0000${ann.label}\u0000${ann.type}\u0000${ann.group}`;
    let track = st.tracks.get(key);
    if (!track) {
      track = { id: tid, label: ann.label, shapes: [] };
      st.tracks.set(key, track);
    }
    track.shapes.push({
      frame,
      ann,
      keyframe: ann.attributes.keyframe !== false,
      outside: ann.attributes.outside === true,
    });
  }
  return kept;
}

/** The first pass: every item's shapes gathered into tracks, by subset. */
async function gatherTracks(
  source: DatasetSource,
  survey: AttributeSurvey,
  report: ReportBuilder,
  ctx: ReadContext,
) {
  const subsets = new Map<string, SubsetTracks>();
  const tally: Tally = { emptyItems: 0, renamed: 0 };
  for await (const item of ctx.iter(source.items(), source.size)) {
    let st = subsets.get(item.subset);
    if (!st) {
      st = { tracks: new Map(), singles: [], frames: [], sizes: new Set(), items: 0 };
      subsets.set(item.subset, st);
    }
    const frame = itemFrame(item) ?? st.items;
    st.items++;
    st.frames.push(frame);
    report.items++;
    if (item.media?.width !== undefined && item.media.height !== undefined) {
      st.sizes.add(`${item.media.width}x${item.media.height}`);
      st.size ??= { width: item.media.width, height: item.media.height };
    }
    if (item.id !== frameName(frame)) tally.renamed++;
    if (addShapes(st, item, frame, survey, report) === 0) tally.emptyItems++;
  }
  if (tally.emptyItems)
    report.warn(`${tally.emptyItems} item(s) without shapes are not kept: CVAT for video holds tracks only`);
  if (tally.renamed)
    report.warn(`${tally.renamed} item id(s) are not kept: CVAT for video names frames frame_NNNNNN`);
  return subsets;
}

async function trackXml(
  id: number,
  label: number,
  shapes: TrackShape[],
  ctx: ShapeWriteContext,
  groups: Map<number, number>,
): Promise<string> {
  const first = shapes[0]!.ann;
  const source = typeof first.attributes.source === 'string' ? first.attributes.source : undefined;
  let s = `  <track${attrsText([
    ['id', id],
    ['label', ctx.categories.labels[label]?.name ?? ''],
    ['source', source],
    ['group_id', first.group !== undefined ? groups.get(first.group) : undefined],
  ])}>\n`;
  for (const sh of shapes) {
    const at = { withLabel: false, frame: sh.frame, keyframe: sh.keyframe, outside: sh.outside };
    s += (await shapeXml(sh.ann, ctx, at, '    ')) ?? '';
  }
  return `${s}  </track>\n`;
}

/** A track's shapes in frame order, one per frame (further ones on a frame are reported). */
function shapesByFrame(t: Track, report: ReportBuilder): TrackShape[] {
  t.shapes.sort((a, b) => a.frame - b.frame);
  return t.shapes.filter((s, i) => {
    if (i === 0 || t.shapes[i - 1]!.frame !== s.frame) return true;
    report.drop(
      s.ann.type,
      1,
      'a track holds one shape per frame: further shapes of a track on the same frame are not written',
    );
    return false;
  });
}

/** The `<track>` elements of a subset: its tracks by id, then a track per single shape. */
async function* tracksXml(st: SubsetTracks, stopFrame: number, ctx: ShapeWriteContext, check: () => void) {
  const usedIds = new Set<number>();
  let nextId = 0;
  for (const t of st.tracks.values()) nextId = Math.max(nextId, t.id + 1);
  const tracks = [...st.tracks.values()].sort((a, b) => a.id - b.id || a.label - b.label);
  const groups = groupsFromOne([
    ...tracks.map((t) => t.shapes[0]?.ann.group),
    ...st.singles.map((x) => x.ann.group),
  ]);
  for (const t of tracks) {
    check();
    let id = t.id;
    if (usedIds.has(id)) {
      ctx.report.warn(
        `track ${t.id} has shapes of several labels, kinds or groups: each becomes a track of its own`,
      );
      id = nextId++;
    }
    usedIds.add(id);
    yield await trackXml(id, t.label, shapesByFrame(t, ctx.report), ctx, groups);
  }
  for (const s of st.singles) {
    check();
    const shapes = [{ frame: s.frame, ann: s.ann, keyframe: true, outside: false }];
    if (s.frame + 1 <= stopFrame)
      shapes.push({ frame: s.frame + 1, ann: s.ann, keyframe: true, outside: true });
    yield await trackXml(nextId++, s.ann.label!, shapes, ctx, groups);
  }
}

/** One subset's XML file. */
async function writeSubset(
  subset: string,
  st: SubsetTracks,
  sink: FileSink,
  survey: AttributeSurvey,
  ctx: ShapeWriteContext,
  check: () => void,
) {
  const w = await sink.open(`${subset}.xml`);
  let startFrame = st.frames.length ? Number.POSITIVE_INFINITY : 0;
  let stopFrame = 0;
  for (const f of st.frames) {
    if (f < startFrame) startFrame = f;
    if (f > stopFrame) stopFrame = f;
  }
  const originalSize = st.sizes.size === 1 ? st.size : undefined;
  const task = {
    name: subset,
    size: st.items,
    mode: 'interpolation' as const,
    startFrame,
    stopFrame,
    originalSize,
  };
  await w.write(XML_HEAD + metaXml(ctx.categories, survey, task, ctx.report));
  if (st.sizes.size > 1)
    ctx.report.warn(`the frames of subset '${subset}' differ in size: CVAT for video holds one frame size`);
  for await (const xml of tracksXml(st, stopFrame, ctx, check)) await w.write(xml);
  await w.write('</annotations>\n');
  await w.close();
}

/**
 * The frames as CVAT's video export has them: images/frame_NNNNNN.<ext> (images/<subset>/... when
 * there are several subsets). A pass of its own, so that no image is held while tracks gather.
 */
async function saveFrames(
  source: DatasetSource,
  sink: FileSink,
  manySubsets: boolean,
  report: ReportBuilder,
  ctx: ReadContext,
) {
  const counters = new Map<string, number>();
  for await (const item of source.items()) {
    ctx.check();
    const index = counters.get(item.subset) ?? 0;
    counters.set(item.subset, index + 1);
    const name = `${frameName(itemFrame(item) ?? index)}${mediaExtension(item, '.png')}`;
    await saveMedia(item, sink, joinPath('images', manySubsets ? item.subset : '', name), report);
  }
}

/**
 * CVAT for video: one `<subset>.xml` per subset with a `<track>` per object (shapes sharing an
 * objectId and label), each shape with its frame, keyframe and outside flags. A shape with no track
 * id becomes a track of its own, keyframed on its frame and `outside` on the next (as CVAT exports
 * shapes). Tags, item names and items without shapes have no place in this format (reported).
 */
export async function writeCvatVideo(source: DatasetSource, sink: FileSink, options: WriteOptions = {}) {
  const report = new ReportBuilder();
  const survey = new AttributeSurvey();
  const context = readContext(options);
  const subsets = await gatherTracks(source, survey, report, context);
  const ctx: ShapeWriteContext = { categories: source.categories, report, limits: context.limits };
  for (const [subset, st] of subsets) await writeSubset(subset, st, sink, survey, ctx, context.check);
  if (options.saveMedia) await saveFrames(source, sink, subsets.size > 1, report, context);
  return report.build();
}
