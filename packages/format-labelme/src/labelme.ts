import {
  type Annotation,
  type Attributes,
  type Categories,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  DEFAULT_SUBSET,
  defineFormat,
  type FileSink,
  type FileTree,
  type IoOptions,
  isDatasetError,
  lazyMask,
  limitsOf,
  loadMask,
  ReportBuilder,
  readJson,
  readText,
} from '@labelport/core';
import {
  basename,
  decodeText,
  dirname,
  escapeXmlText,
  extname,
  joinPath,
  mapConcurrent,
  READ_AHEAD,
  safeRelativePath,
  stripExtension,
} from '@labelport/core/files';
import { maskBbox } from '@labelport/core/geometry';
import { mediaExtension, readImageSize, saveMedia } from '@labelport/core/media';
import { LabelTable } from '@labelport/core/meta';
import { decodeBinaryMaskPng } from '@labelport/core/png';
import { formatAttributeText, parseAttributeText } from './lib/labelme-attributes.js';
import { assignPartGroups, partsOfGroups } from './lib/labelme-parts.js';
import { type LabelMeDocument, parseLabelMeXml } from './lib/labelme-xml.js';
import { binaryMaskToPng } from './lib/mask-png.js';

const ANNOTATIONS_DIR = 'Annotations';
const IMAGES_DIR = 'Images';
const MASKS_DIR = 'Masks';

/** True when the text's root element is `<annotation>`. */
const hasAnnotationRoot = (head: string) =>
  /^<annotation[\s>]/.test(
    head
      .replace(/^\uFEFF/, '')
      .replace(/<\?[\s\S]*?\?>/g, '')
      .replace(/<!--[\s\S]*?-->/g, '')
      .trimStart(),
  );

async function findLabelMeFiles(tree: FileTree): Promise<string[]> {
  const out: string[] = [];
  const xml = (await tree.list()).filter((f) => extname(f.path) === '.xml').map((f) => f.path);
  const head = async (path: string) => ({ path, head: decodeText(await tree.readRange(path, 0, 512)) });
  for await (const f of mapConcurrent(xml, READ_AHEAD, head)) if (hasAnnotationRoot(f.head)) out.push(f.path);
  return out;
}

/** The item id: the file name without extension, with the folders the XML sits in below `Annotations/<folder>/`. */
function itemId(doc: LabelMeDocument, xmlPath: string, file: string): string {
  const name = safeRelativePath(doc.filename || basename(xmlPath), { file, place: '<filename>' });
  if (name.includes('/')) return stripExtension(name);
  const base = joinPath(ANNOTATIONS_DIR, doc.folder);
  const dir = dirname(xmlPath);
  const prefix =
    dir === base
      ? ''
      : dir.startsWith(`${base}/`)
        ? dir.slice(base.length + 1)
        : dir.startsWith(`${ANNOTATIONS_DIR}/`)
          ? ''
          : dir;
  return joinPath(prefix, stripExtension(name));
}

/**
 * LabelMe XML (MIT-CSAIL), as Datumaro reads it: one XML per image (anywhere in the tree), the subset
 * from `<folder>`, images in `Images/<folder>/` (or beside the XML), masks in `Masks/<folder>/`.
 * Polygons, boxes (`<type>bounding_box</type>`, or a polygon of 2 points), masks (`<segm>`);
 * `occluded`, `username` and the `attributes` text as attributes; deleted objects left out; parts
 * (`hasparts`/`ispartof`) as groups.
 */
export async function readLabelMe(tree: FileTree, options: IoOptions = {}): Promise<DatasetSource> {
  const paths = await findLabelMeFiles(tree);
  if (paths.length === 0) {
    throw new DatasetError(
      'bad-field',
      'no LabelMe annotation file (an XML file with an <annotation> root) was found',
      {
        file: tree.name,
      },
    );
  }
  const listing = new Set((await tree.list()).map((f) => f.path));
  const limits = limitsOf(options);
  const table = new LabelTable();
  const categories: Categories = { labels: table.labels };
  const labelOf = (name: string) => (name ? table.get(name) : undefined);
  const guard = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (e) {
      if (options.lenient && isDatasetError(e)) {
        options.onWarning?.(e.message);
        return undefined;
      }
      throw e;
    }
  };
  // Datumaro's dataset_meta.json, when there is one, gives the labels and their order.
  if (listing.has('dataset_meta.json')) {
    const meta = await readJson(tree, 'dataset_meta.json');
    const map = meta && typeof meta === 'object' ? (meta as { label_map?: unknown }).label_map : undefined;
    if (map && typeof map === 'object') {
      const entries = Object.entries(map as Record<string, unknown>).sort(
        (a, b) => Number(a[0]) - Number(b[0]),
      );
      for (const [, name] of entries) if (typeof name === 'string') labelOf(name);
    }
  }
  // Labels come in the order the files name them, so every file is parsed before the first item.
  const items: DatasetItem[] = [];
  // Files are read READ_AHEAD at a time (overlapping their reads), parsed in order.
  const read = async (path: string) => ({ path, text: await readText(tree, path) });
  for await (const { path, text } of mapConcurrent(paths, READ_AHEAD, read)) {
    const parsed = guard(() => parseLabelMeXml(text, path, limits));
    if (!parsed) continue;
    if ((parsed.width === undefined || parsed.height === undefined) && !options.signal?.aborted) {
      // No <imagesize>: the image's header says (masks need the size too).
      const image = guard(() => imageOf(parsed, path));
      const size = image ? await readImageSize(tree, image) : undefined;
      if (size) {
        parsed.width ??= size.width;
        parsed.height ??= size.height;
      }
    }
    const item = guard(() => toItem(parsed, path));
    if (item) items.push(item);
  }

  function imageCandidates(doc: LabelMeDocument, path: string): string[] {
    const name = safeRelativePath(doc.filename || `${basename(stripExtension(path))}.jpg`, {
      file: path,
      place: '<filename>',
    });
    // An XML in Annotations/<folder>/a/b/ has its image in Images/<folder>/a/b/.
    const sub = name.includes('/') ? '' : dirname(itemId(doc, path, path));
    return [
      joinPath(IMAGES_DIR, doc.folder, sub, name),
      joinPath(IMAGES_DIR, doc.folder, name),
      joinPath(dirname(path), name),
      name,
    ];
  }

  function imageOf(doc: LabelMeDocument, path: string): string | undefined {
    return imageCandidates(doc, path).find((p) => listing.has(p));
  }

  function toItem(doc: LabelMeDocument, path: string): DatasetItem {
    const subset = doc.folder || DEFAULT_SUBSET;
    const id = itemId(doc, path, path);
    const candidates = imageCandidates(doc, path);
    const image = imageOf(doc, path);
    const media: DatasetItem['media'] = { kind: 'image', path: image ?? candidates[0] };
    if (doc.width !== undefined) media.width = doc.width;
    if (doc.height !== undefined) media.height = doc.height;
    if (image) media.bytes = () => tree.read(image);
    const groups = assignPartGroups(doc.objects);
    const annotations: Annotation[] = [];
    for (const o of doc.objects) {
      if (o.deleted) continue;
      const ann = guard((): Annotation | undefined => {
        const place = `object ${o.index}${o.line ? ` (line ${o.line})` : ''}`;
        const fail = (msg: string) => new DatasetError('bad-field', msg, { file: path, place });
        const attributes: Attributes = parseAttributeText(o.attributes);
        attributes.occluded = o.occluded;
        const base: { label?: number; id: number; group?: number; attributes: Attributes } = {
          id: o.id,
          attributes,
        };
        const label = labelOf(o.name);
        if (label !== undefined) base.label = label;
        const group = groups.get(o.id);
        if (group !== undefined) base.group = group;
        if (o.polygon) {
          attributes.username = o.polygon.username;
          const p = o.polygon.points;
          if (o.type === 'bounding_box' || p.length === 4) {
            if (p.length < 4) throw fail('a box needs at least 2 points');
            let [x0, y0, x1, y1] = [
              Number.POSITIVE_INFINITY,
              Number.POSITIVE_INFINITY,
              Number.NEGATIVE_INFINITY,
              Number.NEGATIVE_INFINITY,
            ];
            for (let i = 0; i < p.length; i += 2) {
              x0 = Math.min(x0, p[i]!);
              x1 = Math.max(x1, p[i]!);
              y0 = Math.min(y0, p[i + 1]!);
              y1 = Math.max(y1, p[i + 1]!);
            }
            return { type: 'bbox', x: x0, y: y0, w: x1 - x0, h: y1 - y0, ...base };
          }
          if (p.length < 6) throw fail(`a polygon needs at least 3 points (it has ${p.length / 2})`);
          return { type: 'polygon', points: p, ...base };
        }
        if (o.segm) {
          attributes.username = o.segm.username;
          const maskName = safeRelativePath(o.segm.mask, { file: path, place });
          const maskPath = [
            joinPath(MASKS_DIR, doc.folder, maskName),
            joinPath(MASKS_DIR, maskName),
            joinPath(dirname(path), MASKS_DIR, maskName),
          ].find((p) => listing.has(p));
          if (!maskPath) {
            // control characters escaped: a name from the file may hold a newline; the error is one line
            const shown = joinPath(MASKS_DIR, doc.folder, maskName).replace(/\p{Cc}/gu, (c) =>
              JSON.stringify(c).slice(1, -1),
            );
            throw fail(`the mask file '${shown}' does not exist`);
          }
          const size =
            doc.width !== undefined && doc.height !== undefined
              ? { width: doc.width, height: doc.height }
              : undefined;
          const mask = lazyMask(async () => {
            try {
              // as Datumaro reads LabelMe masks: any channel, alpha included (a black object on a
              // transparent background is an object)
              return decodeBinaryMaskPng(await tree.read(maskPath), maskPath, { limits, alpha: true });
            } catch (e) {
              throw isDatasetError(e)
                ? e.withLocation(maskPath)
                : new DatasetError('bad-image', String((e as Error).message ?? e), { file: maskPath });
            }
          }, size);
          return { type: 'mask', mask, ...base };
        }
        return undefined;
      });
      if (ann) annotations.push(ann);
    }
    return { id, subset, media, annotations, attributes: {} };
  }

  return {
    categories,
    size: items.length,
    async *items() {
      let done = 0;
      for (const item of items) {
        yield item;
        options.onProgress?.(++done, items.length);
      }
    },
  };
}

const NOT_IN_TEXT = new Set(['occluded', 'username']);

/**
 * Writes LabelMe XML as Datumaro does: `Annotations/<subset>/<id>.xml`, masks as RGBA PNGs in
 * `Masks/<subset>/`, images in `Images/<subset>/` with saveMedia. Boxes, polygons and masks only;
 * groups become parts (the first object of a group holds the others).
 */
async function writeLabelMe(source: DatasetSource, sink: FileSink, options: IoOptions = {}) {
  const report = new ReportBuilder();
  const labels = source.categories.labels;
  const limits = limitsOf(options);
  for await (const item of source.items()) {
    const filename = `${item.id}${mediaExtension(item, '.jpg')}`;
    const kept = item.annotations.filter((a) => {
      if (a.type === 'bbox' || a.type === 'polygon' || a.type === 'mask') return true;
      report.drop(a.type);
      return false;
    });
    const parts = partsOfGroups(kept.map((a) => a.group));
    let s = `<annotation>\n  <filename>${escapeXmlText(filename)}</filename>\n  <folder>${escapeXmlText(item.subset)}</folder>\n`;
    s +=
      '  <source>\n    <sourceImage></sourceImage>\n    <sourceAnnotation>labelport</sourceAnnotation>\n  </source>\n';
    if (item.media?.width !== undefined && item.media.height !== undefined) {
      s += `  <imagesize>\n    <nrows>${item.media.height}</nrows>\n    <ncols>${item.media.width}</ncols>\n  </imagesize>\n`;
    }
    for (const [i, a] of kept.entries()) {
      if (a.objectId !== undefined) report.drop('objectId');
      const user = typeof a.attributes.username === 'string' ? a.attributes.username : '';
      s += '  <object>\n';
      s += `    <name>${escapeXmlText(a.label !== undefined ? (labels[a.label]?.name ?? '') : '')}</name>\n`;
      s += '    <deleted>0</deleted>\n    <verified>0</verified>\n';
      s += `    <occluded>${a.attributes.occluded === true ? 'yes' : 'no'}</occluded>\n`;
      s += `    <attributes>${escapeXmlText(formatAttributeText(a.attributes, NOT_IN_TEXT))}</attributes>\n`;
      s += `    <date></date>\n    <id>${i}</id>\n`;
      s += `    <parts>\n      <hasparts>${parts[i]!.hasParts.join(',')}</hasparts>\n      <ispartof>${parts[i]!.isPartOf.join(',')}</ispartof>\n    </parts>\n`;
      const pts = (p: number[]) => {
        let t = '';
        for (let k = 0; k + 1 < p.length; k += 2)
          t += `      <pt>\n        <x>${p[k]}</x>\n        <y>${p[k + 1]}</y>\n      </pt>\n`;
        return t;
      };
      if (a.type === 'bbox') {
        s += '    <type>bounding_box</type>\n';
        s += `    <polygon>\n      <username>${escapeXmlText(user)}</username>\n${pts([a.x, a.y, a.x + a.w, a.y, a.x + a.w, a.y + a.h, a.x, a.y + a.h])}    </polygon>\n`;
      } else if (a.type === 'polygon') {
        s += `    <polygon>\n      <username>${escapeXmlText(user)}</username>\n${pts(a.points)}    </polygon>\n`;
      } else if (a.type === 'mask') {
        const bitmap = await loadMask(a.mask, { limits, where: `item '${item.id}'` });
        const maskName = `${item.id}_mask_${i}.png`;
        await sink.write(joinPath(MASKS_DIR, item.subset, maskName), binaryMaskToPng(bitmap, limits));
        const [x, y, w, h] = maskBbox(bitmap);
        s += `    <segm>\n      <username>${escapeXmlText(user)}</username>\n      <box>\n        <xmin>${x}</xmin>\n        <ymin>${y}</ymin>\n        <xmax>${x + w}</xmax>\n        <ymax>${y + h}</ymax>\n      </box>\n      <mask>${escapeXmlText(maskName)}</mask>\n    </segm>\n`;
      }
      s += '  </object>\n';
    }
    s += '</annotation>\n';
    await sink.write(joinPath(ANNOTATIONS_DIR, item.subset, `${item.id}.xml`), s);
    if (Object.keys(item.attributes).length > 0)
      report.drop('item attribute', Object.keys(item.attributes).length);
    if (options.saveMedia) await saveMedia(item, sink, joinPath(IMAGES_DIR, item.subset, filename), report);
    report.items++;
    options.onProgress?.(report.items, source.size);
  }
  return report.build();
}

export const labelme = defineFormat({
  id: 'labelme',
  title: 'LabelMe XML',
  aliases: ['label_me'],
  extensions: ['.xml'],
  capabilities: {
    annotations: ['bbox', 'polygon', 'mask'],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: false,
  },
  async detect(ctx) {
    const xml = ctx
      .glob('**/*.xml')
      .filter((p) => p.split('/').length <= 4)
      .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
    if (xml.length === 0) ctx.reject('no .xml file');
    let weak: string | undefined;
    for (const path of xml.slice(0, 20)) {
      const head = await ctx.readHead(path, 8192);
      if (!hasAnnotationRoot(head)) continue;
      // VOC's objects have <bndbox>; LabelMe's have <polygon> or <segm>.
      if (/<bndbox[\s>]/.test(head)) ctx.reject(`${path} has <bndbox> objects (Pascal VOC)`);
      const root = path.startsWith(`${ANNOTATIONS_DIR}/`)
        ? ''
        : path.includes(`/${ANNOTATIONS_DIR}/`)
          ? path.slice(0, path.indexOf(`/${ANNOTATIONS_DIR}/`))
          : dirname(path);
      if (/<object[\s>][\s\S]*<(polygon|segm)[\s>]/.test(head)) return { confidence: 1, root };
      if (/<imagesize[\s>]/.test(head)) weak ??= root;
    }
    if (weak !== undefined) return { confidence: 0.5, root: weak };
    return ctx.reject('no XML file with an <annotation> root and <polygon> or <segm> objects');
  },
  read: (tree, options) => readLabelMe(tree, options),
  write: (source, sink, options) => writeLabelMe(source, sink, options),
});
