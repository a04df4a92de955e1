/**
 * Writes VoTT JSON exports as VoTT 2.2's `vottJson` provider does: one `<subset>-export.json` per
 * subset (the default subset at the top, the others in a folder of their name, so that their images
 * never meet), with the project's keys in VoTT's order, the tags with their colours, and `assets`
 * keyed by asset id (the item's `id` attribute, else the MD5 of the asset's path, as VoTT makes it).
 * `--save-media` saves each image beside its export under the asset's name, as VoTT's "include
 * images" does; the asset's `path` is that name, which Datumaro resolves beside the file.
 */
import {
  type Categories,
  type DatasetItem,
  type DatasetSource,
  DEFAULT_SUBSET,
  type FileSink,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { basename, extname, joinPath } from '@labelport/core/files';
import { imageSizeFromHeader, mediaExtension, saveMedia } from '@labelport/core/media';
import { md5Hex } from './lib/md5.js';
import { ASSET_IMAGE, ASSET_VIDEO_FRAME } from './lib/vott-json-doc.js';
import { itemRegions, RegionIds, type RegionJson } from './lib/vott-region-json.js';
import type { VottJsonWriteOptions } from './options.js';
import { EXPORT_SUFFIX } from './read-vott-json.js';

/** The VoTT version the files say they are from. */
const VOTT_VERSION = '2.2.0';

/** VoTT's tag colours, in the order it gives them to new tags: for labels without a colour. */
const TAG_COLORS = [
  '#5db300',
  '#e81123',
  '#6917aa',
  '#015cda',
  '#4894fe',
  '#6b849c',
  '#70c400',
  '#f7929a',
  '#257ffe',
];

interface AssetJson {
  asset: {
    format: string;
    id: string;
    name: string;
    path: string;
    size: { width: number; height: number } | null;
    state: number;
    type: number;
    timestamp?: number;
  };
  regions: RegionJson[];
  version: string;
}

interface SubsetFile {
  folder: string;
  assets: Record<string, AssetJson>;
}

const hex = (c: [number, number, number]) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;

/** The project's tags: every label, with its colour or one of VoTT's. */
function tagsJson(categories: Categories): { name: string; color: string }[] {
  return categories.labels.map((l, i) => {
    const c = categories.colors?.get(i);
    return { name: l.name, color: c ? hex(c) : TAG_COLORS[i % TAG_COLORS.length]! };
  });
}

/** The export file of a subset, with the project's keys in VoTT's order. */
function projectJson(name: string, tags: ReturnType<typeof tagsJson>, assets: Record<string, AssetJson>) {
  const ids = Object.keys(assets);
  return {
    name,
    videoSettings: { frameExtractionRate: 15 },
    tags,
    useSecurityToken: true,
    securityToken: `${name} Token`,
    id: md5Hex(name).slice(0, 9),
    activeLearningSettings: { autoDetect: false, predictTag: true, modelPathType: 'coco' },
    version: VOTT_VERSION,
    ...(ids.length ? { lastVisitedAssetId: ids[ids.length - 1] } : {}),
    assets,
  };
}

/** The image's size: the item's, else its header's when the bytes are there, else unknown (null). */
async function sizeOf(item: DatasetItem): Promise<AssetJson['asset']['size']> {
  const m = item.media;
  if (m?.width && m.height) return { width: m.width, height: m.height };
  const bytes = await m?.bytes?.();
  const header = bytes ? imageSizeFromHeader(bytes) : undefined;
  return header ? { width: header.width, height: header.height } : null;
}

/** The asset's name, path and type: a video frame keeps VoTT's `video.mp4#t=<seconds>` name. */
function assetName(item: DatasetItem): { name: string; type: number; timestamp?: number } {
  const t = item.attributes.timestamp;
  if (item.media?.kind === 'video-frame' && typeof t === 'number') {
    const name = item.id.includes('#t=') ? item.id : `${basename(item.media.path ?? item.id)}#t=${t}`;
    return { name, type: ASSET_VIDEO_FRAME, timestamp: t };
  }
  return { name: `${item.id}${mediaExtension(item)}`, type: ASSET_IMAGE };
}

/** The asset id: the item's `id` attribute where it is a string free in its file, else MD5 of the path. */
function assetId(
  item: DatasetItem,
  path: string,
  taken: Record<string, AssetJson>,
  report: ReportBuilder,
): string {
  const given = item.attributes.id;
  if (typeof given === 'string' && given !== '' && !taken[given]) return given;
  if (given !== undefined)
    report.drop(
      'item attribute',
      1,
      'asset ids are unique in an export: a repeated or non-text id is replaced',
    );
  let id = md5Hex(path);
  for (let n = 1; taken[id]; n++) id = md5Hex(`${path}#${n}`);
  return id;
}

/** Item attributes VoTT has no place for (all but the asset id and a frame's timestamp). */
function countLostItemAttributes(item: DatasetItem, type: number, report: ReportBuilder): void {
  const n = Object.keys(item.attributes).filter(
    (k) => k !== 'id' && !(k === 'timestamp' && type === ASSET_VIDEO_FRAME),
  ).length;
  report.drop(
    'item attribute',
    n,
    "VoTT assets have no attributes: only the asset id (and a frame's timestamp) is kept",
  );
}

async function assetJson(
  item: DatasetItem,
  labels: Categories['labels'],
  taken: Record<string, AssetJson>,
  report: ReportBuilder,
): Promise<AssetJson> {
  const { name, type, timestamp } = assetName(item);
  countLostItemAttributes(item, type, report);
  const id = assetId(item, name, taken, report);
  const regions = itemRegions(
    item.annotations,
    labels,
    new RegionIds((n) => md5Hex(`${id}/${n}`).slice(0, 9)),
    report,
  );
  const ext = extname(name.split('#')[0]!).slice(1);
  return {
    asset: {
      format: ext,
      id,
      name,
      path: name,
      size: await sizeOf(item),
      state: regions.length ? 2 : 1,
      type,
      ...(timestamp === undefined ? {} : { timestamp }),
    },
    regions,
    version: VOTT_VERSION,
  };
}

export async function writeVottJson(
  source: DatasetSource,
  out: FileSink,
  options: VottJsonWriteOptions & WriteOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  const labels = source.categories.labels;
  const subsets = new Map<string, SubsetFile>();
  for await (const item of readContext(options).iter(source.items(), source.size)) {
    report.items++;
    let file = subsets.get(item.subset);
    if (!file) {
      file = { folder: item.subset === DEFAULT_SUBSET ? '' : item.subset, assets: {} };
      subsets.set(item.subset, file);
    }
    const meta = await assetJson(item, labels, file.assets, report);
    file.assets[meta.asset.id] = meta;
    if (options.saveMedia && meta.asset.type === ASSET_IMAGE) {
      await saveMedia(item, out, joinPath(file.folder, meta.asset.name), report);
    }
  }
  const tags = tagsJson(source.categories);
  for (const [subset, file] of subsets) {
    const doc = projectJson(subset, tags, file.assets);
    const text = JSON.stringify(doc, null, options.indent ?? 4);
    await out.write(joinPath(file.folder, `${subset}${EXPORT_SUFFIX}`), `${text}\n`);
  }
  return report.build();
}
