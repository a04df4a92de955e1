import type { Categories } from '@labelport/core';

/**
 * A label's colour: the dataset's own colour map when it has one (VOC, Cityscapes, CamVid...),
 * otherwise a hue spread by the golden angle so that neighbouring labels differ.
 */
export function labelColor(categories: Categories, label: number | undefined): string {
  if (label === undefined) return '#9aa0a6';
  const rgb = categories.colors?.get(label);
  if (rgb) return `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`;
  return `hsl(${Math.round((label * 137.508) % 360)}, 75%, 50%)`;
}

/** The colour as [r, g, b] 0..255, for painting mask pixels. */
export function labelRgb(categories: Categories, label: number | undefined): [number, number, number] {
  if (label === undefined) return [154, 160, 166];
  const rgb = categories.colors?.get(label);
  if (rgb) return rgb;
  return hslToRgb(((label * 137.508) % 360) / 360, 0.75, 0.5);
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h * 12) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

export function labelName(categories: Categories, label: number | undefined): string {
  if (label === undefined) return '(no label)';
  return categories.labels[label]?.name ?? `#${label}`;
}
