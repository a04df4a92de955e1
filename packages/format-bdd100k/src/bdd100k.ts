import { defineFormat, type IoOptions } from '@labelport/core';
import { readScalabel, type ScalabelReadOptions } from './lib/read-scalabel.js';
import { scalabelFiles } from './lib/scalabel-files.js';
import { writeScalabel } from './lib/write-scalabel.js';
import { scalabelReadOptions } from './options.js';

/** A frame list (`[{"name": ...`) or a Scalabel export (`{"frames": ...` / `{"config": ...`). */
const SCALABEL_HEAD =
  /^\s*(?:\[\s*(?:\]|\{\s*"(?:name|url|videoName|frameIndex|timestamp|attributes|labels|size)"\s*:)|\{\s*"(?:frames|config|groups)"\s*:)/;

/**
 * BDD100K's JSON labels in the Scalabel format: det_20 (one list per subset), box_track_20 (one list
 * per video; track ids as objectId), pose_21, and Scalabel exports. Boxes (inclusive pixel corners),
 * poly2d polygons and paths (Bezier curves flattened, and kept for a round trip), RLE masks, 3D boxes,
 * pose graphs, frame and label attributes.
 */
export const bdd100k = defineFormat<ScalabelReadOptions, IoOptions>({
  id: 'bdd100k',
  title: 'BDD100K / Scalabel JSON',
  aliases: ['scalabel'],
  extensions: ['.json'],
  options: { read: scalabelReadOptions },
  capabilities: {
    annotations: ['bbox', 'polygon', 'polyline', 'mask', 'cuboid3d', 'points'],
    media: ['image', 'video-frame'],
    tracks: true,
    attributes: true,
    subsets: true,
    streaming: false,
  },
  async detect(ctx) {
    const files = scalabelFiles(ctx.files);
    if (files.length === 0) ctx.reject('no .json file');
    // Look at a few files: a folder of Scalabel files may also hold unrelated JSON.
    let hits = 0;
    for (const f of files.slice(0, 3)) {
      if (SCALABEL_HEAD.test(await ctx.readHead(f, 2048))) hits++;
    }
    if (hits === 0)
      ctx.reject('no JSON file starts like Scalabel frames ([{"name": ...} or {"frames": ...})');
    const first = files[0]!;
    const parts = first.split('/');
    const labelsAt = parts.indexOf('labels');
    const root = labelsAt > 0 ? parts.slice(0, labelsAt).join('/') : '';
    return { confidence: hits === Math.min(3, files.length) ? 1 : 0.6, root };
  },
  read: (tree, options) => readScalabel(tree, options),
  write: (source, sink, options) => writeScalabel(source, sink, options),
});
