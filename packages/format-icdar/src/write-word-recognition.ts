import {
  type Annotation,
  type CaptionAnnotation,
  type DatasetItem,
  type DatasetSource,
  type FileSink,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { joinPath, safeRelativePath } from '@labelport/core/files';
import { imageFileName, saveImage } from './lib/image-media.js';
import { GT_FILE } from './lib/word-lines.js';

// a caption that is not a string (from an application, or a JSON file) has no text to write
const isText = (a: Annotation): a is CaptionAnnotation =>
  a.type === 'caption' && typeof a.caption === 'string';

/** The gt.txt lines of one item: one per caption, or the image alone when it has none. */
function itemLines(item: DatasetItem, report: ReportBuilder): string[] {
  const image = imageFileName(item);
  const captions = item.annotations.filter(isText);
  for (const a of item.annotations) {
    if (a.type !== 'caption') report.drop(a.type);
    else if (!isText(a)) report.drop('caption', 1, 'a caption that is not text has no text to write');
  }
  report.drop('item attribute', Object.keys(item.attributes).length);
  if (captions.length === 0) return [`${image}, `];
  const lines: string[] = [];
  for (const c of captions) {
    if (c.label !== undefined)
      report.drop(
        'annotation label',
        1,
        'ICDAR word recognition has no labels: the label of a caption is not written (the caption is)',
      );
    report.drop('attribute', Object.keys(c.attributes).length);
    let text = c.caption;
    if (/[\r\n]/.test(text)) {
      text = text.replace(/\r?\n|\r/g, ' ');
      report.warn('line breaks in captions were written as spaces');
    }
    if (text.includes('\\')) report.warn('backslashes in captions are dropped when gt.txt is read');
    lines.push(`${image}, "${text}"`);
  }
  return lines;
}

export async function writeWordRecognition(
  source: DatasetSource,
  out: FileSink,
  options: WriteOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  const files = new Map<string, string[]>();
  for await (const item of readContext(options).iter(source.items(), source.size)) {
    report.items++;
    const dir = safeRelativePath(item.subset);
    if (options.saveMedia) await saveImage(item, out, report);
    let lines = files.get(dir);
    if (!lines) {
      lines = [];
      files.set(dir, lines);
    }
    for (const line of itemLines(item, report)) lines.push(line);
  }
  for (const [dir, lines] of files)
    await out.write(joinPath(dir, GT_FILE), lines.map((l) => `${l}\n`).join(''));
  return report.build();
}
