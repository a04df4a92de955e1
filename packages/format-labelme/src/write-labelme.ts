import {
  type Annotation,
  type DatasetItem,
  type DatasetLimits,
  type DatasetSource,
  type FileSink,
  loadMask,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { escapeXmlText, joinPath } from '@labelport/core/files';
import { maskBbox } from '@labelport/core/geometry';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { formatAttributeText } from './lib/labelme-attributes.js';
import { partsOfGroups } from './lib/labelme-parts.js';
import { MASKS_DIR } from './lib/labelme-xml-annotations.js';
import { binaryMaskToPng } from './lib/mask-png.js';
import { ANNOTATIONS_DIR, IMAGES_DIR } from './read-labelme.js';

const NOT_IN_TEXT = new Set(['occluded', 'username']);
type Part = { hasParts: number[]; isPartOf: number[] };
type Kept = Annotation & { type: 'bbox' | 'polygon' | 'mask' };

const ptsXml = (p: number[]) => {
  let t = '';
  for (let k = 0; k + 1 < p.length; k += 2)
    t += `      <pt>\n        <x>${p[k]}</x>\n        <y>${p[k + 1]}</y>\n      </pt>\n`;
  return t;
};

/** The document's head: file name, folder, source and image size. */
function headXml(item: DatasetItem, filename: string): string {
  let s = `<annotation>\n  <filename>${escapeXmlText(filename)}</filename>\n  <folder>${escapeXmlText(item.subset)}</folder>\n`;
  s +=
    '  <source>\n    <sourceImage></sourceImage>\n    <sourceAnnotation>labelport</sourceAnnotation>\n  </source>\n';
  if (item.media?.width !== undefined && item.media.height !== undefined) {
    s += `  <imagesize>\n    <nrows>${item.media.height}</nrows>\n    <ncols>${item.media.width}</ncols>\n  </imagesize>\n`;
  }
  return s;
}

/** An object's fields before its shape: name, flags, attributes text, id and parts. */
function objectHeadXml(a: Kept, i: number, name: string, part: Part): string {
  let s = '  <object>\n';
  s += `    <name>${escapeXmlText(name)}</name>\n`;
  s += '    <deleted>0</deleted>\n    <verified>0</verified>\n';
  s += `    <occluded>${a.attributes.occluded === true ? 'yes' : 'no'}</occluded>\n`;
  s += `    <attributes>${escapeXmlText(formatAttributeText(a.attributes, NOT_IN_TEXT))}</attributes>\n`;
  s += `    <date></date>\n    <id>${i}</id>\n`;
  s += `    <parts>\n      <hasparts>${part.hasParts.join(',')}</hasparts>\n      <ispartof>${part.isPartOf.join(',')}</ispartof>\n    </parts>\n`;
  return s;
}

/** An object's shape: a box or polygon as `<polygon>`, a mask as `<segm>` with its PNG written. */
async function shapeXml(
  a: Kept,
  i: number,
  item: DatasetItem,
  sink: FileSink,
  limits: DatasetLimits,
): Promise<string> {
  const user = escapeXmlText(typeof a.attributes.username === 'string' ? a.attributes.username : '');
  if (a.type === 'bbox') {
    const corners = [a.x, a.y, a.x + a.w, a.y, a.x + a.w, a.y + a.h, a.x, a.y + a.h];
    return `    <type>bounding_box</type>\n    <polygon>\n      <username>${user}</username>\n${ptsXml(corners)}    </polygon>\n`;
  }
  if (a.type === 'polygon')
    return `    <polygon>\n      <username>${user}</username>\n${ptsXml(a.points)}    </polygon>\n`;
  const bitmap = await loadMask(a.mask, { limits, where: `item '${item.id}'` });
  const maskName = `${item.id}_mask_${i}.png`;
  await sink.write(joinPath(MASKS_DIR, item.subset, maskName), binaryMaskToPng(bitmap, limits));
  const [x, y, w, h] = maskBbox(bitmap);
  return `    <segm>\n      <username>${user}</username>\n      <box>\n        <xmin>${x}</xmin>\n        <ymin>${y}</ymin>\n        <xmax>${x + w}</xmax>\n        <ymax>${y + h}</ymax>\n      </box>\n      <mask>${escapeXmlText(maskName)}</mask>\n    </segm>\n`;
}

/**
 * Writes LabelMe XML as Datumaro does: `Annotations/<subset>/<id>.xml`, masks as RGBA PNGs in
 * `Masks/<subset>/`, images in `Images/<subset>/` with saveMedia. Boxes, polygons and masks only;
 * groups become parts (the first object of a group holds the others).
 */
export async function writeLabelMe(
  source: DatasetSource,
  sink: FileSink,
  options: WriteOptions = {},
): Promise<WriteReport> {
  const ctx = readContext(options);
  const report = new ReportBuilder();
  const labels = source.categories.labels;
  for await (const item of ctx.iter(source.items(), source.size)) {
    const filename = `${item.id}${mediaExtension(item, '.jpg')}`;
    const kept = item.annotations.filter((a): a is Kept => {
      if (a.type === 'bbox' || a.type === 'polygon' || a.type === 'mask') return true;
      report.drop(a.type);
      return false;
    });
    const parts = partsOfGroups(kept.map((a) => a.group));
    let s = headXml(item, filename);
    for (const [i, a] of kept.entries()) {
      if (a.objectId !== undefined) report.drop('objectId');
      const name = a.label !== undefined ? (labels[a.label]?.name ?? '') : '';
      s += objectHeadXml(a, i, name, parts[i]!);
      s += await shapeXml(a, i, item, sink, ctx.limits);
      s += '  </object>\n';
    }
    s += '</annotation>\n';
    await sink.write(joinPath(ANNOTATIONS_DIR, item.subset, `${item.id}.xml`), s);
    report.drop('item attribute', Object.keys(item.attributes).length);
    if (options.saveMedia) await saveMedia(item, sink, joinPath(IMAGES_DIR, item.subset, filename), report);
    report.items++;
  }
  return report.build();
}
