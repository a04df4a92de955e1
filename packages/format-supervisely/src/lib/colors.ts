/** Supervisely's colours: `#RRGGBB` hex (the SDK's rgb2hex writes upper case). */

export type Rgb = [number, number, number];

/** `#RRGGBB` (or `#RGB`) as RGB, or undefined when it is not a hex colour. */
export function parseHexColor(text: unknown): Rgb | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(text.trim());
  if (!m) return undefined;
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return [0, 2, 4].map((i) => Number.parseInt(h.slice(i, i + 2), 16)) as Rgb;
}

/** RGB as `#RRGGBB`, as the SDK writes it. */
export function hexColor([r, g, b]: Rgb): string {
  return `#${[r, g, b]
    .map((v) =>
      Math.max(0, Math.min(255, Math.round(v)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')
    .toUpperCase()}`;
}

/** A colour for a class or tag that has none: hues a golden angle apart, by index. */
export function paletteColor(index: number): Rgb {
  const h = (index * 137.508) % 360;
  const s = 0.75;
  const v = 0.9;
  const c = v * s;
  const x = c * (1 - Math.abs(((h / 60) % 2) - 1));
  const m = v - c;
  const [r, g, b] =
    h < 60
      ? [c, x, 0]
      : h < 120
        ? [x, c, 0]
        : h < 180
          ? [0, c, x]
          : h < 240
            ? [0, x, c]
            : h < 300
              ? [x, 0, c]
              : [c, 0, x];
  return [r, g, b].map((u) => Math.round((u + m) * 255)) as Rgb;
}
