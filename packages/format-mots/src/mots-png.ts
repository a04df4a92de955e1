import {
  type Annotation,
  checkPixels,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  DEFAULT_SUBSET,
  defineFormat,
  type FileSink,
  type FileTree,
  type IoOptions,
  loadMask,
  type MaskAnnotation,
  maskSize,
  ReportBuilder,
  readContext,
  readText,
} from '@labelport/core';
import { extname, joinPath, safeRelativePath, splitLines, stripExtension } from '@labelport/core/files';
import { renderIndexMask } from '@labelport/core/geometry';
import { IMAGE_EXTENSIONS, mediaExtension, saveMedia } from '@labelport/core/media';
import { DATASET_META_FILE, readDatasetMeta } from '@labelport/core/meta';
import {
  decodeIndexPng,
  distinctValues,
  encodeIndexPng16,
  type PngHeader,
  readPngHeader,
  valueMask,
} from '@labelport/core/png';
import {
  classOfLabel,
  labelOfClass,
  MAX_INSTANCES,
  MOTS_DEFAULT_LABELS,
  MOTS_IGNORE_CLASS,
} from './lib/mots-labels.js';

const MASKS_DIR = 'instances';
const IMAGES_DIR = 'images';
const LABELS_FILE = 'labels.txt';
const isImage = (p: string) => IMAGE_EXTENSIONS.includes(extname(p));

/** Folders that hold an instances/ folder of PNGs: '' for the tree's root, else the subset folder. */
function subsetDirs(paths: string[]): string[] {
  const dirs = new Set<string>();
  for (const p of paths) {
    if (extname(p) !== '.png') continue;
    const m = /^(?:(.*)\/)?instances\//.exec(p);
    if (m) dirs.add(m[1] ?? '');
  }
  return [...dirs].sort();
}

async function readMotsPng(tree: FileTree, options: IoOptions = {}): Promise<DatasetSource> {
  const paths = (await tree.list()).map((e) => e.path);
  const dirs = subsetDirs(paths);
  if (dirs.length === 0) throw new DatasetError('not-found', 'no instances/*.png found', { file: tree.name });

  // Labels: the first labels.txt (Datumaro reads one per subset; they are the same when it wrote them).
  let labels = MOTS_DEFAULT_LABELS;
  let defaultLabels = true;
  for (const dir of dirs) {
    // Datumaro's dataset_meta.json in the subset folder takes the place of labels.txt.
    const meta = joinPath(dir, DATASET_META_FILE);
    const file = paths.includes(meta) ? meta : joinPath(dir, MASKS_DIR, LABELS_FILE);
    if (paths.includes(file)) {
      const found =
        file === meta
          ? [...(await readDatasetMeta(tree, file)).keys()]
          : splitLines(await readText(tree, file))
              .map((s) => s.trim())
              .filter((s) => s !== '');
      if (defaultLabels) {
        labels = found;
        defaultLabels = false;
      } else if (found.join('\n') !== labels.join('\n')) {
        throw new DatasetError('bad-line', 'labels differ from those of the other subsets', { file });
      }
    }
  }

  interface Entry {
    id: string;
    subset: string;
    maskFile: string;
    image?: string;
  }
  const entries: Entry[] = [];
  for (const dir of dirs) {
    const subset = dir === '' ? DEFAULT_SUBSET : dir;
    const maskPrefix = `${joinPath(dir, MASKS_DIR)}/`;
    const imagePrefix = `${joinPath(dir, IMAGES_DIR)}/`;
    const images = new Map<string, string>();
    for (const p of paths)
      if (p.startsWith(imagePrefix) && isImage(p)) images.set(stripExtension(p.slice(imagePrefix.length)), p);
    for (const p of paths) {
      if (!p.startsWith(maskPrefix) || extname(p) !== '.png') continue;
      const id = stripExtension(p.slice(maskPrefix.length));
      entries.push({ id, subset, maskFile: p, image: images.get(id) });
    }
  }

  return {
    categories: { labels: labels.map((name) => ({ name })) },
    size: entries.length,
    async *items() {
      let done = 0;
      for (const e of entries) {
        readContext(options).check();
        const bytes = await tree.read(e.maskFile);
        const image = decodeIndexPng(bytes, e.maskFile, { limits: readContext(options).limits });
        const annotations: Annotation[] = [];
        for (const v of distinctValues(image.values)) {
          const classId = Math.floor(v / MAX_INSTANCES);
          if (classId === 0) continue; // background
          const label = labelOfClass(classId, labels, defaultLabels);
          if (label === undefined) {
            const err = new DatasetError(
              'bad-value',
              `class ${classId} (pixel value ${v}) is not in the ${labels.length} labels`,
              {
                file: e.maskFile,
              },
            );
            if (!options.lenient) throw err;
            options.onWarning?.(err.message);
            continue;
          }
          const mask: MaskAnnotation = {
            type: 'mask',
            mask: valueMask(image, v),
            label,
            objectId: v % MAX_INSTANCES,
            attributes: {},
          };
          if (classId === MOTS_IGNORE_CLASS && labels.length < MOTS_IGNORE_CLASS) mask.zOrder = 1;
          annotations.push(mask);
        }
        const item: DatasetItem = { id: e.id, subset: e.subset, annotations, attributes: {} };
        const imagePath = e.image;
        item.media = imagePath
          ? {
              kind: 'image',
              path: imagePath,
              width: image.width,
              height: image.height,
              bytes: () => tree.read(imagePath),
            }
          : { kind: 'image', width: image.width, height: image.height };
        yield item;
        options.onProgress?.(++done, entries.length);
      }
    },
  };
}

async function writeMotsPng(source: DatasetSource, out: FileSink, options: IoOptions = {}) {
  const report = new ReportBuilder();
  const labels = source.categories.labels.map((l) => l.name);
  const subsets = new Set<string>();
  let renumbered = 0;

  for await (const item of source.items()) {
    readContext(options).check();
    report.items++;
    const dir = safeRelativePath(item.subset);
    subsets.add(dir);
    if (Object.keys(item.attributes).length > 0)
      report.drop('item attribute', Object.keys(item.attributes).length);

    const masks: MaskAnnotation[] = [];
    for (const a of item.annotations) {
      if (a.type !== 'mask') report.drop(a.type);
      else if (a.label === undefined || a.label >= labels.length) {
        report.drop('mask without a label');
      } else masks.push(a);
      if (Object.keys(a.attributes).length > 0) report.drop('attribute', Object.keys(a.attributes).length);
    }

    // Track ids are the instance part of `class * 1000 + track`: 0..999, unique per class in an image.
    const used = new Set<number>();
    const value = (m: MaskAnnotation, track: number) =>
      MAX_INSTANCES * classOfLabel(m.label as number) + track;
    const tracks = masks.map((m) => {
      const t = m.objectId;
      if (t !== undefined && Number.isInteger(t) && t >= 0 && t < MAX_INSTANCES && !used.has(value(m, t))) {
        used.add(value(m, t));
        return t;
      }
      return -1;
    });
    for (let i = 0; i < masks.length; i++) {
      if (tracks[i] >= 0) continue;
      let t = 0;
      while (used.has(value(masks[i], t))) t++;
      used.add(value(masks[i], t));
      tracks[i] = t;
      renumbered++;
    }

    const layers = [];
    let size =
      item.media?.width && item.media.height
        ? { width: item.media.width, height: item.media.height }
        : undefined;
    const order = masks.map((m, i) => ({ m, i })).sort((a, b) => (a.m.zOrder ?? 0) - (b.m.zOrder ?? 0));
    const { limits } = readContext(options);
    for (const { m, i } of order) {
      const declared = maskSize(m.mask); // held to the caller's pixel limit before it is loaded
      if (declared) checkPixels(declared.width, declared.height, `item ${item.id}`, limits);
      const bitmap = await loadMask(m.mask);
      size ??= { width: bitmap.width, height: bitmap.height };
      const v = value(m, tracks[i]);
      if (v > 0xffff)
        throw new DatasetError(
          'bad-value',
          `label ${labels[m.label as number]} gives a pixel value ${v} past 16 bits`,
        );
      layers.push({ mask: bitmap, value: v });
    }
    if (options.saveMedia)
      await saveMedia(
        item,
        out,
        joinPath(dir, IMAGES_DIR, `${item.id}${mediaExtension(item, '.jpg')}`),
        report,
      );
    if (!size) {
      // No mask and no image size: MOTS has nothing to write for this frame.
      report.drop('item');
      continue;
    }
    // The frame is painted at the image's size: held to the limit the caller gave (options.limits).
    checkPixels(size.width, size.height, `item ${item.id}`, limits);
    const values = renderIndexMask(size.width, size.height, layers, 0, Uint16Array);
    await out.write(
      joinPath(dir, MASKS_DIR, `${item.id}.png`),
      encodeIndexPng16(size.width, size.height, values),
    );
    options.onProgress?.(report.items, source.size);
  }
  if (renumbered > 0)
    report.warn(
      `${renumbered} masks had no usable track id (0..999, unique per class in a frame) and got a new one`,
    );
  for (const dir of subsets) await out.write(joinPath(dir, MASKS_DIR, LABELS_FILE), labels.join('\n'));
  return report.build();
}

export const motsPng = defineFormat({
  id: 'mots_png',
  title: 'MOTS (PNG)',
  extensions: ['.png'],
  capabilities: {
    annotations: ['mask'],
    media: ['image'],
    tracks: true,
    attributes: false,
    subsets: true,
    streaming: true,
  },
  async detect(ctx) {
    const pngs = ctx.glob('**/instances/**/*.png');
    if (pngs.length === 0) ctx.reject('no instances/*.png');
    const dirs = subsetDirs(pngs);
    const withLabels = dirs.some(
      (d) => ctx.has(joinPath(d, MASKS_DIR, LABELS_FILE)) || ctx.has(joinPath(d, DATASET_META_FILE)),
    );
    if (!withLabels) {
      // Without labels.txt, only 16-bit gray PNGs (class * 1000 + track) say MOTS.
      let header: PngHeader | undefined;
      try {
        header = readPngHeader(await ctx.tree.readRange(pngs[0], 0, 64));
      } catch {
        header = undefined;
      }
      if (header?.colorType !== 'gray' || header.bitDepth !== 16)
        ctx.reject(`${pngs[0]} is not a 16-bit gray PNG`);
      // ... whose classes (value / 1000) are MOTS's: 0, 1 car, 2 pedestrian, 10 ignore.
      const first = ctx.files.find((f) => f.path === pngs[0]);
      if (first && first.size < 4_000_000) {
        let values: number[] = [];
        try {
          values = distinctValues(decodeIndexPng(await ctx.tree.read(pngs[0]), pngs[0]).values);
        } catch {
          ctx.reject(`${pngs[0]} cannot be decoded`);
        }
        // (background is exactly 0: values 1..999 would be tracks of no class)
        const odd = values.find(
          (v) =>
            (v > 0 && v < MAX_INSTANCES) ||
            ![0, 1, 2, MOTS_IGNORE_CLASS].includes(Math.floor(v / MAX_INSTANCES)),
        );
        if (odd !== undefined) ctx.reject(`${pngs[0]} has value ${odd}, not a MOTS class * 1000 + track`);
      }
    }
    // The root is the folder that holds the subset folders (or the instances/ folder itself).
    const parents = dirs.map((d) => (d.includes('/') ? d.slice(0, d.lastIndexOf('/')) : ''));
    return { confidence: withLabels ? 1 : 0.6, root: dirs.includes('') ? '' : commonParent(parents) };
  },
  read: readMotsPng,
  write: writeMotsPng,
});

function commonParent(dirs: string[]): string {
  if (dirs.length === 0) return '';
  let parts = dirs[0] === '' ? [] : dirs[0].split('/');
  for (const d of dirs.slice(1)) {
    const q = d === '' ? [] : d.split('/');
    let i = 0;
    while (i < parts.length && i < q.length && parts[i] === q[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join('/');
}
