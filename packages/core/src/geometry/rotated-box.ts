/**
 * Rotated boxes. labelport keeps a box's rotation as CVAT and Datumaro do: the bbox's `rotation`
 * attribute, in degrees, clockwise on the image (y down), about the box's centre. Formats that hold
 * rotated boxes another way (Label Studio about the top-left corner, DOTA and Ultralytics OBB as four
 * corners) convert with these.
 */

/** The rotation of a box in degrees (0 when it has none), from its `rotation` attribute. */
export function boxRotation(attributes: Record<string, unknown>): number {
  const r = attributes.rotation;
  return typeof r === 'number' && Number.isFinite(r) ? r : 0;
}

/** True when the box is turned (its rotation is not a multiple of 360 degrees). */
export function isRotated(attributes: Record<string, unknown>): boolean {
  return boxRotation(attributes) % 360 !== 0;
}

/**
 * The four corners of a box turned by `degrees` clockwise about its centre, as flat x, y: the top-left
 * corner of the unturned box first, then clockwise (top-right, bottom-right, bottom-left).
 */
export function rotatedBoxCorners(x: number, y: number, w: number, h: number, degrees: number): number[] {
  const cx = x + w / 2;
  const cy = y + h / 2;
  const t = (degrees * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const out: number[] = [];
  for (const [dx, dy] of [
    [-w / 2, -h / 2],
    [w / 2, -h / 2],
    [w / 2, h / 2],
    [-w / 2, h / 2],
  ] as const) {
    out.push(cx + dx * cos - dy * sin, cy + dx * sin + dy * cos);
  }
  return out;
}

/**
 * The box (x, y, w, h and clockwise degrees about its centre) whose corners are the four points given
 * as flat x, y in order around the box (either direction); the first edge sets the angle. A box turned
 * by 180 degrees is the same box, so the angle is given in [0, 180). Four points that are no rectangle
 * give the best-fitting one with the same first edge.
 */
export function boxFromCorners(points: readonly number[]): {
  x: number;
  y: number;
  w: number;
  h: number;
  rotation: number;
} {
  const [x1, y1, x2, y2, x3, y3, x4, y4] = points as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const cx = (x1 + x2 + x3 + x4) / 4;
  const cy = (y1 + y2 + y3 + y4) / 4;
  const w = (Math.hypot(x2 - x1, y2 - y1) + Math.hypot(x3 - x4, y3 - y4)) / 2;
  const h = (Math.hypot(x3 - x2, y3 - y2) + Math.hypot(x4 - x1, y4 - y1)) / 2;
  let rotation = (Math.atan2(y2 - y1, x2 - x1) * 180) / Math.PI;
  // corners given counter-clockwise: the first edge runs down the box's left side, not along its top
  const cross = (x2 - x1) * (y3 - y2) - (y2 - y1) * (x3 - x2);
  if (cross < 0) {
    rotation = (Math.atan2(y4 - y1, x4 - x1) * 180) / Math.PI;
    return { x: cx - h / 2, y: cy - w / 2, w: h, h: w, rotation: halfTurn(rotation) };
  }
  return { x: cx - w / 2, y: cy - h / 2, w, h, rotation: halfTurn(rotation) };
}

/** Degrees in [0, 360). */
export function normalizeDegrees(d: number): number {
  const r = d % 360;
  return r < 0 ? r + 360 : Object.is(r, -0) ? 0 : r;
}

/** Degrees in [0, 180): a rectangle turned by half a turn is itself. */
function halfTurn(d: number): number {
  const r = normalizeDegrees(d) % 180;
  return Math.abs(r - 180) < 1e-9 || Math.abs(r) < 1e-9 ? 0 : r;
}
