import {
  accountOfSource,
  type DatasetItem,
  type DatasetSource,
  describeUnused,
  type IoOptions,
  type UnusedFile,
} from '@labelport/core';

export interface DatasetSummary {
  format: string;
  items: number;
  subsets: Record<string, number>;
  annotations: Record<string, number>;
  labels: string[];
  /** Items whose media size is known. */
  mediaWithSize: number;
  /** Items whose media file is not in the dataset (or that have no media). */
  mediaMissing: number;
  /** Files of the input the reader did not use, with the reason (all of them). */
  unusedFiles?: UnusedFile[];
}

/**
 * Counts what `info` shows, in one streaming pass; `onItem` sees every item of that same pass (`stats`
 * collects its distributions there, so its counts are `info`'s own).
 */
export async function summarize(
  format: string,
  source: DatasetSource,
  onProgress?: IoOptions['onProgress'],
  onItem?: (item: DatasetItem) => void | Promise<void>,
  allowEmpty = false,
): Promise<DatasetSummary> {
  const s: DatasetSummary = {
    format,
    items: 0,
    subsets: {},
    annotations: {},
    labels: source.categories.labels.map((l) => l.name),
    mediaWithSize: 0,
    mediaMissing: 0,
  };
  for await (const item of source.items()) {
    s.items++;
    s.subsets[item.subset] = (s.subsets[item.subset] ?? 0) + 1;
    for (const a of item.annotations) s.annotations[a.type] = (s.annotations[a.type] ?? 0) + 1;
    if (item.media?.width !== undefined && item.media.height !== undefined) s.mediaWithSize++;
    if (!item.media?.bytes) s.mediaMissing++;
    if (onItem) await onItem(item);
    onProgress?.(s.items, source.size);
  }
  const accounted = accountOfSource(source);
  if (accounted) s.unusedFiles = (await (allowEmpty ? accounted.files() : accounted.verify())).unused;
  return s;
}

export function formatSummary(s: DatasetSummary): string {
  const lines = [
    `format:      ${s.format}`,
    `items:       ${s.items}`,
    `subsets:     ${
      Object.entries(s.subsets)
        .map(([k, v]) => `${k} (${v})`)
        .join(', ') || '-'
    }`,
    `annotations: ${
      Object.entries(s.annotations)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || '-'
    }`,
    `labels:      ${s.labels.length ? `${s.labels.length}: ${s.labels.slice(0, 20).join(', ')}${s.labels.length > 20 ? ', ...' : ''}` : '-'}`,
    `media:       ${s.mediaWithSize} with size, ${s.mediaMissing} missing`,
  ];
  if (s.unusedFiles?.length) lines.push(`not used:    ${unusedLine(s.unusedFiles)}`);
  return lines.join('\n');
}

/** The files not used, as one line: the count and the first names with their reasons. */
export function unusedLine(unused: UnusedFile[]): string {
  return describeUnused({ files: 0, used: 0, unused, items: 0, annotations: 0, extensions: {} });
}
