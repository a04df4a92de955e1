/**
 * The Pascal VOC colour map (VOCdevkit `labelcolormap.m`): the bits of the index are spread over
 * the colour channels from the high bit down, three at a time (bit 0 -> red, bit 1 -> green,
 * bit 2 -> blue). 0 = [0, 0, 0], 1 = [128, 0, 0], 2 = [0, 128, 0], 255 = [224, 224, 192].
 */
export function vocColormap(n = 256): [number, number, number][] {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`vocColormap: n must be a non-negative integer, got ${n}`);
  const map: [number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    let r = 0;
    let g = 0;
    let b = 0;
    let c = i;
    for (let j = 0; j < 8 && c > 0; j++) {
      r |= (c & 1) << (7 - j);
      g |= ((c >> 1) & 1) << (7 - j);
      b |= ((c >> 2) & 1) << (7 - j);
      c >>= 3;
    }
    map.push([r, g, b]);
  }
  return map;
}
