import {
  DatasetError,
  type DatasetSource,
  type DetectContext,
  type FileTree,
  type OptionValues,
  type ReadOptions,
  readContext,
} from '@labelport/core';
import { isObject, type JsonObject, scanJsonBatches } from '@labelport/core/json';
import { buildCategories, graphEdgesOf, type LabelSurvey } from './lib/scalabel-categories.js';
import { imageIndex, scalabelFiles, subsetOfLabelFile } from './lib/scalabel-files.js';
import { type FrameAt, type FrameEnv, type LabelFile, readFrame } from './lib/scalabel-frame.js';
import type { scalabelReadOptions } from './options.js';

export type ScalabelReadOptions = OptionValues<typeof scalabelReadOptions>;

/**
 * Files up to this many bytes in all are parsed once and kept (parsed JSON takes about 4.5 times its
 * size); larger sets are streamed twice, first for the categories, then for the items, one frame at
 * a time, so memory does not grow with the files.
 */
const KEEP_PARSED_BYTES = 64 * 1024 * 1024;

/** A frame list (`[{"name": ...`) or a Scalabel export (`{"frames": ...` / `{"config": ...`). */
const SCALABEL_HEAD =
  /^\s*(?:\[\s*(?:\]|\{\s*"(?:name|url|videoName|frameIndex|timestamp|attributes|labels|size)"\s*:)|\{\s*"(?:frames|config|groups)"\s*:)/;

export async function detectScalabel(ctx: DetectContext) {
  const files = scalabelFiles(ctx.files);
  if (files.length === 0) ctx.reject('no .json file');
  // Look at a few files: a folder of Scalabel files may also hold unrelated JSON.
  let hits = 0;
  for (const f of files.slice(0, 3)) {
    if (SCALABEL_HEAD.test(await ctx.readHead(f, 2048))) hits++;
  }
  if (hits === 0) ctx.reject('no JSON file starts like Scalabel frames ([{"name": ...} or {"frames": ...})');
  const first = files[0]!;
  const parts = first.split('/');
  const labelsAt = parts.indexOf('labels');
  const root = labelsAt > 0 ? parts.slice(0, labelsAt).join('/') : '';
  return { confidence: hits === Math.min(3, files.length) ? 1 : 0.6, root };
}

/** The frames of a label file, parsed one at a time as it is read; its config goes to `onConfig`. */
async function* streamFrames(
  tree: FileTree,
  file: LabelFile,
  onConfig: (config: JsonObject) => void,
): AsyncGenerator<FrameAt> {
  const scan = scanJsonBatches(tree, file.path, {
    plan: (key) => (key === undefined || key === 'frames' ? 'elements' : key === 'config' ? 'whole' : 'skip'),
  });
  for await (const batch of scan) {
    for (const ev of batch) {
      if (ev.type === 'element') yield { frame: ev.value, place: `${ev.key ?? ''}[${ev.index}]`, file };
      else if (ev.type !== 'value') continue;
      else if (ev.key === 'config' && isObject(ev.value)) onConfig(ev.value);
      else if (ev.key === undefined || (ev.key === 'frames' && ev.value !== null))
        throw new DatasetError('bad-field', 'expected a list of frames or an object with "frames"', {
          file: file.path,
        });
    }
  }
}

/** What the first pass learns of a frame: its category names, video, boxes and pose graphs. */
function surveyFrame(frame: unknown, survey: LabelSurvey, seen: Set<string>): void {
  if (!isObject(frame)) return;
  if (typeof frame.videoName === 'string' && frame.videoName !== '') survey.hasVideo = true;
  if (!Array.isArray(frame.labels)) return;
  for (const label of frame.labels) {
    if (!isObject(label)) continue;
    if (typeof label.category === 'string' && !seen.has(label.category)) {
      seen.add(label.category);
      survey.names.push(label.category);
    }
    if (isObject(label.box2d) || Array.isArray(label.poly2d)) survey.hasBoxes = true;
    if (isObject(label.graph)) {
      survey.hasGraphs = true;
      survey.graphEdges ??= graphEdgesOf(label.graph);
    }
  }
}

/** The first pass: the config (first one wins) and what the frames use; the frames kept when `keep`. */
async function surveyFiles(tree: FileTree, files: LabelFile[], keep: boolean) {
  const parsed = new Map<string, FrameAt[]>();
  const survey: LabelSurvey = { names: [], hasVideo: false, hasBoxes: false, hasGraphs: false };
  const seen = new Set<string>();
  for (const f of files) {
    const kept: FrameAt[] | undefined = keep ? [] : undefined;
    for await (const at of streamFrames(tree, f, (c) => (survey.config ??= c))) {
      kept?.push(at);
      surveyFrame(at.frame, survey, seen);
    }
    if (kept) parsed.set(f.path, kept);
  }
  return { survey, parsed };
}

/** Every frame of the files, in order: the kept ones, or streamed anew. */
async function* framesOf(tree: FileTree, files: LabelFile[], parsed: Map<string, FrameAt[]>) {
  for (const f of files) yield* parsed.get(f.path) ?? streamFrames(tree, f, () => {});
}

/**
 * Reads Scalabel / BDD100K JSON labels (det_20 list files, box_track_20 per-video files, pose_21,
 * Scalabel exports with a config): one item per frame, every label's shapes as annotations.
 */
export async function readScalabel(
  tree: FileTree,
  options: ScalabelReadOptions & ReadOptions = {},
): Promise<DatasetSource> {
  const ctx = readContext(options);
  const entries = await tree.list();
  const sizes = new Map(entries.map((e) => [e.path, e.size]));
  const files: LabelFile[] = scalabelFiles(entries).map((path) => ({
    path,
    subset: subsetOfLabelFile(path),
    size: sizes.get(path) ?? 0,
  }));
  if (files.length === 0)
    throw new DatasetError('not-found', 'no Scalabel JSON label file (*.json) found', { file: tree.name });
  const keep = files.reduce((n, f) => n + f.size, 0) <= (options.keepParsedBytes ?? KEEP_PARSED_BYTES);
  const { survey, parsed } = await surveyFiles(tree, files, keep);
  const categories = buildCategories(survey);
  const images = imageIndex(entries);
  const labelIndex = new Map(categories.labels.map((l, i) => [l.name, i]));
  const tolerance = options.bezierTolerance ?? 0.5;
  return {
    categories,
    items() {
      // Track ids per label file and video, anew for each pass.
      const env: FrameEnv = { tree, images, labelIndex, tolerance, ctx, tracks: new Map() };
      return ctx.items(framesOf(tree, files, parsed), (at) => readFrame(at, env), {
        where: (at) => ({ file: at.file.path, place: at.place }),
      });
    },
  };
}
