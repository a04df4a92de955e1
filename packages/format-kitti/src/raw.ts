import {
  type Cuboid3dAnnotation,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  defineFormat,
  type FileSink,
  type FileTree,
  type IoOptions,
  limitsOf,
  ReportBuilder,
  readContext,
  readText,
} from '@labelport/core';
import {
  basename,
  extname,
  joinPath,
  parseXmlTree,
  splitLines,
  type XmlElement,
  xmlChild,
  xmlChildren,
} from '@labelport/core/files';
import { saveMedia } from '@labelport/core/media';
import { formatTracklets, type PoseToWrite, type TrackletToWrite } from './lib/tracklet-xml.js';

const PCD_DIR = 'velodyne_points/data';
const NAME_MAPPING_FILE = 'frame_list.txt';
const ANNO_FILE = 'tracklet_labels.xml';
/** Pose states (KITTI raw devkit). */
const OCCLUSION = { unset: -1, visible: 0, partly: 1, fully: 2 };
const TRUNCATION = { unset: -1, inImage: 0, truncated: 1, outImage: 2, behindImage: 99 };
const BUILTIN = new Set(['occluded', 'keyframe']);

/** The text of `el`'s child element `key`, if it has one. */
const textOf = (el: XmlElement, key: string): string | undefined => xmlChild(el, key)?.text;

function num(el: XmlElement, key: string, file: string, place: string): number {
  const child = xmlChild(el, key);
  const v = Number(child?.text);
  if (child === undefined || child.text === '' || !Number.isFinite(v)) {
    throw new DatasetError('bad-value', `<${key}> '${child?.text ?? ''}' is not a number`, {
      file,
      place: `line ${(child ?? el).line}, ${place}`,
    });
  }
  return v;
}

/** Datumaro's reading of attribute values: true/false, integers, floats, else the text. */
function attrValue(text: string): string | number | boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?\d+$/.test(text)) return Number(text);
  if (/^-?(\d+\.\d*|\.\d+|\d+)(e[-+]?\d+)?$/i.test(text) && String(Number(text)) === text)
    return Number(text);
  return text;
}

function attributesOf(
  el: XmlElement,
  file: string,
  place: string,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  const attributes = xmlChild(el, 'attributes');
  if (!attributes) return out;
  for (const a of xmlChildren(attributes, 'attribute')) {
    const name = textOf(a, 'name') ?? '';
    if (!name)
      throw new DatasetError('bad-value', 'an attribute has no name', {
        file,
        place: `line ${a.line}, ${place}`,
      });
    out[name] = attrValue(textOf(a, 'value') ?? '');
  }
  return out;
}

/** The cuboids of every tracklet pose in the image, by frame (a track's poses run from its first frame). */
function cuboidsByFrame(
  tracks: XmlElement[],
  labelIndex: Map<string, number>,
  file: string,
): Map<number, Cuboid3dAnnotation[]> {
  const frames = new Map<number, Cuboid3dAnnotation[]>();
  tracks.forEach((t, ti) => {
    const place = `tracklet ${ti}`;
    const label = labelIndex.get(textOf(t, 'objectType') ?? '');
    const scale: [number, number, number] = [
      num(t, 'w', file, place),
      num(t, 'h', file, place),
      num(t, 'l', file, place),
    ];
    const first = num(t, 'first_frame', file, place);
    const common = attributesOf(t, file, place);
    let keyOccluded = false;
    const poses = xmlChild(t, 'poses');
    (poses ? xmlChildren(poses, 'item') : []).forEach((p, pi) => {
      const pp = `${place}, pose ${pi}`;
      const occlusion = xmlChild(p, 'occlusion') ? num(p, 'occlusion', file, pp) : OCCLUSION.unset;
      const truncation = xmlChild(p, 'truncation') ? num(p, 'truncation', file, pp) : TRUNCATION.unset;
      let occluded = occlusion === OCCLUSION.partly || occlusion === OCCLUSION.fully;
      if (textOf(p, 'occlusion_kf') === '1') keyOccluded = occluded;
      else if (occlusion === OCCLUSION.unset) occluded = keyOccluded;
      if (truncation === TRUNCATION.outImage || truncation === TRUNCATION.behindImage) return; // not in this frame
      const cuboid: Cuboid3dAnnotation = {
        type: 'cuboid3d',
        position: [num(p, 'tx', file, pp), num(p, 'ty', file, pp), num(p, 'tz', file, pp)],
        rotation: [num(p, 'rx', file, pp), num(p, 'ry', file, pp), num(p, 'rz', file, pp)],
        scale,
        objectId: ti + 1,
        attributes: { ...common, ...attributesOf(p, file, pp), occluded },
      };
      if (label !== undefined) cuboid.label = label;
      const frame = first + pi;
      const anns = frames.get(frame) ?? [];
      anns.push(cuboid);
      frames.set(frame, anns);
    });
  });
  return frames;
}

/** frame_list.txt: frame number -> item name. */
async function frameNames(tree: FileTree, paths: string[]): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  if (paths.includes(NAME_MAPPING_FILE)) {
    splitLines(await readText(tree, NAME_MAPPING_FILE)).forEach((line, i) => {
      const t = line.trim();
      if (!t || t.startsWith('#')) return;
      const m = /^(\d+)\s+(.+)$/.exec(t);
      if (!m)
        throw new DatasetError('bad-line', "expected 'frame name'", {
          file: NAME_MAPPING_FILE,
          place: `line ${i + 1}`,
        });
      names.set(Number(m[1]), m[2]);
    });
  }
  return names;
}

async function readKittiRaw(tree: FileTree, options: IoOptions = {}): Promise<DatasetSource> {
  const paths = (await tree.list()).map((e) => e.path);
  const file =
    paths.find((p) => p === ANNO_FILE) ?? paths.find((p) => extname(p) === '.xml' && !p.includes('/'));
  if (!file) throw new DatasetError('not-found', `no ${ANNO_FILE} found`, { file: tree.name });
  const text = await readText(tree, file);
  const root = parseXmlTree(text, file, limitsOf(options));
  const tracklets = root.name === 'boost_serialization' ? xmlChild(root, 'tracklets') : undefined;
  if (!tracklets)
    throw new DatasetError('bad-xml', 'expected <boost_serialization><tracklets>', {
      file,
      place: `line ${root.line}`,
    });

  const tracks = xmlChildren(tracklets, 'item');
  const labels = [...new Set(tracks.map((t) => textOf(t, 'objectType') ?? ''))]
    .filter((n) => n !== '')
    .sort();
  const labelIndex = new Map(labels.map((n, i) => [n, i]));
  const frames = cuboidsByFrame(tracks, labelIndex, file);

  const names = await frameNames(tree, paths);
  const frameIds = [...new Set([...frames.keys(), ...names.keys()])].sort((a, b) => a - b);
  const items: DatasetItem[] = frameIds.map((frame) => {
    const name = names.get(frame) ?? String(frame).padStart(10, '0');
    const pcd = joinPath(PCD_DIR, `${name}.pcd`);
    const item: DatasetItem = {
      id: name,
      subset: 'default',
      annotations: frames.get(frame) ?? [],
      attributes: { frame },
    };
    item.media = { kind: 'point-cloud', path: pcd, frame };
    if (paths.includes(pcd)) item.media.bytes = () => tree.read(pcd);
    return item;
  });
  return {
    categories: { labels: labels.map((name) => ({ name })), attributes: ['occluded'] },
    size: items.length,
    async *items() {
      let done = 0;
      for (const item of items) {
        readContext(options).check();
        yield item;
        options.onProgress?.(++done, items.length);
      }
    },
  };
}

type Pose = PoseToWrite;
type Track = TrackletToWrite;

/** Adds a cuboid to its track (made on its first pose): one size and label per track, frames in order. */
function addPose(
  tracks: Map<number, Track>,
  a: Cuboid3dAnnotation,
  id: number,
  label: string,
  frame: number,
  itemId: string,
): void {
  let track = tracks.get(id);
  if (!track) {
    track = { label, scale: [...a.scale], first: frame, poses: [] };
    tracks.set(id, track);
  } else {
    if (track.scale.some((v, i) => v !== a.scale[i]))
      throw new DatasetError(
        'bad-value',
        `item ${itemId}: track ${id} changes its size; KITTI tracklets have one size`,
      );
    if (track.label !== label)
      throw new DatasetError('bad-value', `item ${itemId}: track ${id} changes its label`);
    const last = track.poses[track.poses.length - 1];
    if (frame <= last.frame)
      throw new DatasetError(
        'bad-value',
        `item ${itemId}: track ${id} goes back in time (frame ${frame} after ${last.frame})`,
      );
    // Frames the track skips are written as poses out of the image, after the last key pose.
    if (frame !== last.frame + 1) {
      last.occlusionKf = 1;
      for (let f = last.frame + 1; f < frame; f++)
        track.poses.push({
          ...last,
          frame: f,
          occlusion: OCCLUSION.unset,
          occlusionKf: 0,
          truncation: TRUNCATION.outImage,
        });
    }
  }
  const attributes: Pose['attributes'] = {};
  for (const [k, v] of Object.entries(a.attributes)) if (!BUILTIN.has(k)) attributes[k] = v;
  track.poses.push({
    frame,
    position: a.position,
    rotation: a.rotation,
    occlusion: a.attributes.occluded === true ? OCCLUSION.partly : OCCLUSION.visible,
    occlusionKf: a.attributes.keyframe === true ? 1 : 0,
    truncation: TRUNCATION.inImage,
    attributes,
  });
}

async function writeKittiRaw(source: DatasetSource, out: FileSink, options: IoOptions = {}) {
  const report = new ReportBuilder();
  const labels = source.categories.labels.map((l) => l.name);
  const tracks = new Map<number, Track>();
  const names: string[] = [];
  const seenFrames = new Set<number>();
  let index = 0;
  let newTrack = -1;
  for await (const item of source.items()) {
    readContext(options).check();
    report.items++;
    const frame =
      typeof item.attributes.frame === 'number' ? item.attributes.frame : (item.media?.frame ?? index);
    index++;
    if (seenFrames.has(frame))
      throw new DatasetError('bad-value', `item ${item.id}: frame ${frame} is repeated`);
    seenFrames.add(frame);
    names.push(`${frame} ${item.id}\n`);
    for (const k of Object.keys(item.attributes)) if (k !== 'frame') report.drop('item attribute');
    // The reader finds point clouds by frame name as .pcd files, so that is the name written.
    if (options.saveMedia) await saveMedia(item, out, joinPath(PCD_DIR, `${item.id}.pcd`), report);
    for (const a of item.annotations) {
      if (a.type !== 'cuboid3d') {
        report.drop(a.type);
        continue;
      }
      if (a.label === undefined || labels[a.label] === undefined) {
        report.drop('cuboid3d without a label');
        continue;
      }
      addPose(tracks, a, a.objectId ?? newTrack--, labels[a.label], frame, item.id);
    }
    options.onProgress?.(report.items, source.size);
  }
  if (newTrack < -1) report.warn(`${-newTrack - 1} cuboids had no track id and became one-pose tracklets`);

  await out.write(ANNO_FILE, formatTracklets(tracks));
  await out.write(NAME_MAPPING_FILE, names.join(''));
  return report.build();
}

export const kittiRaw = defineFormat({
  id: 'kitti_raw',
  title: 'KITTI raw (3D tracklets)',
  extensions: ['.xml'],
  capabilities: {
    annotations: ['cuboid3d'],
    media: ['point-cloud'],
    tracks: true,
    attributes: true,
    subsets: false,
    streaming: false,
  },
  async detect(ctx) {
    const xml = ctx.glob('**/*.xml').filter((p) => basename(p) === ANNO_FILE || !p.includes('/'));
    for (const p of xml) {
      const head = await ctx.readHead(p, 512);
      if (/<boost_serialization[\s>]/.test(head) && /<tracklets[\s>]/.test(head)) {
        return { confidence: 1, root: p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '' };
      }
    }
    return ctx.reject('no <boost_serialization><tracklets> XML (tracklet_labels.xml)');
  },
  read: readKittiRaw,
  write: writeKittiRaw,
});
