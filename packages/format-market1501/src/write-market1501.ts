import {
  type Attributes,
  type DatasetItem,
  type DatasetSource,
  type FileSink,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { basename, dirname, joinPath, safeRelativePath } from '@labelport/core/files';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { BBOX_DIR_PREFIX, DEFAULT_IMAGE_EXT, LIST_PREFIX, QUERY_DIR } from './lib/market-layout.js';
import { formatMarketName, MARKET_ATTRIBUTES, MARKET_NAME } from './lib/market-name.js';

const truthy = (v: unknown) =>
  typeof v === 'string' ? ['true', '1', 'yes', 'on'].includes(v.trim().toLowerCase()) : Boolean(v);
const intOr = (v: unknown, fallback: number) => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isInteger(n) ? n : fallback;
};
const isMarketAttribute = (k: string) => (MARKET_ATTRIBUTES as readonly string[]).includes(k);

/** Frames already used per (person, camera, sequence), for names made up from attributes. */
type UsedFrames = Map<string, number>;

/** A Market-1501 name made up from the item's person_id, camera_id, track_id, frame_id and bbox_id. */
function madeName(at: Attributes, pid: string | number | true, usedFrames: UsedFrames): string {
  const camera = intOr(at.camera_id, 0);
  const track = intOr(at.track_id, 1);
  const key = `${pid}\u0000${camera}\u0000${track}`;
  const frame = intOr(at.frame_id, (usedFrames.get(key) ?? -1) + 1);
  usedFrames.set(key, Math.max(frame, usedFrames.get(key) ?? -1));
  return formatMarketName({
    person_id: String(pid),
    camera_id: camera,
    track_id: track,
    frame_id: frame,
    bbox_id: intOr(at.bbox_id, 0),
  });
}

/** The item's image name (its id, or one made up from its attributes), with what it cannot keep counted. */
function imageName(item: DatasetItem, usedFrames: UsedFrames, report: ReportBuilder): string {
  const at = item.attributes;
  let others = 0;
  for (const k of Object.keys(at)) {
    if (isMarketAttribute(k)) continue;
    others++;
    report.warn(`item attribute '${k}' is not kept (Market-1501 keeps only ${MARKET_ATTRIBUTES.join(', ')})`);
  }
  report.drop('item attribute', others);
  if (MARKET_NAME.test(basename(item.id))) return item.id;
  const pid = at.person_id;
  if (pid !== undefined && pid !== '' && pid !== 0 && pid !== false) {
    report.warn(
      'items whose ids are not Market-1501 names were renamed from their person_id, camera_id, track_id, frame_id and bbox_id',
    );
    return joinPath(dirname(item.id), madeName(at, pid, usedFrames));
  }
  // Without a Market-1501 name nothing of the attributes can be written.
  report.drop(
    'item attribute',
    Object.keys(at).length - others,
    'items without a Market-1501 name or a person_id keep none of their attributes',
  );
  return item.id;
}

export async function writeMarket1501(
  source: DatasetSource,
  out: FileSink,
  options: WriteOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  const lists = new Map<string, string[]>();
  const written = new Set<string>();
  const usedFrames: UsedFrames = new Map();
  for await (const item of readContext(options).iter(source.items(), source.size)) {
    report.items++;
    for (const a of item.annotations) report.drop(a.type);
    const folder = truthy(item.attributes.query) ? QUERY_DIR : `${BBOX_DIR_PREFIX}${item.subset}`;
    const name = imageName(item, usedFrames, report);
    const imagePath = safeRelativePath(`${folder}/${name}${mediaExtension(item, DEFAULT_IMAGE_EXT)}`);
    if (written.has(imagePath)) {
      report.warn(`two items map to the image ${imagePath}; the later one was written`);
    }
    written.add(imagePath);
    if (options.saveMedia) await saveMedia(item, out, imagePath, report);
    const list = lists.get(item.subset) ?? [];
    lists.set(item.subset, list);
    list.push(imagePath);
  }
  for (const [subset, list] of lists) {
    await out.write(`${LIST_PREFIX}${safeRelativePath(subset)}.txt`, list.map((p) => `${p}\n`).join(''));
  }
  return report.build();
}
