/**
 * Masks as translucent fills: decoded only when an item is shown, painted in the label's colour on a
 * canvas no larger than `maxSide`, handed out as an object URL (the PNG encoding runs off the main
 * thread, in `toBlob`). Recent results are kept; older ones are revoked.
 */
import { type Categories, loadMask, type MaskAnnotation } from '@labelport/core';
import { labelRgb } from './colors.js';

const ALPHA = 120;
const cache = new Map<string, Promise<string>>();
const owners = new WeakMap<MaskAnnotation, string>();
let counter = 0;
const LIMIT = 600;

function keyOf(a: MaskAnnotation, maxSide: number): string {
  let id = owners.get(a);
  if (id === undefined) {
    id = String(counter++);
    owners.set(a, id);
  }
  return `${id}/${maxSide}`;
}

/** The mask painted in its label's colour, at most `maxSide` pixels wide or high. */
export function maskImage(a: MaskAnnotation, categories: Categories, maxSide: number): Promise<string> {
  const key = keyOf(a, maxSide);
  let hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  hit = paint(a, categories, maxSide);
  cache.set(key, hit);
  if (cache.size > LIMIT) {
    const [oldest, url] = cache.entries().next().value!;
    cache.delete(oldest);
    url.then(
      (u) => URL.revokeObjectURL(u),
      () => {},
    );
  }
  return hit;
}

async function paint(a: MaskAnnotation, categories: Categories, maxSide: number): Promise<string> {
  const m = await loadMask(a.mask);
  const scale = Math.min(1, maxSide / Math.max(m.width, m.height, 1));
  const w = Math.max(1, Math.round(m.width * scale));
  const h = Math.max(1, Math.round(m.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(w, h);
  const [r, g, b] = labelRgb(categories, a.label);
  const px = img.data;
  for (let y = 0; y < h; y++) {
    const row = Math.min(m.height - 1, Math.floor(y / scale)) * m.width;
    for (let x = 0; x < w; x++) {
      if (m.data[row + Math.min(m.width - 1, Math.floor(x / scale))]) {
        const o = (y * w + x) * 4;
        px[o] = r;
        px[o + 1] = g;
        px[o + 2] = b;
        px[o + 3] = ALPHA;
      }
    }
  }
  ctx.putImageData(img, 0, 0);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the mask could not be painted');
  return URL.createObjectURL(blob);
}
