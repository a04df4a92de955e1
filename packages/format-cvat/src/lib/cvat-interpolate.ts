import type { Annotation } from '@labelport/core';

export interface TrackedShape {
  frame: number;
  ann: Annotation;
}

const lerp = (a: number, b: number, t: number) => a + (b - a) * t;

/** `a` moved a fraction `t` of the way to `b`: boxes, ellipses and points linearly; other shapes stay as `a`. */
function between(a: Annotation, b: Annotation, t: number): Annotation {
  if (a.type === 'bbox' && b.type === 'bbox') {
    return { ...a, x: lerp(a.x, b.x, t), y: lerp(a.y, b.y, t), w: lerp(a.w, b.w, t), h: lerp(a.h, b.h, t) };
  }
  if (a.type === 'ellipse' && b.type === 'ellipse') {
    return {
      ...a,
      x1: lerp(a.x1, b.x1, t),
      y1: lerp(a.y1, b.y1, t),
      x2: lerp(a.x2, b.x2, t),
      y2: lerp(a.y2, b.y2, t),
    };
  }
  if (
    (a.type === 'points' || a.type === 'cuboid2d') &&
    b.type === a.type &&
    a.points.length === b.points.length
  ) {
    return { ...a, points: a.points.map((v, i) => lerp(v, b.points[i]!, t)) } as Annotation;
  }
  if (a.type === 'skeleton' && b.type === 'skeleton' && a.elements.length === b.elements.length) {
    return {
      ...a,
      elements: a.elements.map((e, i) => {
        const f = b.elements[i]!;
        return e.points.length === f.points.length
          ? { ...e, points: e.points.map((v, k) => lerp(v, f.points[k]!, t)) }
          : e;
      }),
    };
  }
  return a;
}

/**
 * The shapes CVAT shows between a track's keyframes: for each frame (every `step` frames) between two
 * shapes of the track, the first one moved linearly towards the next (boxes, ellipses, points,
 * cuboids, skeleton points; other shapes are repeated), marked `keyframe: false`. Nothing is made
 * after an `outside` shape; after the last shape, frames continue up to `stopFrame` when it is known.
 */
export function interpolateTrack(shapes: TrackedShape[], step: number, stopFrame?: number): TrackedShape[] {
  const sorted = [...shapes].sort((a, b) => a.frame - b.frame);
  const out: TrackedShape[] = [];
  const make = (a: Annotation, b: Annotation, t: number): Annotation => {
    const r = between(a, b, t);
    return { ...r, attributes: { ...a.attributes, keyframe: false, outside: false } };
  };
  for (let i = 0; i < sorted.length; i++) {
    const cur = sorted[i]!;
    if (cur.ann.attributes.outside === true) continue;
    const next = sorted[i + 1];
    const end = next ? next.frame : stopFrame !== undefined ? stopFrame + 1 : cur.frame + 1;
    for (let f = cur.frame + step; f < end; f += step) {
      const t = next ? (f - cur.frame) / (next.frame - cur.frame) : 0;
      out.push({ frame: f, ann: make(cur.ann, next?.ann ?? cur.ann, t) });
    }
  }
  return out;
}
