import {
  type Annotation,
  type DatasetItem,
  type DatasetSource,
  type FileSink,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { basename, dirname, joinPath, safeRelativePath } from '@labelport/core/files';
import { saveImage } from './lib/image-media.js';
import { formatLocalizationLine, GT_PREFIX } from './lib/localization-lines.js';

/** The line of one shape, or undefined (counted) when it cannot be one. */
function shapeLine(
  a: Annotation,
  outlined: Set<number | undefined>,
  report: ReportBuilder,
): string | undefined {
  if (a.type !== 'bbox' && a.type !== 'polygon') {
    report.drop(a.type);
    return undefined;
  }
  if (a.type === 'bbox' && a.group !== undefined && outlined.has(a.group)) {
    report.drop('bbox', 1, 'a word is one line: the box of a word that has a polygon is left out');
    return undefined;
  }
  if (a.label !== undefined)
    report.drop(
      'annotation label',
      1,
      `ICDAR text localization has no labels: the label of a ${a.type} is not written (the ${a.type} is)`,
    );
  const { text, ...others } = a.attributes;
  report.drop('attribute', Object.keys(others).length);
  const t = text === undefined || text === '' ? undefined : String(text).replace(/[\r\n]+/g, ' ');
  if (a.type === 'bbox')
    return formatLocalizationLine({ kind: 'bbox', x: a.x, y: a.y, w: a.w, h: a.h, text: t });
  if (a.points.length >= 6 && a.points.length % 2 === 0)
    return formatLocalizationLine({ kind: 'polygon', points: a.points, text: t });
  report.drop('polygon', 1, 'polygons of fewer than 3 points cannot be written');
  return undefined;
}

function itemLines(item: DatasetItem, report: ReportBuilder): string[] {
  // a word is one line: the box of a word that also has a polygon (same group) is not written again
  const outlined = new Set(
    item.annotations.filter((a) => a.type === 'polygon' && a.group !== undefined).map((a) => a.group),
  );
  const lines: string[] = [];
  for (const a of item.annotations) {
    const line = shapeLine(a, outlined, report);
    if (line !== undefined) lines.push(line);
  }
  return lines;
}

export async function writeTextLocalization(
  source: DatasetSource,
  out: FileSink,
  options: WriteOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  for await (const item of readContext(options).iter(source.items(), source.size)) {
    report.items++;
    const dir = safeRelativePath(item.subset);
    const id = safeRelativePath(item.id);
    if (options.saveMedia) await saveImage(item, out, report);
    report.drop('item attribute', Object.keys(item.attributes).length);
    const lines = itemLines(item, report);
    await out.write(
      joinPath(dir, dirname(id), `${GT_PREFIX}${basename(id)}.txt`),
      lines.map((l) => `${l}\n`).join(''),
    );
  }
  return report.build();
}
