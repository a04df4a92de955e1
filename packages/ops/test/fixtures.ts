import { type Annotation, type DatasetItem, type DatasetSource, rleMask, sourceOf } from '@labelport/core';
import { rasterizeBbox } from '@labelport/core/geometry';

export const box = (
  label: number | undefined,
  x: number,
  y: number,
  w: number,
  h: number,
  extra: Partial<Annotation> = {},
): Annotation => ({ type: 'bbox', x, y, w, h, label, attributes: {}, ...extra }) as Annotation;

export const polygon = (label: number, points: number[], extra: Partial<Annotation> = {}): Annotation =>
  ({ type: 'polygon', points, label, attributes: {}, ...extra }) as Annotation;

export const mask = (
  label: number,
  x: number,
  y: number,
  w: number,
  h: number,
  extra: Partial<Annotation> = {},
): Annotation =>
  ({
    type: 'mask',
    mask: rleMask(rasterizeBbox(x, y, w, h, 10, 10)),
    label,
    attributes: {},
    ...extra,
  }) as Annotation;

export const item = (
  id: string,
  annotations: Annotation[],
  extra: Partial<DatasetItem> = {},
): DatasetItem => ({
  id,
  subset: 'train',
  media: { kind: 'image', path: `images/${id}.jpg`, width: 10, height: 10 },
  annotations,
  attributes: {},
  ...extra,
});

/** cat (0), dog (1), person (2); three items. */
export function smallSource(): DatasetSource {
  return sourceOf({ labels: [{ name: 'cat' }, { name: 'dog' }, { name: 'person' }] }, [
    item('a', [box(0, 1, 1, 2, 2), polygon(1, [0, 0, 4, 0, 4, 4], { id: 7, group: 0 })]),
    item('b', [
      box(2, 0, 0, 5, 5, { attributes: { score: 0.9, occluded: true } }),
      { type: 'label', label: 1, attributes: {} },
    ]),
    item('c', [], { subset: 'val', attributes: { weather: 'rain' } }),
  ]);
}

export async function collect(source: DatasetSource): Promise<DatasetItem[]> {
  const out: DatasetItem[] = [];
  for await (const i of source.items()) out.push(i);
  return out;
}
