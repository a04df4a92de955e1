/**
 * Ultralytics pose lines: `c cx cy w h` and k keypoints `x y v`, one line per object (a box and the
 * keypoints of its group and label).
 */
import type {
  Annotation,
  BboxAnnotation,
  PointsAnnotation,
  ReportBuilder,
  SkeletonAnnotation,
} from '@labelport/core';
import { bboxOfPoints } from '@labelport/core/geometry';
import { boxLine, type ImageSize, keypointFields } from './label-file.js';
import type { Writable } from './ultralytics-objects.js';

/** A skeleton (CVAT, Datumaro) as one points annotation: its elements' points in order. */
export function skeletonPoints(a: SkeletonAnnotation): PointsAnnotation {
  const points: number[] = [];
  const visibility: PointsAnnotation['visibility'] = [];
  for (const e of a.elements) {
    points.push(...e.points);
    for (let i = 0; i < e.points.length / 2; i++) visibility.push(e.visibility[i] ?? 2);
  }
  return { type: 'points', points, visibility, label: a.label, group: a.group, attributes: a.attributes };
}

/**
 * The pose lines of one image: each box with the points of its group (same label; a box without
 * points gets absent keypoints), points without a box with the box around their visible points.
 */
export function poseLines(shapes: Writable[], k: number, size: ImageSize, report: ReportBuilder): string[] {
  const lines: string[] = [];
  const points = shapes.filter((a): a is PointsAnnotation => a.type === 'points');
  for (const p of points) {
    if (p.points.length / 2 > k) {
      report.drop('point', p.points.length / 2 - k);
      report.warn(`kpt_shape holds ${k} keypoints per object: the keypoints past them are dropped`);
    }
  }
  const used = new Set<Annotation>();
  for (const b of shapes.filter((a): a is BboxAnnotation => a.type === 'bbox')) {
    const p =
      b.group !== undefined
        ? points.find((q) => q.group === b.group && q.label === b.label && !used.has(q))
        : undefined;
    if (p) used.add(p);
    lines.push(
      [boxLine(b.label!, b, size), ...keypointFields(p?.points ?? [], p?.visibility ?? [], k, size)].join(
        ' ',
      ),
    );
  }
  for (const p of points) {
    if (used.has(p)) continue;
    const vis = p.points.filter((_, i) => (p.visibility[i >> 1] ?? 2) > 0);
    const [x, y, w, h] = bboxOfPoints(vis.length ? vis : p.points);
    report.warn('pose lines need a box: keypoints without a box in their group get the box around them');
    report.convert('points', 'bbox+points');
    lines.push(
      [boxLine(p.label!, { x, y, w, h }, size), ...keypointFields(p.points, p.visibility, k, size)].join(' '),
    );
  }
  for (const a of shapes) {
    if (a.type === 'polygon') {
      report.drop('polygon');
      report.warn('a pose dataset (kpt_shape) has box-and-keypoint lines only: polygons are dropped');
    }
  }
  return lines;
}
