import type { Annotation, DatasetItem, FileTree, Media, ReadContext } from '@labelport/core';
import { basename, safeRelativePath, stripExtension } from '@labelport/core/files';
import { badField, isObject, type JsonObject, numberField, optionalList } from '@labelport/core/json';
import { pickImage } from './scalabel-files.js';
import { readLabel, scalarAttributes } from './scalabel-shapes.js';

/** A Scalabel label file and the subset its name gives. */
export interface LabelFile {
  path: string;
  subset: string;
  size: number;
}

/** A frame of a label file and its place (`[i]` in a plain list, `frames[i]` in a Scalabel export). */
export interface FrameAt {
  frame: unknown;
  place: string;
  file: LabelFile;
}

/** What reading frames needs, made once per pass over the files. */
export interface FrameEnv {
  tree: FileTree;
  images: Map<string, string[]>;
  labelIndex: Map<string, number>;
  tolerance: number;
  ctx: ReadContext;
  /** Per label file, per video: Scalabel label id -> track id. */
  tracks: Map<string, Map<string, Map<string, number>>>;
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** The frame's name: a path below the root, or the file name of a URL (Scalabel exports name frames so). */
function frameName(frame: JsonObject, file: string, place: string): string {
  if (typeof frame.name !== 'string' && typeof frame.name !== 'number')
    badField(file, `${place}.name`, 'a frame needs a name');
  const rawName = String(frame.name);
  const name = URL_SCHEME.test(rawName)
    ? basename(rawName.replace(/[?#].*$/, '')) || rawName
    : safeRelativePath(rawName, { file, place: `${place}.name` });
  if (name === '') badField(file, `${place}.name`, 'a frame needs a name');
  return name;
}

/** The frame's image: its url when that is a file of the tree, else one named like the frame. */
function imagePathOf(frame: JsonObject, name: string, at: FrameAt, video: string | undefined, env: FrameEnv) {
  let path: string | undefined;
  if (typeof frame.url === 'string' && frame.url !== '' && !URL_SCHEME.test(frame.url)) {
    try {
      path = safeRelativePath(frame.url);
    } catch {
      path = undefined;
    }
    if (path && !env.images.get(basename(path))?.includes(path)) path = undefined;
  }
  return path ?? pickImage(env.images.get(basename(name)), at.file.subset, video);
}

function frameMedia(frame: JsonObject, name: string, at: FrameAt, video: string | undefined, env: FrameEnv) {
  const path = imagePathOf(frame, name, at, video, env);
  const media: Media = {
    kind: video ? 'video-frame' : 'image',
    path: path ?? (video ? `${video}/${basename(name)}` : name),
  };
  if (isObject(frame.size)) {
    const place = `${at.place}.size`;
    media.width = numberField(frame.size, 'width', at.file.path, place);
    media.height = numberField(frame.size, 'height', at.file.path, place);
  }
  if (typeof frame.frameIndex === 'number') media.frame = frame.frameIndex;
  else if (video) media.frame = 0;
  if (path) {
    const tree = env.tree;
    media.bytes = () => tree.read(path);
  }
  return media;
}

/** The track ids of a video of a label file (Scalabel label ids are strings). */
function trackIdsOf(env: FrameEnv, file: string, video: string): Map<string, number> {
  let videos = env.tracks.get(file);
  if (!videos) {
    videos = new Map();
    env.tracks.set(file, videos);
  }
  let ids = videos.get(video);
  if (!ids) {
    ids = new Map();
    videos.set(video, ids);
  }
  return ids;
}

/** One frame as an item: its image, attributes, and every label's shapes (a bad label skipped under the policy). */
export function readFrame(at: FrameAt, env: FrameEnv): DatasetItem {
  const file = at.file.path;
  if (!isObject(at.frame)) badField(file, at.place, 'a frame must be an object');
  const frame = at.frame;
  const name = frameName(frame, file, at.place);
  const video = typeof frame.videoName === 'string' && frame.videoName !== '' ? frame.videoName : undefined;
  const stem = stripExtension(name);
  const id = video ? `${video}/${basename(stem)}` : stem;

  const attributes = scalarAttributes(frame.attributes);
  if (typeof frame.timestamp === 'number') attributes.timestamp = frame.timestamp;
  const media = frameMedia(frame, name, at, video, env);

  const annotations: Annotation[] = [];
  const labels = optionalList(frame, 'labels', file, at.place);
  const trackIds = video ? trackIdsOf(env, file, video) : undefined;
  for (let j = 0; j < labels.length; j++) {
    const place = `${at.place}.labels[${j}]`;
    const label = labels[j];
    if (!isObject(label)) badField(file, place, 'a label must be an object');
    // ctx.attempt without a closure per label: a bad label is skipped under the annotation policy
    try {
      readLabel(label, j, file, place, env, trackIds, annotations);
    } catch (e) {
      env.ctx.skip(e);
    }
  }
  return { id, subset: at.file.subset, media, annotations, attributes };
}
