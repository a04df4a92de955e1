// The background of KITTI's instance images: value 0 (label 0, no instance), KITTI's `unlabeled`,
// the pixels no object covers. Writing, label 0 is always the background, so that a dataset whose
// first label is an object (COCO's `person`) does not have every unpainted pixel read back (by
// Datumaro and by us) as a crowd of that object.
// TODO(core): the same choice of a background label is Cityscapes' (packages/format-cityscapes/src/lib/background.ts);
// one `backgroundFirst(labels, colors)` in @labelport/core/meta would serve both (and VOC, CamVid).
import { vocColormap } from '@labelport/core/geometry';
import type { LabelMap, Rgb } from '@labelport/core/meta';

export const BACKGROUND = 'background';
const BACKGROUND_NAMES = new Set(['background', 'unlabeled', 'unlabelled', 'void']);
const BLACK: Rgb = [0, 0, 0];

const isBlack = (c: Rgb | undefined) => c !== undefined && c[0] === 0 && c[1] === 0 && c[2] === 0;
const isBackgroundName = (name: string) => BACKGROUND_NAMES.has(name.toLowerCase());

/**
 * Whether label 0 of a label map (as the file gives it, colours and all) is the background, whose
 * crowd (value 0) is unlabeled and not a mask: it is black, or colourless and named
 * `background`/`unlabeled`/`void` (KITTI's own map: `unlabeled`, black).
 */
export function labelZeroIsBackground(map: LabelMap): boolean {
  const first = map[0];
  if (!first) return false;
  return first[1] !== undefined ? isBlack(first[1]) : isBackgroundName(first[0]);
}

export interface OutputLabelMap {
  /** The labels in label-id order, each with its colour: the background first, coloured black. */
  map: LabelMap;
  /** Source label index -> label id written. */
  ids: number[];
  note?: string;
}

/**
 * The label map to write, with the background at label id 0 (black): the dataset's label 0 when it
 * is the background already (black, or a colourless `background`/`unlabeled`/`void`), else its first
 * black label, else its first label with one of those names, moved to the front; else a black
 * `background` added in front. The other labels keep their order and their colours (VOC's colormap,
 * whose only black is its first, for those without).
 */
export function outputLabelMap(names: string[], colors: Map<number, Rgb> | undefined): OutputLabelMap {
  const given = colors && colors.size > 0 ? colors : undefined;
  const bgAt0 = names.length > 0 && (given ? isBlack(given.get(0)) : isBackgroundName(names[0]));
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
    map.push([names[source]!, id === 0 ? BLACK : (given?.get(source) ?? voc[id % voc.length])]);
  });
  let note: string | undefined;
  if (bg < 0) note = `no label is the background: a black '${BACKGROUND}' label was added as label id 0`;
  else if (bg > 0) note = `label '${names[bg]}' was written as the background (label id 0, black)`;
  else if (given !== undefined && !isBlack(given.get(0)))
    note = `label '${names[0]}' was coloured black, the background's colour`;
  return { map, ids, note };
}
