import {
  type Annotation,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  DEFAULT_SUBSET,
  type DetectContext,
  type FileTree,
  type MaskAnnotation,
  type ReadContext,
  type ReadOptions,
  readContext,
  readerSource,
  readText,
} from '@labelport/core';
import { extname, joinPath, splitLines, stripExtension } from '@labelport/core/files';
import { DATASET_META_FILE, readDatasetMeta } from '@labelport/core/meta';
import {
  decodeIndexPng,
  distinctValues,
  type IndexImage,
  type PngHeader,
  readPngHeader,
  valueMask,
} from '@labelport/core/png';
import { labelOfClass, MAX_INSTANCES, MOTS_DEFAULT_LABELS, MOTS_IGNORE_CLASS } from './lib/mots-labels.js';
import { commonParent, IMAGES_DIR, isImage, LABELS_FILE, MASKS_DIR, subsetDirs } from './lib/mots-layout.js';

/** Whether the first PNG is MOTS's 16-bit gray of `class * 1000 + track` (the test without labels.txt). */
async function checkMotsPng(ctx: DetectContext, png: string): Promise<void> {
  let header: PngHeader | undefined;
  try {
    header = readPngHeader(await ctx.tree.readRange(png, 0, 64));
  } catch {
    header = undefined;
  }
  if (header?.colorType !== 'gray' || header.bitDepth !== 16) ctx.reject(`${png} is not a 16-bit gray PNG`);
  // ... whose classes (value / 1000) are MOTS's: 0, 1 car, 2 pedestrian, 10 ignore.
  const first = ctx.files.find((f) => f.path === png);
  if (!first || first.size >= 4_000_000) return;
  let values: number[] = [];
  try {
    values = distinctValues(decodeIndexPng(await ctx.tree.read(png), png).values);
  } catch {
    ctx.reject(`${png} cannot be decoded`);
  }
  // (background is exactly 0: values 1..999 would be tracks of no class)
  const odd = values.find(
    (v) =>
      (v > 0 && v < MAX_INSTANCES) || ![0, 1, 2, MOTS_IGNORE_CLASS].includes(Math.floor(v / MAX_INSTANCES)),
  );
  if (odd !== undefined) ctx.reject(`${png} has value ${odd}, not a MOTS class * 1000 + track`);
}

export async function detectMotsPng(ctx: DetectContext) {
  const pngs = ctx.glob('**/instances/**/*.png');
  if (pngs.length === 0) ctx.reject('no instances/*.png');
  const dirs = subsetDirs(pngs);
  const withLabels = dirs.some(
    (d) => ctx.has(joinPath(d, MASKS_DIR, LABELS_FILE)) || ctx.has(joinPath(d, DATASET_META_FILE)),
  );
  // Without labels.txt, only 16-bit gray PNGs (class * 1000 + track) say MOTS.
  if (!withLabels) await checkMotsPng(ctx, pngs[0]!);
  // The root is the folder that holds the subset folders (or the instances/ folder itself).
  const parents = dirs.map((d) => (d.includes('/') ? d.slice(0, d.lastIndexOf('/')) : ''));
  return { confidence: withLabels ? 1 : 0.6, root: dirs.includes('') ? '' : commonParent(parents) };
}

/** The labels: the first labels.txt (Datumaro reads one per subset; they are the same when it wrote them). */
async function readLabels(tree: FileTree, paths: string[], dirs: string[]) {
  let labels = MOTS_DEFAULT_LABELS;
  let defaultLabels = true;
  for (const dir of dirs) {
    // Datumaro's dataset_meta.json in the subset folder takes the place of labels.txt.
    const meta = joinPath(dir, DATASET_META_FILE);
    const file = paths.includes(meta) ? meta : joinPath(dir, MASKS_DIR, LABELS_FILE);
    if (!paths.includes(file)) continue;
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
  return { labels, defaultLabels };
}

interface Entry {
  id: string;
  subset: string;
  maskFile: string;
  image?: string;
}

function maskEntries(paths: string[], dirs: string[]): Entry[] {
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
  return entries;
}

/** One mask per pixel value of the frame (`class * 1000 + track`); background is no mask. */
function frameMasks(
  image: IndexImage,
  file: string,
  labels: string[],
  defaultLabels: boolean,
  ctx: ReadContext,
): Annotation[] {
  const annotations: Annotation[] = [];
  for (const v of distinctValues(image.values)) {
    const classId = Math.floor(v / MAX_INSTANCES);
    if (classId === 0) continue; // background
    const label = labelOfClass(classId, labels, defaultLabels);
    if (label === undefined) {
      const detail = `class ${classId} (pixel value ${v}) is not in the ${labels.length} labels`;
      ctx.skip(new DatasetError('bad-value', detail, { file }));
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
  return annotations;
}

export async function readMotsPng(tree: FileTree, options: ReadOptions = {}): Promise<DatasetSource> {
  const ctx = readContext(options);
  const paths = (await tree.list()).map((e) => e.path);
  const dirs = subsetDirs(paths);
  if (dirs.length === 0) throw new DatasetError('not-found', 'no instances/*.png found', { file: tree.name });
  const { labels, defaultLabels } = await readLabels(tree, paths, dirs);
  return readerSource(options, {
    categories: { labels: labels.map((name) => ({ name })) },
    entries: maskEntries(paths, dirs),
    where: (e) => e.maskFile,
    async make(e): Promise<DatasetItem> {
      const image = decodeIndexPng(await tree.read(e.maskFile), e.maskFile, { limits: ctx.limits });
      const annotations = frameMasks(image, e.maskFile, labels, defaultLabels, ctx);
      const imagePath = e.image;
      const media: DatasetItem['media'] = imagePath
        ? {
            kind: 'image',
            path: imagePath,
            width: image.width,
            height: image.height,
            bytes: () => tree.read(imagePath),
          }
        : { kind: 'image', width: image.width, height: image.height };
      return { id: e.id, subset: e.subset, annotations, attributes: {}, media };
    },
  });
}
