import { type AnnotationType, type DetectContext, defineFormat, type Format } from '@labelport/core';
import { detectCvat } from './detect-cvat.js';
import { cvatReadOptions } from './options.js';
import { type CvatReadOptions, readCvat } from './read-cvat.js';
import { writeCvatImages } from './write-cvat.js';
import { writeCvatVideo } from './write-cvat-video.js';

/** The shapes both variants hold. */
const SHAPES: AnnotationType[] = [
  'bbox',
  'polygon',
  'polyline',
  'points',
  'ellipse',
  'cuboid2d',
  'mask',
  'skeleton',
];

/**
 * CVAT's two exports of XML 1.1: both read images and tracks (the same reader); they differ in what
 * they write (an `<image>` per item, or a `<track>` per object) and in what detection prefers.
 */
const VARIANTS = [
  {
    id: 'cvat',
    title: 'CVAT for images (XML 1.1)',
    aliases: ['cvat_images'],
    annotations: ['label', ...SHAPES],
    tracks: false,
    // Video XML reads here too, but cvat_video is the better match for it (it keeps the tracks).
    confidence: (video: boolean, _ctx: DetectContext) => (video ? 0.9 : 1),
    write: writeCvatImages,
  },
  {
    id: 'cvat_video',
    title: 'CVAT for video (XML 1.1)',
    aliases: [],
    annotations: SHAPES,
    tracks: true,
    confidence: (video: boolean, ctx: DetectContext) =>
      video ? 1 : ctx.reject('the CVAT XML has images, not tracks (that is cvat)'),
    write: writeCvatVideo,
  },
] as const;

function cvatFormat(v: (typeof VARIANTS)[number]): Format<CvatReadOptions> {
  return defineFormat<CvatReadOptions>({
    id: v.id,
    title: v.title,
    aliases: v.aliases.length > 0 ? [...v.aliases] : undefined,
    extensions: ['.xml'],
    options: { read: cvatReadOptions },
    capabilities: {
      labelParents: true,
      annotations: [...v.annotations],
      media: ['image', 'video-frame'],
      tracks: v.tracks,
      attributes: true,
      subsets: true,
      streaming: true,
      // a <box rotation="..."> is a box with its rotation attribute, as CVAT keeps it
      rotation: true,
    },
    async detect(ctx) {
      const d = await detectCvat(ctx);
      return { confidence: v.confidence(d.video, ctx), root: d.root };
    },
    read: readCvat,
    write: v.write,
  });
}

export const [cvat, cvatVideo] = VARIANTS.map(cvatFormat) as [
  Format<CvatReadOptions>,
  Format<CvatReadOptions>,
];
