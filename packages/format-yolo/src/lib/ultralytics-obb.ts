/**
 * Oriented boxes. labelport's rotated box is a bbox whose `rotation` attribute turns it (degrees,
 * clockwise about its centre). An Ultralytics OBB dataset (`task: obb`) holds one `class x1 y1 x2 y2
 * x3 y3 x4 y4` line per box, the corners normalised (Ultralytics' `xyxyxyxy`); in a detection,
 * segmentation or pose dataset a rotated box is written as its corner polygon (or, for pose, the upright
 * box around it), counted.
 */
import type { Annotation, BboxAnnotation, ReportBuilder } from '@labelport/core';
import { bboxOfPoints, boxRotation, isRotated, rotatedBoxCorners } from '@labelport/core/geometry';
import { type ImageSize, polygonLine } from './label-file.js';
import type { Writable } from './ultralytics-objects.js';

export const isRotatedBox = (a: Annotation): boolean => a.type === 'bbox' && isRotated(a.attributes);

const cornersOf = (b: BboxAnnotation) => rotatedBoxCorners(b.x, b.y, b.w, b.h, boxRotation(b.attributes));

function withoutRotation<T extends Annotation>(a: T): T {
  const { rotation: _r, ...attributes } = a.attributes;
  return { ...a, attributes };
}

/** The lines of an OBB label file: every box as its four corners; 4-point polygons as they are. */
export function obbLines(shapes: Writable[], size: ImageSize, report: ReportBuilder): string[] {
  const lines: string[] = [];
  for (const s of shapes) {
    let corners: number[] | undefined;
    if (s.type === 'bbox') corners = cornersOf(s);
    else if (s.type === 'polygon' && s.points.length === 8) corners = s.points;
    if (!corners) {
      report.drop(s.type, 1, 'an OBB dataset holds oriented boxes only: other shapes are not written');
      continue;
    }
    const clamped = corners.map((v, i) => Math.min(i % 2 ? size.height : size.width, Math.max(0, v)));
    if (clamped.some((v, i) => v !== corners[i])) {
      report.convert(
        s.type,
        `${s.type} cut to the image`,
        1,
        'box corners outside the image are moved onto its edge (Ultralytics rejects coordinates outside it)',
      );
    }
    lines.push(polygonLine(s.label!, clamped, size));
  }
  return lines;
}

/**
 * Rotated boxes for a dataset that is not OBB: their corner polygon (segmentation keeps the shape), or
 * for pose, whose objects are upright boxes, the upright box around them, the rotation counted as lost.
 */
export function uprightShapes(shapes: Writable[], pose: boolean, report: ReportBuilder): Writable[] {
  return shapes.map((s) => {
    if (s.type !== 'bbox' || !isRotated(s.attributes)) return s;
    const corners = cornersOf(s);
    if (!pose) {
      report.convert(
        'bbox',
        'polygon',
        1,
        'rotated boxes in a dataset that is not OBB are written as their corner polygons',
      );
      const { x: _x, y: _y, w: _w, h: _h, ...rest } = withoutRotation(s);
      return { ...rest, type: 'polygon', points: corners };
    }
    report.drop(
      'rotation',
      1,
      'rotated boxes of a pose dataset are written as the upright boxes around them',
    );
    const [x, y, w, h] = bboxOfPoints(corners) as [number, number, number, number];
    return { ...withoutRotation(s), x, y, w, h };
  });
}
