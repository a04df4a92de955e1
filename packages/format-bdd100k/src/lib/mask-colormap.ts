import type { Categories } from '@labelport/core';
import { vocColormap } from '@labelport/core/geometry';
import { encodePng } from '@labelport/core/png';
import { SEM_SEG_CLASSES, SEM_SEG_COLORS } from './bdd-categories.js';
import { classIds, type MaskTask, maskTaskCategories } from './mask-tasks.js';

/** BDD100K's visual colormap: a palette PNG over the same values (lane: by the value's low 4 bits). */
export function colormapPng(
  task: MaskTask,
  categories: Categories,
  values: Uint8Array,
  width: number,
  height: number,
): Uint8Array {
  const palette: [number, number, number][] = Array.from(
    { length: 256 },
    () => [0, 0, 0] as [number, number, number],
  );
  const colors = maskTaskCategories(task).colors ?? categories.colors;
  if (task.id === 'lane') {
    const lane: [number, number, number][] = [
      [0, 0, 0],
      [255, 0, 0],
      [0, 0, 255],
      [255, 255, 0],
      [0, 255, 0],
      [255, 0, 255],
      [0, 255, 255],
      [255, 255, 255],
    ];
    for (let v = 0; v < 256; v++) palette[v] = (v >> 3) & 1 ? [0, 0, 0] : lane[v & 7]!;
  } else if (task.kind === 'bitmasks') {
    // Category ids (1-based): the Cityscapes colour of the class where sem_seg has it, else VOC's colour map.
    const voc = vocColormap(256);
    for (const [n, id] of classIds(task)) {
      const k = SEM_SEG_CLASSES.indexOf(n === 'pedestrian' ? 'person' : n);
      palette[id] = k >= 0 ? SEM_SEG_COLORS[k]! : voc[id]!;
    }
  } else if (colors) {
    for (const [i, c] of colors) if (i < 256) palette[i] = c;
  }
  return encodePng({ width, height, colorType: 'palette', data: values, palette });
}
