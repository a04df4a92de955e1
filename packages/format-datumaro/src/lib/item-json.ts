import {
  type Annotation,
  checkPixels,
  type DatasetItem,
  type DatasetLimits,
  groupsFromOne,
  type Media,
  maskSize,
  maskToRle,
} from '@labelport/core';
import { extname } from '@labelport/core/files';
import { rleToString } from '@labelport/core/geometry';
import { mediaExtension } from '@labelport/core/media';

/** Datumaro's MediaType values (datumaro.components.media.MediaType). */
export const MEDIA_TYPE = { image: 2, videoFrame: 4, pointCloud: 6 } as const;

/** The file name Datumaro gives an item's media inside `images/<subset>/`: the id with '/' as '_'. */
export function mediaFileName(item: DatasetItem, fallbackExt: string): string {
  return `${item.id.replace(/\//g, '_')}${mediaExtension(item, fallbackExt)}`;
}

const VIDEO_EXTENSIONS = new Set(['.mp4', '.avi', '.mov', '.mkv', '.webm', '.mpg', '.mpeg']);

export function mediaJson(item: DatasetItem, media: Media | undefined): Record<string, unknown> {
  if (!media) return {};
  if (media.kind === 'point-cloud') {
    const pc: Record<string, unknown> = { path: mediaFileName(item, '.pcd') };
    if (media.frame !== undefined) pc.frame = media.frame;
    return { point_cloud: pc };
  }
  if (media.kind === 'video-frame' && VIDEO_EXTENSIONS.has(extname(media.path ?? ''))) {
    return { video_frame: { video_path: media.path, frame_index: media.frame ?? -1 } };
  }
  const image: Record<string, unknown> = { path: mediaFileName(item, '.jpg') };
  if (media.width !== undefined && media.height !== undefined) image.size = [media.height, media.width];
  // Extensions of ours (Datumaro ignores them): the frame number, and frames of a sequence stored as
  // image files.
  if (media.frame !== undefined) image.frame = media.frame;
  if (media.kind === 'video-frame') image.kind = 'video-frame';
  return { image };
}

type Json = Record<string, unknown>;

/**
 * One annotation as Datumaro writes it: at once for every type but masks (which may be loaded and
 * encoded) and skeletons (whose elements may be masks), so items of boxes and polygons cost no
 * promise per annotation.
 */
export function annotationJson(a: Annotation, limits?: DatasetLimits): Json | Promise<Json> {
  const out: Record<string, unknown> = {
    // an absent id is left out (JSON.stringify drops undefined): Datumaro's reader takes it as 0, ours
    // as none, so an id of 0 and no id both read back as they were
    id: a.id,
    type: a.type as string,
    attributes: a.attributes,
    group: a.group ?? 0,
  };
  if (a.objectId !== undefined && a.objectId >= 0) out.object_id = a.objectId;
  if (a.type !== 'caption') out.label_id = a.label ?? null;
  switch (a.type) {
    case 'label':
      break;
    case 'bbox':
      out.z_order = a.zOrder ?? 0;
      out.bbox = [a.x, a.y, a.w, a.h];
      break;
    case 'polygon':
    case 'polyline':
      out.points = a.points;
      out.z_order = a.zOrder ?? 0;
      break;
    case 'points':
      out.points = a.points;
      out.z_order = a.zOrder ?? 0;
      out.visibility = a.visibility;
      break;
    case 'mask':
      return maskJson(out, a, limits);
    case 'ellipse':
      out.points = [a.x1, a.y1, a.x2, a.y2];
      out.z_order = a.zOrder ?? 0;
      break;
    case 'cuboid2d': {
      out.type = 'cuboid_2d';
      const pts: number[][] = [];
      for (let i = 0; i < a.points.length; i += 2) pts.push([a.points[i]!, a.points[i + 1]!]);
      out.points = pts;
      out.z_order = a.zOrder ?? 0;
      break;
    }
    case 'cuboid3d':
      out.type = 'cuboid_3d';
      out.position = a.position;
      out.rotation = a.rotation;
      out.scale = a.scale;
      break;
    case 'caption':
      out.caption = a.caption;
      break;
    case 'skeleton':
      // Not in Datumaro's own writer (its skeletons come from CVAT); kept here so nothing is lost.
      out.z_order = a.zOrder ?? 0;
      return Promise.all(a.elements.map((e) => annotationJson(e, limits))).then((elements) => {
        out.elements = elements;
        return out;
      });
  }
  return out;
}

async function maskJson(out: Json, a: Extract<Annotation, { type: 'mask' }>, limits?: DatasetLimits) {
  // a mask that is not an RLE yet is loaded (and encoded) at its size: held to the caller's limit
  const size = a.mask.kind !== 'rle' ? maskSize(a.mask) : undefined;
  if (size) checkPixels(size.width, size.height, 'mask', limits);
  const rle = await maskToRle(a.mask);
  out.rle = { counts: rleToString(rle.counts), size: rle.size };
  out.z_order = a.zOrder ?? 0;
  return out;
}

// Datumaro's JSON writes `group: 0` for "no group": ours go onto 1.. (core's groupsFromOne).

export async function itemJson(item: DatasetItem, limits?: DatasetLimits): Promise<Json> {
  const list = item.annotations;
  let grouped = false;
  for (const a of list) if (a.group !== undefined) grouped = true;
  const groups = grouped ? groupsFromOne(list.map((a) => a.group)) : undefined;
  const annotations: Json[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const a = list[i]!;
    let json = annotationJson(a, limits);
    if (json instanceof Promise) json = await json;
    json.group = groups && a.group !== undefined ? groups.get(a.group) : 0;
    annotations[i] = json;
  }
  const desc: Json = { id: item.id, annotations };
  if (Object.keys(item.attributes).length) desc.attr = item.attributes;
  Object.assign(desc, mediaJson(item, item.media));
  return desc;
}
