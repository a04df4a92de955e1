// The background of Cityscapes' id images: labelId 0 ('unlabeled' in Cityscapes' own label table),
// the pixels no object covers. Datumaro's reader never reads label 0 as a mask, and its writer (as
// Cityscapes' scripts) puts the background first; we do the same, so that a label the dataset
// numbers 0 (COCO's `person`) is not lost in Datumaro and CVAT.
// Writing, core's `backgroundFirst` (@labelport/core/meta) chooses the background; reading, this.
import { BACKGROUND, isBlack, type LabelMap, type Rgb } from '@labelport/core/meta';

const BLACK: Rgb = [0, 0, 0];

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
