import type { OptionValues } from '@labelport/core';
import {
  type Annotation,
  type AttributeValue,
  DatasetError,
  type DatasetItem,
  type DetectContext,
  defineFormat,
  type FileTree,
  type IoOptions,
  ReportBuilder,
  readText,
} from '@labelport/core';
import { dirname, splitLines, stripExtension } from '@labelport/core/files';
import { mediaExtension, readImageSize, saveMedia } from '@labelport/core/media';
import { DATASET_META_FILE, formatDatasetMeta, readDatasetMeta } from '@labelport/core/meta';
import { FACE_ATTRIBUTES, formatBoxLine, parseBbxGt } from './lib/bbx-gt.js';
import { widerFaceWriteOptions } from './options.js';

const SPLIT_DIR = 'wider_face_split';
const SUBSET_DIR = 'WIDER_';
const IMAGES_DIR = 'images';
const LABELS_FILE = 'labels.txt';
const NO_LABEL = 'no_label';
const FACE = 'face';

/** `wider_face_train_bbx_gt.txt` -> train; any other list is named by its stem. */
function subsetOf(file: string): string {
  const stem = stripExtension(file.slice(file.lastIndexOf('/') + 1));
  return /^wider_face_(.+?)_(?:bbx_gt|filelist)$/.exec(stem)?.[1] ?? stem;
}

/** The label of an event folder: `0--Parade` -> Parade. */
const eventLabel = (dir: string) => (dir.includes('--') ? dir.split('--')[1]! : dir);

async function detectWiderFace(ctx: DetectContext) {
  const depth = (p: string) => p.split('/').length;
  const lists = ctx.glob(`**/${SPLIT_DIR}/*.txt`).filter((p) => depth(p) <= 4);
  if (lists.length === 0) ctx.reject(`no ${SPLIT_DIR}/*.txt`);
  const shallowest = lists.sort((a, b) => depth(a) - depth(b))[0]!;
  return { confidence: 1, root: dirname(dirname(shallowest)) };
}

async function readCategories(tree: FileTree, paths: Set<string>, subsets: string[]) {
  if (paths.has(DATASET_META_FILE))
    return { names: [...(await readDatasetMeta(tree, DATASET_META_FILE)).keys()], generated: false };
  if (paths.has(LABELS_FILE)) {
    const names = splitLines(await readText(tree, LABELS_FILE)).map((s) => s.trim());
    return { names, generated: false };
  }
  // No label list: 'face' and the event folders of the images (Datumaro's rule).
  const names = [FACE];
  for (const subset of subsets) {
    const prefix = `${SUBSET_DIR}${subset}/${IMAGES_DIR}/`;
    const dirs = new Set<string>();
    for (const p of paths) {
      if (!p.startsWith(prefix)) continue;
      const rest = p.slice(prefix.length).split('/');
      if (rest.length > 1 && rest[0] !== NO_LABEL) dirs.add(rest[0]!);
    }
    for (const d of [...dirs].sort()) {
      const name = eventLabel(d);
      if (!names.includes(name)) names.push(name);
    }
  }
  return { names: names.length === 1 ? [] : names, generated: true };
}

async function readWiderFace(tree: FileTree, options: IoOptions = {}) {
  const all = (await tree.list()).map((f) => f.path);
  const paths = new Set(all);
  const txt = all.filter(
    (p) => p.startsWith(`${SPLIT_DIR}/`) && p.split('/').length === 2 && p.endsWith('.txt'),
  );
  // The real split folder also has a readme.txt: the named lists are the lists when there are any.
  const named = txt.filter((p) =>
    /^wider_face_.+_(?:bbx_gt|filelist)\.txt$/.test(p.slice(SPLIT_DIR.length + 1)),
  );
  const lists = named.length > 0 ? named : txt;
  if (lists.length === 0) throw new DatasetError('bad-layout', `no ${SPLIT_DIR}/*.txt`, { file: tree.name });
  const subsets = lists.map(subsetOf);
  const { names } = await readCategories(tree, paths, subsets);
  const labelIndex = (name: string) => {
    const i = names.indexOf(name);
    return i < 0 ? undefined : i;
  };

  const items: DatasetItem[] = [];
  for (const [k, list] of lists.entries()) {
    const subset = subsets[k]!;
    const images = parseBbxGt(splitLines(await readText(tree, list)), list, options);
    const seen = new Map<string, number>();
    for (const image of images) {
      let id = stripExtension(image.path);
      const annotations: Annotation[] = [];
      if (id.includes('/')) {
        const event = id.split('/')[0]!;
        const label = eventLabel(event);
        if (label !== NO_LABEL) {
          const index = labelIndex(label);
          if (index !== undefined) annotations.push({ type: 'label', label: index, attributes: {} });
        }
        id = id.slice(event.length + 1);
      }
      for (const box of image.boxes) {
        let label = box.label !== undefined ? labelIndex(box.label) : labelIndex(FACE);
        if (label === undefined && names.length === 0) {
          names.push(FACE);
          label = 0;
        }
        if (box.label !== undefined && label === undefined) {
          const err = new DatasetError('unknown-label', `label '${box.label}' is not in the labels`, {
            file: list,
            place: `line ${box.line}`,
          });
          if (!options.lenient) throw err;
          options.onWarning?.(`${err.message}; the box is kept without a label`);
        }
        const attributes: Record<string, AttributeValue> = box.attributes;
        annotations.push({
          type: 'bbox',
          x: box.x,
          y: box.y,
          w: box.w,
          h: box.h,
          ...(label === undefined ? {} : { label }),
          attributes,
        });
      }
      const path = `${SUBSET_DIR}${subset}/${IMAGES_DIR}/${image.path}`;
      const item: DatasetItem = {
        id,
        subset,
        media: { kind: 'image', path, bytes: paths.has(path) ? () => tree.read(path) : undefined },
        annotations,
        attributes: {},
      };
      const at = seen.get(id);
      if (at !== undefined) items[at] = item;
      else {
        seen.set(id, items.length);
        items.push(item);
      }
    }
  }

  return {
    categories: { labels: names.map((name) => ({ name })) },
    size: items.length,
    async *items(): AsyncIterable<DatasetItem> {
      let done = 0;
      for (const item of items) {
        const path = item.media!.path!;
        if (item.media!.bytes) {
          const size = await readImageSize(tree, path);
          yield { ...item, media: { ...item.media!, width: size?.width, height: size?.height } };
        } else yield item;
        options.onProgress?.(++done, items.length);
      }
    },
  };
}

export type WiderFaceWriteOptions = OptionValues<typeof widerFaceWriteOptions>;

export const widerFace = defineFormat<object, WiderFaceWriteOptions>({
  id: 'wider_face',
  title: 'WIDER Face',
  extensions: ['.txt'],
  options: { write: widerFaceWriteOptions },
  capabilities: {
    annotations: ['bbox', 'label'],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: false,
  },
  detect: detectWiderFace,
  read: readWiderFace,
  async write(source, out, options = {}) {
    const report = new ReportBuilder();
    const labels = source.categories.labels;
    const lists = new Map<string, string[]>();
    let done = 0;
    for await (const item of source.items()) {
      report.items++;
      report.drop('item attribute', Object.keys(item.attributes).length);
      const itemLabels = item.annotations.filter(
        (a) => a.type === 'label' && a.label !== undefined && labels[a.label],
      );
      if (itemLabels.length > 1) {
        report.drop('label', itemLabels.length - 1);
        report.warn('WIDER Face keeps one label per image (its event folder): the others are dropped');
      }
      const first = itemLabels[0]?.label;
      const dir = first !== undefined ? `${first}--${labels[first]!.name}` : NO_LABEL;
      const ext = mediaExtension(item, '.jpg');
      const imagePath = `${dir}/${item.id}${ext}`;
      const lines = lists.get(item.subset) ?? [];
      lists.set(item.subset, lines);
      lines.push(imagePath);
      if (options.saveMedia)
        await saveMedia(item, out, `${SUBSET_DIR}${item.subset}/${IMAGES_DIR}/${imagePath}`, report);
      const boxes = item.annotations.filter((a) => a.type === 'bbox');
      if (boxes.length > 0) lines.push(String(boxes.length));
      for (const a of item.annotations) {
        if (a.type === 'label') {
          report.drop('attribute', Object.keys(a.attributes).length);
          if (a.label === undefined || !labels[a.label]) report.drop('label');
        } else if (a.type !== 'bbox') report.drop(a.type);
      }
      for (const box of boxes) {
        if (box.type !== 'bbox') continue;
        const kept: Record<string, string | number | boolean> = {};
        for (const [k, v] of Object.entries(box.attributes)) {
          if ((FACE_ATTRIBUTES as readonly string[]).includes(k)) kept[k] = v;
          else report.drop('attribute');
        }
        const name = box.label !== undefined ? labels[box.label]?.name : undefined;
        if (name !== undefined && /\s/.test(name)) {
          report.warn(
            `label '${name}' has a space: it cannot be written on a box line and reads back as no label`,
          );
        }
        lines.push(formatBoxLine(box, kept, name === undefined || name === FACE ? undefined : name));
      }
      options.onProgress?.(++done, source.size);
    }
    if (options.saveDatasetMeta)
      await out.write(DATASET_META_FILE, formatDatasetMeta(labels.map((l) => l.name)));
    else await out.write(LABELS_FILE, labels.map((l) => l.name).join('\n'));
    for (const [subset, lines] of lists) {
      await out.write(`${SPLIT_DIR}/wider_face_${subset}_bbx_gt.txt`, lines.map((l) => `${l}\n`).join(''));
    }
    return report.build();
  },
});
