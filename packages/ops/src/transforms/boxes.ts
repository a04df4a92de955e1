import type { Annotation, BboxAnnotation } from '@labelport/core';
import { noteOnce } from '../report.js';
import { itemTransform } from './spec.js';

/**
 * Datumaro's bbox_values_decrement: every box moves one pixel up and left (for formats counting
 * pixels from 1). Unlike Datumaro's, a box keeps its place among the annotations and its id, group
 * and z-order. A box in normalised coordinates moves by one pixel of its image, which needs the size.
 */
export const bboxValuesDecrement = itemTransform({
  name: 'bbox_values_decrement',
  doc: 'subtract one from the x and y of every box (1-based pixel coordinates to 0-based)',
  params: {},
  step(_source, _params, report) {
    return (item) => {
      if (!item.annotations.some((a) => a.type === 'bbox')) return item;
      const { width, height } = item.media ?? {};
      let changed = false;
      const annotations = item.annotations.map((a): Annotation => {
        if (a.type !== 'bbox') return a;
        const moved = decremented(a, width, height);
        if (moved === a)
          noteOnce(report, 'normalised boxes of items without an image size are kept as they are');
        else {
          changed = true;
          report.annotationsChanged++;
        }
        return moved;
      });
      return changed ? { ...item, annotations } : item;
    };
  },
});

function decremented(a: BboxAnnotation, width?: number, height?: number): BboxAnnotation {
  if (!a.normalized) return { ...a, x: a.x - 1, y: a.y - 1 };
  if (!width || !height) return a;
  return { ...a, x: a.x - 1 / width, y: a.y - 1 / height };
}
