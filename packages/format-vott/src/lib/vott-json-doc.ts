/**
 * One VoTT JSON export (`<project>-export.json`, VoTT 2.x's `vottJson` export provider): the project
 * (`name`, `tags` [{name, color}], ...) and `assets`, an object keyed by asset id whose values are
 * VoTT's asset metadata: `{ asset: { format, id, name, path, size: {width, height}, state, type },
 * regions: [{ id, type, tags, boundingBox: {height, width, left, top}, points: [{x, y}] }], version }`.
 * Checked field by field with core's JSON field readers: a bad entry is a DatasetError naming the file
 * and the place (`assets.<id>.regions[2].boundingBox`).
 */
import {
  asObject,
  badField,
  isObject,
  type JsonObject,
  numberField,
  objectField,
  optionalList,
  optionalNumber,
  optionalString,
  stringField,
} from '@labelport/core/json';

/** VoTT's region types (RegionType in its applicationState.ts). */
export const REGION_TYPES = ['RECTANGLE', 'SQUARE', 'POLYGON', 'POLYLINE', 'POINT'] as const;
export type RegionType = (typeof REGION_TYPES)[number];

/** VoTT's asset types: 1 an image, 2 a video (never exported), 3 a frame of a video. */
export const ASSET_IMAGE = 1;
export const ASSET_VIDEO_FRAME = 3;

export interface VottBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface VottRegion {
  id?: string;
  type: RegionType;
  tags: string[];
  box?: VottBox;
  /** Flat x, y. */
  points: number[];
}

export interface VottAsset {
  /** The key in `assets` (VoTT's asset id). */
  key: string;
  name: string;
  path?: string;
  width?: number;
  height?: number;
  type?: number;
  timestamp?: number;
  /** The regions as the file has them: each is parsed on its own (parseVottRegion), so one bad region is one bad annotation. */
  regions: unknown[];
}

export interface VottTag {
  name: string;
  color?: [number, number, number];
}

/** True when `doc` is a VoTT export: an object with `assets` whose entries hold an asset and regions. */
export function isVottExport(doc: unknown): doc is JsonObject {
  if (!isObject(doc) || !isObject(doc.assets)) return false;
  const entries = Object.values(doc.assets);
  if (entries.length === 0) return Array.isArray(doc.tags);
  return entries.slice(0, 10).every((e) => isObject(e) && isObject(e.asset) && Array.isArray(e.regions));
}

/** `#rrggbb` as RGB, or a DatasetError at `place`. */
function parseColor(text: string, file: string, place: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(text.trim());
  if (!m) badField(file, place, `expected a colour #rrggbb, got "${text}"`);
  return [Number.parseInt(m[1]!, 16), Number.parseInt(m[2]!, 16), Number.parseInt(m[3]!, 16)];
}

/** The project's tags (its label list), in order. */
export function parseVottTags(doc: JsonObject, file: string): VottTag[] {
  return optionalList(doc, 'tags', file, '').map((raw, i) => {
    const place = `tags[${i}]`;
    const tag = asObject(raw, file, place);
    const color = optionalString(tag, 'color', file, place);
    return {
      name: stringField(tag, 'name', file, place),
      color: color === undefined ? undefined : parseColor(color, file, `${place}.color`),
    };
  });
}

function parseBox(region: JsonObject, file: string, place: string): VottBox | undefined {
  if (region.boundingBox === undefined || region.boundingBox === null) return undefined;
  const at = `${place}.boundingBox`;
  const b = objectField(region, 'boundingBox', file, place);
  return {
    left: numberField(b, 'left', file, at),
    top: numberField(b, 'top', file, at),
    width: numberField(b, 'width', file, at),
    height: numberField(b, 'height', file, at),
  };
}

function parsePoints(region: JsonObject, file: string, place: string): number[] {
  const out: number[] = [];
  optionalList(region, 'points', file, place).forEach((raw, j) => {
    const at = `${place}.points[${j}]`;
    const p = asObject(raw, file, at);
    out.push(numberField(p, 'x', file, at), numberField(p, 'y', file, at));
  });
  return out;
}

/** The fewest points each region type needs (a rectangle may have its box alone). */
const MIN_POINTS: Record<RegionType, number> = { RECTANGLE: 0, SQUARE: 0, POLYGON: 3, POLYLINE: 2, POINT: 1 };

export function parseVottRegion(raw: unknown, file: string, place: string): VottRegion {
  const region = asObject(raw, file, place);
  const type = (optionalString(region, 'type', file, place) ?? 'RECTANGLE') as RegionType;
  if (!REGION_TYPES.includes(type)) {
    badField(file, `${place}.type`, `expected one of ${REGION_TYPES.join(', ')}, got "${type}"`);
  }
  const tags = optionalList(region, 'tags', file, place).map((t, k) =>
    typeof t === 'string' ? t : badField(file, `${place}.tags[${k}]`, 'expected a tag name'),
  );
  const box = parseBox(region, file, place);
  const points = parsePoints(region, file, place);
  if (points.length / 2 < MIN_POINTS[type]) {
    badField(file, `${place}.points`, `a ${type} region needs ${MIN_POINTS[type]} points or more`);
  }
  if (!box && points.length === 0) badField(file, place, 'a region needs a boundingBox or points');
  return { id: optionalString(region, 'id', file, place), type, tags, box, points };
}

/** The asset metadata under `assets[key]`. */
export function parseVottAsset(key: string, raw: unknown, file: string): VottAsset {
  const place = `assets.${key}`;
  const meta = asObject(raw, file, place);
  const at = `${place}.asset`;
  const asset = objectField(meta, 'asset', file, place);
  const size = isObject(asset.size) ? asset.size : undefined;
  return {
    key,
    name: stringField(asset, 'name', file, at),
    path: optionalString(asset, 'path', file, at),
    width: size ? optionalNumber(size, 'width', file, `${at}.size`) : undefined,
    height: size ? optionalNumber(size, 'height', file, `${at}.size`) : undefined,
    type: optionalNumber(asset, 'type', file, at),
    timestamp: optionalNumber(asset, 'timestamp', file, at),
    regions: optionalList(meta, 'regions', file, place),
  };
}
