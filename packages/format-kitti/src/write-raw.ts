import {
  type Cuboid3dAnnotation,
  DatasetError,
  type DatasetSource,
  type FileSink,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { joinPath } from '@labelport/core/files';
import { saveMedia } from '@labelport/core/media';
import {
  ANNO_FILE,
  BUILTIN,
  NAME_MAPPING_FILE,
  OCCLUSION,
  PCD_DIR,
  TRUNCATION,
} from './lib/kitti-raw-layout.js';
import { formatTracklets, type PoseToWrite, type TrackletToWrite } from './lib/tracklet-xml.js';

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

export async function writeKittiRaw(
  source: DatasetSource,
  out: FileSink,
  options: WriteOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  const labels = source.categories.labels.map((l) => l.name);
  const tracks = new Map<number, Track>();
  const names: string[] = [];
  const seenFrames = new Set<number>();
  let index = 0;
  let newTrack = -1;
  for await (const item of readContext(options).iter(source.items(), source.size)) {
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
        report.drop(
          'cuboid3d',
          1,
          'cuboids without a label cannot be written (a tracklet has an objectType)',
        );
        continue;
      }
      addPose(tracks, a, a.objectId ?? newTrack--, labels[a.label], frame, item.id);
    }
  }
  if (newTrack < -1) report.warn(`${-newTrack - 1} cuboids had no track id and became one-pose tracklets`);

  await out.write(ANNO_FILE, formatTracklets(tracks));
  await out.write(NAME_MAPPING_FILE, names.join(''));
  return report.build();
}
