import {
  type Annotation,
  type DatasetSource,
  defineFormat,
  type FileSink,
  groupsFromOne,
  type IoOptions,
  ReportBuilder,
  readContext,
} from '@labelport/core';
import { joinPath } from '@labelport/core/files';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { itemFrame } from './cvat.js';
import { type CvatReadOptions, readCvat } from './lib/cvat-reader.js';
import { AttributeSurvey, metaXml } from './lib/cvat-write-meta.js';
import { SHAPE_ELEMENT, type ShapeWriteContext, shapeXml } from './lib/cvat-write-shape.js';
import { detectCvat } from './lib/detect-cvat.js';
import { attrsText } from './lib/xml-text.js';
import { cvatReadOptions } from './options.js';

interface Track {
  id: number;
  label: number;
  shapes: { frame: number; ann: Annotation; keyframe: boolean; outside: boolean }[];
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

const trackIdOf = (ann: Annotation): number | undefined => {
  if (ann.objectId !== undefined) return ann.objectId;
  const t = ann.attributes.track_id;
  return typeof t === 'number' && Number.isInteger(t) ? t : undefined;
};

/**
 * CVAT for video: one `<subset>.xml` per subset with a `<track>` per object (shapes sharing an
 * objectId and label), each shape with its frame, keyframe and outside flags. A shape with no track
 * id becomes a track of its own, keyframed on its frame and `outside` on the next (as CVAT exports
 * shapes). Tags, item names and items without shapes have no place in this format (reported).
 */
async function writeCvatVideo(source: DatasetSource, sink: FileSink, options: IoOptions = {}) {
  const report = new ReportBuilder();
  const survey = new AttributeSurvey();
  const subsets = new Map<string, SubsetTracks>();
  let emptyItems = 0;
  let renamed = 0;
  for await (const item of source.items()) {
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
    if (item.id !== `frame_${String(frame).padStart(6, '0')}`) renamed++;
    let kept = 0;
    for (const ann of item.annotations) {
      if (!SHAPE_ELEMENT[ann.type]) {
        report.drop(ann.type);
        if (ann.type === 'label') report.warn('CVAT for video has no tags: labels (tags) are not written');
        continue;
      }
      if (ann.label === undefined) {
        report.drop(ann.type);
        report.warn('annotations without a label are not written: a CVAT track needs a label');
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
    if (kept === 0) emptyItems++;
    options.onProgress?.(report.items, source.size);
  }
  if (emptyItems)
    report.warn(`${emptyItems} item(s) without shapes are not kept: CVAT for video holds tracks only`);
  if (renamed) report.warn(`${renamed} item id(s) are not kept: CVAT for video names frames frame_NNNNNN`);

  const ctx: ShapeWriteContext = {
    categories: source.categories,
    report,
    limits: readContext(options).limits,
  };
  for (const [subset, st] of subsets) {
    const w = await sink.open(`${subset}.xml`);
    let startFrame = st.frames.length ? Number.POSITIVE_INFINITY : 0;
    let stopFrame = 0;
    for (const f of st.frames) {
      if (f < startFrame) startFrame = f;
      if (f > stopFrame) stopFrame = f;
    }
    await w.write('<?xml version="1.0" encoding="utf-8"?>\n<annotations>\n  <version>1.1</version>\n');
    await w.write(
      metaXml(
        source.categories,
        survey,
        {
          name: subset,
          size: st.items,
          mode: 'interpolation',
          startFrame,
          stopFrame,
          originalSize: st.sizes.size === 1 ? st.size : undefined,
        },
        report,
      ),
    );
    if (st.sizes.size > 1)
      report.warn(`the frames of subset '${subset}' differ in size: CVAT for video holds one frame size`);
    const usedIds = new Set<number>();
    let nextId = 0;
    for (const t of st.tracks.values()) nextId = Math.max(nextId, t.id + 1);
    const tracks = [...st.tracks.values()].sort((a, b) => a.id - b.id || a.label - b.label);
    const groups = groupsFromOne([
      ...tracks.map((t) => t.shapes[0]?.ann.group),
      ...st.singles.map((x) => x.ann.group),
    ]);
    for (const t of tracks) {
      let id = t.id;
      if (usedIds.has(id)) {
        report.warn(
          `track ${t.id} has shapes of several labels, kinds or groups: each becomes a track of its own`,
        );
        id = nextId++;
      }
      usedIds.add(id);
      t.shapes.sort((a, b) => a.frame - b.frame);
      const shapes = t.shapes.filter((s, i) => {
        if (i > 0 && t.shapes[i - 1]!.frame === s.frame) {
          report.drop(s.ann.type);
          report.warn(
            'a track holds one shape per frame: further shapes of a track on the same frame are not written',
          );
          return false;
        }
        return true;
      });
      await w.write(await trackXml(id, t.label, shapes, ctx, groups));
    }
    for (const s of st.singles) {
      const shapes = [{ frame: s.frame, ann: s.ann, keyframe: true, outside: false }];
      if (s.frame + 1 <= stopFrame)
        shapes.push({ frame: s.frame + 1, ann: s.ann, keyframe: true, outside: true });
      await w.write(await trackXml(nextId++, s.ann.label!, shapes, ctx, groups));
    }
    await w.write('</annotations>\n');
    await w.close();
  }
  if (options.saveMedia) {
    // The frames as CVAT's video export has them: images/frame_NNNNNN.<ext> (images/<subset>/...
    // when there are several subsets). A third pass, so that no image is held while tracks gather.
    const counters = new Map<string, number>();
    for await (const item of source.items()) {
      const index = counters.get(item.subset) ?? 0;
      counters.set(item.subset, index + 1);
      const frame = itemFrame(item) ?? index;
      const name = `frame_${String(frame).padStart(6, '0')}${mediaExtension(item, '.png')}`;
      await saveMedia(item, sink, joinPath('images', subsets.size > 1 ? item.subset : '', name), report);
    }
  }
  return report.build();
}

async function trackXml(
  id: number,
  label: number,
  shapes: Track['shapes'],
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
    s +=
      (await shapeXml(
        sh.ann,
        ctx,
        { withLabel: false, frame: sh.frame, keyframe: sh.keyframe, outside: sh.outside },
        '    ',
      )) ?? '';
  }
  return `${s}  </track>\n`;
}

export const cvatVideo = defineFormat<CvatReadOptions>({
  id: 'cvat_video',
  title: 'CVAT for video (XML 1.1)',
  extensions: ['.xml'],
  options: { read: cvatReadOptions },
  capabilities: {
    labelParents: true,
    annotations: ['bbox', 'polygon', 'polyline', 'points', 'ellipse', 'cuboid2d', 'mask', 'skeleton'],
    media: ['image', 'video-frame'],
    tracks: true,
    attributes: true,
    subsets: true,
    streaming: true,
  },
  async detect(ctx) {
    const d = await detectCvat(ctx);
    if (!d.video) ctx.reject('the CVAT XML has images, not tracks (that is cvat)');
    return { confidence: 1, root: d.root };
  },
  read: (tree, options) => readCvat(tree, options),
  write: (source, sink, options) => writeCvatVideo(source, sink, options),
});
