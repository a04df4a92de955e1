/**
 * Writes a VOCdevkit-style tree for one task (or all of them, `voc`), streaming items: XML per item,
 * class/instance palette PNGs, the ImageSets lists (kept in memory: one line per item) and labelmap.txt.
 */
import {
  type Annotation,
  DatasetError,
  type DatasetSource,
  type FileSink,
  itemIdClaims,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { vocColormap } from '@labelport/core/geometry';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import {
  type LabelMapEntry,
  labelMapColors,
  labelMapForWriting,
  parseLabelMap,
  taskHasMasks,
  type VocTask,
} from './lib/labelmap.js';
import { VOC_PATHS } from './lib/voc-layout.js';
import { writeItemMasks } from './lib/voc-mask-writer.js';
import { paletteOf } from './lib/voc-masks.js';
import {
  collectClassLabels,
  dropReason,
  type Lists,
  listsOf,
  quoteId,
  type WriterState,
  writeItemXml,
  writeLists,
  XML_TASKS,
} from './lib/voc-writer.js';

export interface VocWriteOptions {
  /**
   * The label map: 'source' (default: the dataset's labels), 'voc' (the standard 20 classes; other
   * labels are dropped), the text of a labelmap.txt, or entries.
   */
  labelMap?: 'voc' | 'source' | string | LabelMapEntry[];
  /** Write attributes other than VOC's own in `<attributes>` (default true). */
  allowAttributes?: boolean;
  /** Masks as palette PNGs with the label map's colours (default true), or as gray PNGs of indices. */
  applyColormap?: boolean;
}

function resolveLabelMap(
  option: VocWriteOptions['labelMap'],
  source: DatasetSource,
  task: VocTask,
): LabelMapEntry[] {
  if (typeof option === 'string' && option !== 'voc' && option !== 'source' && !option.includes(':')) {
    throw new DatasetError(
      'bad-option',
      `labelMap: '${option}' is neither 'voc', 'source' nor the text of a labelmap.txt (label:r,g,b:parts:actions lines); a file must be read by the caller`,
    );
  }
  const parsed =
    typeof option === 'string' && option !== 'voc' && option !== 'source'
      ? parseLabelMap(option, 'labelMap option')
      : option;
  return labelMapForWriting(
    parsed as 'voc' | 'source' | LabelMapEntry[] | undefined,
    source.categories,
    taskHasMasks(task),
  );
}

export async function writeVocTree(
  source: DatasetSource,
  sink: FileSink,
  task: VocTask,
  options: VocWriteOptions & WriteOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  const labelMap = resolveLabelMap(options.labelMap, source, task);
  const mapIndex = new Map(labelMap.map((e, i) => [e.name, i]));
  const partOwner = new Map<string, string>();
  for (const e of labelMap)
    for (const p of e.parts) if (!mapIndex.has(p) && !partOwner.has(p)) partOwner.set(p, e.name);
  const labelNames = source.categories.labels.map((l) => l.name);
  const st: WriterState = {
    task,
    labelMap,
    mapIndex,
    partOwner,
    labelNames,
    allowAttributes: options.allowAttributes ?? true,
    report,
  };
  const mc = {
    labelNames,
    mapIndex,
    classPalette: paletteOf(labelMapColors(labelMap)),
    instancePalette: vocColormap(256),
    report,
    gray: options.applyColormap === false,
    limits: readContext(options).limits,
  };
  const lists = new Map<string, Lists>();
  const written = new Set<string>();
  const claim = itemIdClaims('VOC');
  for await (const item of readContext(options).iter(source.items(), source.size)) {
    if (!claim(item, report)) continue;
    report.items++;
    const itemAttributes = Object.keys(item.attributes).length;
    if (itemAttributes) {
      report.drop('item attribute', itemAttributes);
      report.warn('VOC has no item attributes: they are dropped');
    }
    const l = listsOf(st, lists, written, item);
    // the image's own extension, in its own case ('.JPG' stays '.JPG')
    const imageName = `${item.id}${mediaExtension(item, '.jpg')}`;
    const saved = options.saveMedia
      ? await saveMedia(item, sink, `${VOC_PATHS.images}/${imageName}`, report)
      : false;
    // An item whose image is nowhere (no path, none saved) gets no <filename>: it would read back as one.
    const filename = item.media?.path !== undefined || saved ? imageName : undefined;
    const used = new Set<Annotation>();
    const { hasParts, hasActions } = XML_TASKS.includes(task)
      ? await writeItemXml(st, item, filename, l, used, sink)
      : { hasParts: false, hasActions: false };
    if (task === 'voc' || task === 'voc_classification') collectClassLabels(st, item, l, used);
    const hasMasks = taskHasMasks(task) && (await writeItemMasks(item, task, sink, { ...mc, used }));
    for (const a of item.annotations) {
      if (!used.has(a)) {
        report.drop(a.type);
        report.warn(dropReason(a, task, labelNames, mapIndex, partOwner));
      }
    }
    const listed = item.annotations.length === 0;
    if (task !== 'voc_segmentation') l.main.push(item.id);
    // the mask tasks list every item in Segmentation/ (their reader's list); voc the items with masks
    if (task !== 'voc' ? taskHasMasks(task) : hasMasks || listed) l.segmentation.push(item.id);
    if (task === 'voc_layout' && !hasParts) l.layout.push(quoteId(item.id));
    if (task === 'voc_action' || (task === 'voc' && hasActions)) l.action.push(item.id);
  }
  await writeLists(st, lists, sink);
  return report.build();
}
