import {
  type BboxAnnotation,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type FileSink,
  lostAttributes,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { IMAGES_META_FILE } from '@labelport/core/meta';
import { DEFAULT_YOLO_SUBSET, RESERVED_KEYS } from './lib/darknet-layout.js';
import { formatImageMeta, type SizeEntry } from './lib/image-meta.js';
import { SubsetItemIds } from './lib/item-ids.js';
import { boxLine, type ImageSize, UNIT } from './lib/label-file.js';
import { imageSizeForWriting } from './lib/write-size.js';
import type { YoloWriteOptions } from './yolo.js';

/** The obj.data key of an item's subset (the default subset is darknet's train). */
function subsetOf(item: DatasetItem): string {
  const subset = item.subset === 'default' || !item.subset ? DEFAULT_YOLO_SUBSET : item.subset;
  if (RESERVED_KEYS.has(subset))
    throw new DatasetError(
      'bad-value',
      `a subset can't be called '${subset}' in YOLO: obj.data uses that key`,
    );
  if (!/^\w+$/.test(subset))
    throw new DatasetError(
      'bad-value',
      `YOLO subset names must be letters, digits and '_' (obj.data keys); got '${subset}'`,
    );
  return subset;
}

/** The box lines of an item; what a line cannot hold is counted. */
function boxLines(item: DatasetItem, size: ImageSize | undefined, report: ReportBuilder): string[] {
  const lines: string[] = [];
  for (const a of item.annotations) if (a.type !== 'bbox') report.drop(a.type);
  for (const b of item.annotations.filter((a): a is BboxAnnotation => a.type === 'bbox')) {
    if (b.label === undefined) {
      report.drop('bbox', 1, 'boxes without a label are not written');
      continue;
    }
    // a box in fractions (read without its image) is written as it is
    const scale = b.normalized ? UNIT : size;
    if (!scale) {
      report.drop(
        'bbox',
        1,
        `item '${item.id}': no image size, so its boxes cannot be normalised; they are dropped`,
      );
      continue;
    }
    lines.push(boxLine(b.label, b, scale));
    report.drop('attribute', lostAttributes(b.attributes));
  }
  return lines;
}

export async function writeYolo(
  source: DatasetSource,
  sink: FileSink,
  options: YoloWriteOptions & WriteOptions = {},
): Promise<WriteReport> {
  const prefix = options.addPathPrefix === false ? '' : 'data/';
  const report = new ReportBuilder();
  const labels = source.categories.labels;
  await sink.write('obj.names', labels.map((l) => `${l.name}\n`).join(''));
  const lists = new Map<string, string[]>();
  const sizes: SizeEntry[] = [];
  const seen = new SubsetItemIds();
  for await (const item of readContext(options).iter(source.items(), source.size)) {
    report.items++;
    report.drop('item attribute', Object.keys(item.attributes).length);
    const subset = subsetOf(item);
    seen.claim(subset, item.id);
    const dir = `obj_${subset}_data`;
    // the image's own extension, in its own case ('.JPG' stays '.JPG')
    const image = `${dir}/${item.id}${mediaExtension(item, '.jpg')}`;
    const list = lists.get(subset) ?? [];
    lists.set(subset, list);
    list.push(`${prefix}${image}`);
    if (options.saveMedia) await saveMedia(item, sink, image, report);
    const size = await imageSizeForWriting(item);
    if (size) sizes.push({ id: item.id, image, size });
    const lines = boxLines(item, size, report);
    await sink.write(`${dir}/${item.id}.txt`, lines.length ? `${lines.join('\n')}\n` : '');
  }
  const data = [`classes = ${labels.length}`];
  for (const [subset, list] of lists) {
    await sink.write(`${subset}.txt`, `${list.join('\n')}\n`);
    data.push(`${subset} = ${prefix}${subset}.txt`);
  }
  data.push(`names = ${prefix}obj.names`, 'backup = backup/');
  await sink.write('obj.data', `${data.join('\n')}\n`);
  if (sizes.length) await sink.write(IMAGES_META_FILE, formatImageMeta(sizes));
  return report.build();
}
