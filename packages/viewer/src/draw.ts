/**
 * Annotations drawn as SVG over the image, one element per annotation carrying
 * `data-annotation-type`: boxes, polygons, polylines, points, skeletons, cuboids, ellipses, masks.
 * Labels, captions and 3D cuboids have no place on the image: they become chips.
 */
import { type Annotation, type Categories, type DatasetItem, maskSize } from '@labelport/core';
import { boxRotation } from '@labelport/core/geometry';
import { labelColor, labelName } from './colors.js';
import { maskImage } from './masks.js';

const SVG = 'http://www.w3.org/2000/svg';

export function svgEl<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

const pairs = (p: number[]) => {
  const out: string[] = [];
  for (let i = 0; i + 1 < p.length; i += 2) out.push(`${p[i]},${p[i + 1]}`);
  return out.join(' ');
};

/** The size of the item's canvas: its media's, else the extent of what is drawn on it. */
export function canvasSize(item: DatasetItem): { width: number; height: number } {
  if (item.media?.width && item.media?.height) return { width: item.media.width, height: item.media.height };
  let w = 1;
  let h = 1;
  const grow = (x: number, y: number) => {
    if (Number.isFinite(x) && x > w) w = x;
    if (Number.isFinite(y) && y > h) h = y;
  };
  for (const a of item.annotations) {
    if (a.type === 'bbox') grow(a.x + a.w, a.y + a.h);
    else if (a.type === 'ellipse') grow(Math.max(a.x1, a.x2), Math.max(a.y1, a.y2));
    else if (a.type === 'mask') {
      const s = maskSize(a.mask);
      if (s) grow(s.width, s.height);
    } else if ('points' in a)
      for (let i = 0; i + 1 < a.points.length; i += 2) grow(a.points[i]!, a.points[i + 1]!);
    else if (a.type === 'skeleton')
      for (const e of a.elements)
        for (let i = 0; i + 1 < e.points.length; i += 2) grow(e.points[i]!, e.points[i + 1]!);
  }
  return { width: Math.ceil(w * 1.02), height: Math.ceil(h * 1.02) };
}

/**
 * Sets the item's image into `img` (an SVG <image> in `svg`). When the item does not say how large its
 * image is, the image's own size (once it has loaded) sets the canvas, so that it is not stretched
 * over the extent of the annotations; `onSize` hears of the new size.
 */
export function showImage(
  svg: SVGSVGElement,
  img: SVGImageElement,
  item: DatasetItem,
  url: string | undefined,
  onSize?: (size: { width: number; height: number }) => void,
): void {
  if (!url) return;
  img.setAttribute('href', url);
  if (item.media?.width && item.media?.height) return;
  const probe = new Image();
  probe.onload = () => {
    const drawn = canvasSize(item);
    const size = {
      width: Math.max(probe.naturalWidth, drawn.width),
      height: Math.max(probe.naturalHeight, drawn.height),
    };
    img.setAttribute('width', String(probe.naturalWidth));
    img.setAttribute('height', String(probe.naturalHeight));
    svg.setAttribute('viewBox', `0 0 ${size.width} ${size.height}`);
    onSize?.(size);
  };
  probe.src = url;
}

export interface DrawOptions {
  /** Masks are painted no larger than this (a thumbnail needs few pixels). */
  maskSide: number;
  /** Radius of a point, in image pixels. */
  pointRadius: number;
}

function pointMarks(g: SVGGElement, points: number[], visibility: number[] | undefined, r: number): void {
  for (let i = 0; i + 1 < points.length; i += 2) {
    const v = visibility?.[i / 2];
    if (v === 0) continue; // absent
    g.append(
      svgEl('circle', { cx: points[i]!, cy: points[i + 1]!, r, class: v === 1 ? 'hidden-point' : '' }),
    );
  }
}

function skeleton(
  a: Extract<Annotation, { type: 'skeleton' }>,
  categories: Categories,
  r: number,
): SVGGElement {
  const g = svgEl('g');
  const xy = a.elements.map((e) => [e.points[0], e.points[1], e.visibility?.[0]] as const);
  const edges = a.label === undefined ? [] : (categories.skeletons?.get(a.label)?.edges ?? []);
  for (const [i, j] of edges) {
    const p = xy[i];
    const q = xy[j];
    if (!p || !q || p[2] === 0 || q[2] === 0 || p[0] === undefined || q[0] === undefined) continue;
    g.append(svgEl('line', { x1: p[0], y1: p[1]!, x2: q[0], y2: q[1]! }));
  }
  for (const e of a.elements) pointMarks(g, e.points, e.visibility, r);
  return g;
}

function cuboid2d(points: number[]): SVGGElement {
  // Eight corners: the front face (0..3) and the back face (4..7), joined corner to corner.
  const g = svgEl('g');
  const p = (i: number) => [points[i * 2]!, points[i * 2 + 1]!];
  g.append(
    svgEl('polygon', { points: pairs(points.slice(0, 8)) }),
    svgEl('polygon', { points: pairs(points.slice(8, 16)) }),
  );
  for (let i = 0; i < 4 && points.length >= 16; i++) {
    const [x1, y1] = p(i);
    const [x2, y2] = p(i + 4);
    g.append(svgEl('line', { x1: x1!, y1: y1!, x2: x2!, y2: y2! }));
  }
  return g;
}

/** The SVG element for one annotation, or undefined for those drawn as chips. */
export function shapeOf(a: Annotation, categories: Categories, o: DrawOptions): SVGElement | undefined {
  switch (a.type) {
    case 'bbox': {
      const rect = svgEl('rect', { x: a.x, y: a.y, width: Math.max(0, a.w), height: Math.max(0, a.h) });
      // a rotated box turns about its centre, clockwise (its `rotation` attribute, in degrees)
      const r = boxRotation(a.attributes);
      if (r % 360 !== 0) rect.setAttribute('transform', `rotate(${r} ${a.x + a.w / 2} ${a.y + a.h / 2})`);
      return rect;
    }
    case 'polygon':
      return svgEl('polygon', { points: pairs(a.points) });
    case 'polyline':
      return svgEl('polyline', { points: pairs(a.points) });
    case 'ellipse':
      return svgEl('ellipse', {
        cx: (a.x1 + a.x2) / 2,
        cy: (a.y1 + a.y2) / 2,
        rx: Math.abs(a.x2 - a.x1) / 2,
        ry: Math.abs(a.y2 - a.y1) / 2,
      });
    case 'points': {
      const g = svgEl('g');
      pointMarks(g, a.points, a.visibility, o.pointRadius);
      return g;
    }
    case 'skeleton':
      return skeleton(a, categories, o.pointRadius);
    case 'cuboid2d':
      return cuboid2d(a.points);
    case 'mask': {
      const s = maskSize(a.mask);
      const img = svgEl('image', { x: 0, y: 0, preserveAspectRatio: 'none' });
      if (s) {
        img.setAttribute('width', String(s.width));
        img.setAttribute('height', String(s.height));
      }
      maskImage(a, categories, o.maskSide).then(
        (url) => img.setAttribute('href', url),
        () => img.classList.add('failed'),
      );
      return img;
    }
    default:
      return undefined;
  }
}

/** The chip's text for an annotation that is not drawn on the image. */
export function chipText(a: Annotation, categories: Categories): string {
  if (a.type === 'caption') return `“${a.caption}”`;
  if (a.type === 'cuboid3d') return `cuboid3d ${labelName(categories, a.label)}`;
  return labelName(categories, a.label);
}

/**
 * Draws the item's annotations into `layer`; returns the annotations that became chips (in order),
 * for the caller to show beside the image. Each element gets `data-index` (its place in the item).
 */
export function drawAnnotations(
  layer: SVGGElement,
  item: DatasetItem,
  categories: Categories,
  o: DrawOptions,
): { annotation: Annotation; index: number }[] {
  const chips: { annotation: Annotation; index: number }[] = [];
  item.annotations.forEach((a, index) => {
    const el = shapeOf(a, categories, o);
    if (!el) {
      chips.push({ annotation: a, index });
      return;
    }
    el.dataset.annotationType = a.type;
    el.dataset.index = String(index);
    el.classList.add('shape', `shape-${a.type}`);
    el.style.setProperty('--c', labelColor(categories, a.label));
    layer.append(el);
  });
  return chips;
}

/** A chip element (label, caption, 3D cuboid) carrying `data-annotation-type`. */
export function chipElement(a: Annotation, index: number, categories: Categories): HTMLElement {
  const chip = document.createElement('span');
  chip.className = `chip chip-${a.type}`;
  chip.dataset.annotationType = a.type;
  chip.dataset.index = String(index);
  chip.textContent = chipText(a, categories);
  chip.style.setProperty('--c', labelColor(categories, a.label));
  return chip;
}
