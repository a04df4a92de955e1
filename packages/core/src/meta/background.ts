/**
 * The background of a mask format's id images: label id 0, black, the pixels no object covers (as
 * Cityscapes' and KITTI's own label tables, Datumaro's writers and VOC have it). One choice of which
 * label that is, for every writer of such images, so that a dataset whose label 0 is an object (COCO's
 * `person`) is not read back as a crowd of it over the background.
 */
import { vocColormap } from '../geometry/colormap.js';
import type { Rgb } from './dataset-meta.js';
import type { LabelMap } from './label-colors.js';

/** The name of a background label added where the dataset has none. */
export const BACKGROUND = 'background';
const BACKGROUND_NAMES = new Set(['background', 'unlabeled', 'unlabelled', 'void']);
const BLACK: Rgb = [0, 0, 0];

/** True for (0, 0, 0). */
export const isBlack = (c: Rgb | undefined): boolean =>
  c !== undefined && c[0] === 0 && c[1] === 0 && c[2] === 0;

/** True for the names a background goes by: `background`, `unlabeled`, `unlabelled`, `void`. */
export const isBackgroundName = (name: string): boolean => BACKGROUND_NAMES.has(name.toLowerCase());

/**
 * Whether label 0 of a label map (as a file gives it, colours and all) is the background: black, or
 * colourless and named as a background is.
 */
export function labelZeroIsBackground(map: LabelMap): boolean {
  const first = map[0];
  if (!first) return false;
  return first[1] !== undefined ? isBlack(first[1]) : isBackgroundName(first[0]);
}

/** The label map a writer writes, with the background first. */
export interface BackgroundFirstMap {
  /** The labels in label-id order, each with its colour: the background first, coloured black. */
  map: LabelMap;
  /** Source label index -> label id written. */
  ids: number[];
  /** The source label written as the background (its masks are the unpainted pixels), if any. */
  backgroundSource?: number;
  /** What was changed to put the background first, for a warning. */
  note?: string;
}

/**
 * The label map to write with the background at label id 0 (black): the dataset's label 0 when it is
 * the background already (black, or a colourless `background`/`unlabeled`/`void`), else its first
 * black label, else its first label with one of those names, moved to the front; else a black
 * `background` added in front. The other labels keep their order and their colours (VOC's colormap,
 * whose only black is its first, for those without).
 */
export function backgroundFirst(names: string[], colors: Map<number, Rgb> | undefined): BackgroundFirstMap {
  const given = colors && colors.size > 0 ? colors : undefined;
  const bgAt0 = names.length > 0 && (given ? isBlack(given.get(0)) : isBackgroundName(names[0]!));
  let bg = bgAt0 ? 0 : given ? names.findIndex((_, i) => isBlack(given.get(i))) : -1;
  if (bg < 0) bg = names.findIndex(isBackgroundName);
  const order = bg < 0 ? names.map((_, i) => i) : [bg, ...names.map((_, i) => i).filter((i) => i !== bg)];
  const offset = bg < 0 ? 1 : 0;
  const voc = vocColormap(Math.max(256, names.length + 1));
  const map: LabelMap = bg < 0 ? [[BACKGROUND, BLACK]] : [];
  const ids: number[] = new Array(names.length);
  order.forEach((source, k) => {
    const id = k + offset;
    ids[source] = id;
    map.push([names[source]!, id === 0 ? BLACK : (given?.get(source) ?? (voc[id % voc.length] as Rgb))]);
  });
  let note: string | undefined;
  if (bg < 0) note = `no label is the background: a black '${BACKGROUND}' label was added as label id 0`;
  else if (bg > 0) note = `label '${names[bg]}' was written as the background (label id 0, black)`;
  else if (given !== undefined && !isBlack(given.get(0)))
    note = `label '${names[0]}' was coloured black, the background's colour`;
  return { map, ids, backgroundSource: bg < 0 ? undefined : bg, note };
}

/**
 * How many of an item's shapes share their group with another one: the ties a writer that holds every
 * shape as its own object loses (counted as 'group').
 */
export function tiedByGroup(shapes: readonly { group?: number }[]): number {
  const count = new Map<number, number>();
  for (const s of shapes) if (s.group !== undefined) count.set(s.group, (count.get(s.group) ?? 0) + 1);
  let n = 0;
  for (const c of count.values()) if (c > 1) n += c;
  return n;
}

/**
 * For a format that holds one shape per object and no groups: of each group (its shapes of one label;
 * a group of 0 is a group) that has an outline (a polygon or a mask), the boxes are left out and counted
 * as lost 'bbox' (`why` says why), as COCO's readers and Ultralytics take an object's box from its
 * outline. The shapes still tied to another one after that are counted as a lost 'group'.
 */
export function oneShapePerObject<A extends { type: string; group?: number; label?: number }>(
  annotations: readonly A[],
  report: { drop(kind: string, count?: number, why?: string): void },
  format: string,
): A[] {
  const outlined = new Set<string>();
  const key = (a: A) => `${a.group}\u0000${a.label}`;
  for (const a of annotations)
    if (a.group !== undefined && (a.type === 'polygon' || a.type === 'mask')) outlined.add(key(a));
  const kept = annotations.filter((a) => a.type !== 'bbox' || a.group === undefined || !outlined.has(key(a)));
  report.drop(
    'bbox',
    annotations.length - kept.length,
    `${format} holds one shape per object: the box of an object that has an outline is not written`,
  );
  report.drop(
    'group',
    tiedByGroup(kept),
    `${format} has no groups: shapes tied by a group are written apart`,
  );
  return kept;
}
