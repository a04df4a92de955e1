import type { OptionValues } from '@labelport/core';
import {
  type BboxAnnotation,
  type Categories,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  defineFormat,
  type FileSink,
  type FileTree,
  type IoOptions,
  isDatasetError,
  lostAttributes,
  type Media,
  ReportBuilder,
  readContext,
  readText,
  wrapError,
} from '@labelport/core';
import { dirname, mapSettled, READ_AHEAD, stripExtension } from '@labelport/core/files';
import { mediaExtension, readImageSize, saveMedia } from '@labelport/core/media';
import { IMAGES_META_FILE } from '@labelport/core/meta';
import {
  DEFAULT_YOLO_SUBSET,
  itemIdFromImagePath,
  localizePath,
  looseItems,
  parseNames,
  parseObjData,
  RESERVED_KEYS,
  roboflowDarknetItems,
} from './lib/darknet-layout.js';
import { formatImageMeta, readImageMeta, resolveImageSize, type SizeEntry } from './lib/image-meta.js';
import { SubsetItemIds } from './lib/item-ids.js';
import { boxLine, type ImageSize, parseLabelFile, UNIT } from './lib/label-file.js';
import { META_FILE, readMetaLabels } from './lib/meta-file.js';
import { imageSizeForWriting } from './lib/write-size.js';
import { yoloWriteOptions } from './options.js';

interface Plan {
  id: string;
  subset: string;
  image?: string;
  labelFile?: string;
}

function yoloSource(
  tree: FileTree,
  categories: Categories,
  plans: Plan[],
  namesFile: string,
  options: IoOptions,
  files: Set<string>,
  meta: Map<string, ImageSize>,
): DatasetSource {
  return {
    categories,
    size: plans.length,
    async *items() {
      let done = 0;
      const read = async (plan: Plan): Promise<DatasetItem> => {
        const media: Media = { kind: 'image' };
        if (plan.image) media.path = plan.image;
        const known = (plan.image ? meta.get(plan.image) : undefined) ?? meta.get(plan.id);
        if (known) Object.assign(media, known);
        if (plan.image && files.has(plan.image)) {
          const p = plan.image;
          media.bytes = () => tree.read(p);
          if (!known) {
            const info = await readImageSize(tree, p).catch(() => undefined); // needed only with lines: then a clear error
            if (info) Object.assign(media, { width: info.width, height: info.height });
          }
        }
        let annotations: DatasetItem['annotations'] = [];
        if (plan.labelFile && files.has(plan.labelFile)) {
          const labelFile = plan.labelFile;
          annotations = await parseLabelFile(await readText(tree, labelFile), labelFile, {
            mode: 'darknet',
            labelCount: categories.labels.length,
            namesFile,
            size: async () => {
              if (media.width && media.height) return { width: media.width, height: media.height };
              const s = await resolveImageSize(tree, meta, plan.id, plan.image, labelFile);
              Object.assign(media, s);
              return s;
            },
          });
        }
        return {
          id: plan.id,
          subset: plan.subset,
          media: media.path || media.width ? media : undefined,
          annotations,
          attributes: {},
        };
      };
      // Items are read READ_AHEAD at a time (overlapping the reads of small files), yielded in order.
      for await (const r of mapSettled(plans, READ_AHEAD, read)) {
        const plan = r.input;
        readContext(options).check();
        if ('error' in r) {
          // a stray failure still names the file, never a bare stack trace
          const e = r.error;
          const err = isDatasetError(e) ? e : wrapError(e, plan.labelFile ?? plan.image ?? plan.id);
          if (!options.lenient) throw err;
          options.onWarning?.(`${err.message} (item '${plan.id}' skipped)`);
        } else yield r.value;
        options.onProgress?.(++done, plans.length);
      }
    },
  };
}

/**
 * The label file of an image: beside it (CVAT, Datumaro), else where darknet itself looks, with the
 * last `images` or `JPEGImages` folder of the path replaced by `labels`.
 */
function darknetLabelFile(image: string, files: Set<string>): string {
  const beside = `${stripExtension(image)}.txt`;
  if (files.has(beside)) return beside;
  const parts = stripExtension(image).split('/');
  for (let i = parts.length - 2; i >= 0; i--) {
    if (parts[i] === 'images' || parts[i] === 'JPEGImages') {
      const other = `${[...parts.slice(0, i), 'labels', ...parts.slice(i + 1)].join('/')}.txt`;
      if (files.has(other)) return other;
      break;
    }
  }
  return beside;
}

function findRoot(files: { path: string }[], name: string): string | undefined {
  const hits = files
    .filter((f) => f.path === name || f.path.endsWith(`/${name}`))
    .map((f) => dirname(f.path));
  hits.sort((a, b) => (a === '' ? 0 : a.split('/').length) - (b === '' ? 0 : b.split('/').length));
  return hits.find((h) => (h === '' ? 0 : h.split('/').length) <= 2);
}

/** The class list of the loose layout: darknet's obj.names, or Label Studio's classes.txt. */
const LOOSE_NAMES = ['obj.names', 'classes.txt'];

async function readYolo(tree: FileTree, options: IoOptions = {}): Promise<DatasetSource> {
  const list = await tree.list();
  const files = new Set(list.map((f) => f.path));
  const meta = await readImageMeta(tree);
  if (files.has('obj.data')) {
    const config = parseObjData(await readText(tree, 'obj.data'));
    const namesValue = config.get('names');
    if (!namesValue) throw new DatasetError('bad-line', "no 'names = <file>' line", { file: 'obj.data' });
    let namesFile = localizePath(namesValue, { file: 'obj.data', place: 'names' }, files);
    if (!files.has(namesFile) && files.has('obj.names')) namesFile = 'obj.names';
    if (!files.has(namesFile))
      throw new DatasetError('not-found', `the names file '${namesValue}' does not exist`, {
        file: 'obj.data',
        place: 'names',
      });
    const names = (await readMetaLabels(tree, files)) ?? parseNames(await readText(tree, namesFile));
    const categories: Categories = { labels: names.map((name) => ({ name })) };
    const plans: Plan[] = [];
    for (const [subset, value] of config) {
      if (RESERVED_KEYS.has(subset)) continue;
      const listFile = localizePath(value, { file: 'obj.data', place: subset }, files);
      if (!files.has(listFile))
        throw new DatasetError('not-found', `the '${subset}' subset list '${value}' does not exist`, {
          file: 'obj.data',
          place: subset,
        });
      const seen = new Set<string>();
      (await readText(tree, listFile)).split(/\r?\n/).forEach((line, i) => {
        if (!line.trim()) return;
        const image = localizePath(
          line,
          { file: listFile, place: `line ${i + 1}` },
          files,
          (p) => `${stripExtension(p)}.txt`,
        );
        const id = itemIdFromImagePath(image);
        if (seen.has(id)) return;
        seen.add(id);
        plans.push({ id, subset, image, labelFile: darknetLabelFile(image, files) });
      });
    }
    return yoloSource(
      tree,
      categories,
      plans,
      files.has(META_FILE) ? META_FILE : namesFile,
      options,
      files,
      meta,
    );
  }
  const roboflowNames = list.filter((f) => /^[^/]+\/_darknet\.labels$/.test(f.path)).map((f) => f.path);
  if (!files.has('obj.names') && roboflowNames.length) {
    const namesFile = roboflowNames[0];
    const names = (await readMetaLabels(tree, files)) ?? parseNames(await readText(tree, namesFile));
    for (const other of roboflowNames.slice(1)) {
      const o = parseNames(await readText(tree, other));
      if (o.join('\n') !== names.join('\n'))
        throw new DatasetError('bad-yaml', `the labels differ from those of ${namesFile}`, { file: other });
    }
    return yoloSource(
      tree,
      { labels: names.map((name) => ({ name })) },
      roboflowDarknetItems(list),
      namesFile,
      options,
      files,
      meta,
    );
  }
  const namesFile = LOOSE_NAMES.find((n) => files.has(n));
  if (namesFile) {
    const names = (await readMetaLabels(tree, files)) ?? parseNames(await readText(tree, namesFile));
    const categories: Categories = { labels: names.map((name) => ({ name })) };
    const plans = looseItems(list);
    if (plans.length === 0)
      throw new DatasetError('bad-layout', `${namesFile} but no label files under annotations/ or labels/`, {
        file: tree.name,
      });
    return yoloSource(
      tree,
      categories,
      plans,
      files.has(META_FILE) ? META_FILE : namesFile,
      options,
      files,
      meta,
    );
  }
  throw new DatasetError('bad-layout', 'no obj.data or obj.names', { file: tree.name });
}

export type YoloWriteOptions = OptionValues<typeof yoloWriteOptions>;

async function writeYolo(source: DatasetSource, sink: FileSink, options: YoloWriteOptions & IoOptions = {}) {
  const prefix = options.addPathPrefix === false ? '' : 'data/';
  const report = new ReportBuilder();
  const labels = source.categories.labels;
  await sink.write('obj.names', labels.map((l) => `${l.name}\n`).join(''));
  const lists = new Map<string, string[]>();
  const sizes: SizeEntry[] = [];
  const seen = new SubsetItemIds();
  let done = 0;
  for await (const item of source.items()) {
    readContext(options).check();
    report.items++;
    if (Object.keys(item.attributes).length)
      report.drop('item attribute', Object.keys(item.attributes).length);
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
    seen.claim(subset, item.id);
    const dir = `obj_${subset}_data`;
    // the image's own extension, in its own case ('.JPG' stays '.JPG')
    const ext = mediaExtension(item, '.jpg');
    const image = `${dir}/${item.id}${ext}`;
    const list = lists.get(subset) ?? [];
    lists.set(subset, list);
    list.push(`${prefix}${image}`);
    if (options.saveMedia) await saveMedia(item, sink, image, report);
    const boxes = item.annotations.filter((a): a is BboxAnnotation => a.type === 'bbox');
    for (const a of item.annotations) if (a.type !== 'bbox') report.drop(a.type);
    const size = await imageSizeForWriting(item);
    if (size) sizes.push({ id: item.id, image, size });
    const lines: string[] = [];
    for (const b of boxes) {
      if (b.label === undefined) {
        report.drop('bbox');
        report.warn('boxes without a label are not written');
        continue;
      }
      // a box in fractions (read without its image) is written as it is
      const scale = b.normalized ? UNIT : size;
      if (!scale) {
        report.drop('bbox');
        report.warn(`item '${item.id}': no image size, so its boxes cannot be normalised; they are dropped`);
        continue;
      }
      lines.push(boxLine(b.label, b, scale));
      if (lostAttributes(b.attributes)) report.drop('attribute', lostAttributes(b.attributes));
    }
    await sink.write(`${dir}/${item.id}.txt`, lines.length ? `${lines.join('\n')}\n` : '');
    options.onProgress?.(++done, source.size);
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

/** YOLO (darknet): boxes as `class cx cy w h` normalised lines; obj.data/obj.names, and the loose layouts. */
export const yolo = defineFormat<object, YoloWriteOptions>({
  id: 'yolo',
  title: 'YOLO (darknet)',
  extensions: ['.txt', '.data', '.names'],
  options: { write: yoloWriteOptions },
  capabilities: {
    annotations: ['bbox'],
    media: ['image'],
    tracks: false,
    attributes: false,
    subsets: true,
    streaming: true,
    normalized: true,
  },
  async detect(ctx) {
    const strict = findRoot(ctx.files, 'obj.data');
    if (strict !== undefined) {
      const head = await ctx.readHead(strict ? `${strict}/obj.data` : 'obj.data', 2048);
      if (!/^\s*names\s*=/m.test(head))
        ctx.reject(`${strict ? `${strict}/` : ''}obj.data has no 'names =' line`);
      return { confidence: 1, root: strict };
    }
    const loose = findRoot(ctx.files, 'obj.names') ?? findRoot(ctx.files, 'classes.txt');
    if (loose === undefined) {
      // Roboflow's "YOLO Darknet": <subset>/_darknet.labels, images and label files side by side
      const rf = ctx.files.find(
        (f) => /(^|\/)[^/]+\/_darknet\.labels$/.test(f.path) && f.path.split('/').length <= 4,
      );
      if (!rf) ctx.reject('no obj.data, obj.names, classes.txt or <subset>/_darknet.labels');
      return { confidence: 0.9, root: dirname(dirname(rf!.path)) };
    }
    const prefix = loose ? `${loose}/` : '';
    const labelFile = ctx.files.find(
      (f) =>
        f.path.startsWith(prefix) &&
        /^([Aa]nnotations|[Ll]abels)\/.*\.txt$/.test(f.path.slice(prefix.length)),
    );
    if (!labelFile) ctx.reject('obj.names or classes.txt but no label files under annotations/ or labels/');
    const first = (await ctx.readHead(labelFile!.path, 512)).split('\n')[0].trim();
    if (first && !/^\d+(\s+[-+0-9.eE]+){4}$/.test(first))
      ctx.reject(`${labelFile!.path} does not start with a 'class cx cy w h' line`);
    return { confidence: 0.6, root: loose };
  },
  read: (tree, options) => readYolo(tree, options),
  write: (source, sink, options) => writeYolo(source, sink, options),
});
