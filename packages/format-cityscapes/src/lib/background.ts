// The background of Cityscapes' id images: labelId 0 ('unlabeled' in Cityscapes' own label table),
// the pixels no object covers. Datumaro's reader never reads label 0 as a mask, and its writer (as
// Cityscapes' scripts) puts the background first; we do the same, so that a label the dataset
// numbers 0 (COCO's `person`) is not lost in Datumaro and CVAT.
// TODO(core): the same choice of a background label is KITTI's (packages/format-kitti/src/lib/background.ts);
// one `backgroundFirst(labels, colors)` in @labelport/core/meta would serve both (and VOC, CamVid).
import { vocColormap } from '@labelport/core/geometry';
import type { LabelMap, Rgb } from '@labelport/core/meta';

export const BACKGROUND = 'background';
const BACKGROUND_NAMES = new Set(['background', 'unlabeled', 'unlabelled', 'void']);
const BLACK: Rgb = [0, 0, 0];

const isBlack = (c: Rgb | undefined) => c !== undefined && c[0] === 0 && c[1] === 0 && c[2] === 0;
const isBackgroundName = (name: string) => BACKGROUND_NAMES.has(name.toLowerCase());

/**
 * The label map as Datumaro's reader makes it (`make_cityscapes_categories`): a map without a black
 * label gets one, `background` moved (or added) to index 0; the index of the background comes back.
 */
export function withBackground(map: LabelMap): { map: LabelMap; background: number } {
  const black = map.findIndex(([, c]) => isBlack(c));
  if (black >= 0) return { map, background: black };
  const hasColors = map.some(([, c]) => c !== undefined);
  const named = map.findIndex(([n]) => n === BACKGROUND);
  const rest = map.filter((_, i) => i !== named);
  // An existing `background` keeps its colour (as Datumaro's); an added one is black when others have colours.
  const bg: [string, Rgb | undefined] =
    named >= 0 ? map[named]! : [BACKGROUND, hasColors ? BLACK : undefined];
  return { map: [bg, ...rest], background: 0 };
}

export interface OutputLabelMap {
  /** The labels in label-id order, each with its colour: the background first, coloured black. */
  map: LabelMap;
  /** Source label index -> label id written. */
  ids: number[];
  /** The source label written as the background (its masks are the unpainted pixels), if any. */
  backgroundSource?: number;
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
  return { map, ids, backgroundSource: bg < 0 ? undefined : bg, note };
}
