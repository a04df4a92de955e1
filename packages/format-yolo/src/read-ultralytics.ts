import {
  type Annotation,
  type Categories,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  type FileTree,
  type Media,
  type ReadContext,
  type ReadOptions,
  readContext,
  readerSource,
  readText,
} from '@labelport/core';
import { dirname, stripExtension } from '@labelport/core/files';
import { readImageSize } from '@labelport/core/media';
import { isImage } from './lib/darknet-layout.js';
import { type DatasetYaml, parseDatasetYaml } from './lib/dataset-yaml.js';
import { readImageMeta, resolveImageSize } from './lib/image-meta.js';
import type { ImageSize } from './lib/label-file.js';
import { parseLabelFile } from './lib/label-file.js';
import { META_FILE, readMetaLabels } from './lib/meta-file.js';
import {
  labelPathOf,
  listedImages,
  someOf,
  type UltralyticsItem,
  type UltralyticsLayout,
  ultralyticsItems,
} from './lib/ultralytics-layout.js';

const YAML_NAMES = ['data.yaml', 'dataset.yaml', 'data.yml', 'dataset.yml'];
/** The most of a YAML file detection reads for its `names:` key (dataset YAMLs are a few KiB). */
const YAML_DETECT_BYTES = 1 << 20;
const NAMES_KEY = /^names\s*:/m;

/** Whether the files below `prefix` hold a label file by Ultralytics' rule (under labels/, or beside an image). */
function hasLabelFiles(ctx: DetectContext, prefix: string): boolean {
  for (const f of ctx.files) {
    if (!f.path.startsWith(prefix)) continue;
    const rel = f.path.slice(prefix.length);
    if (rel.endsWith('.txt') && /(^|\/)labels\//.test(rel)) return true;
    if (isImage(rel) && ctx.has(`${prefix}${labelPathOf(rel)}`)) return true;
  }
  return false;
}

export async function detectUltralytics(ctx: DetectContext) {
  const yamls = ctx.files
    .filter((f) => /\.ya?ml$/.test(f.path) && f.path.split('/').length <= 3)
    .sort((a, b) => a.path.split('/').length - b.path.split('/').length);
  if (yamls.length === 0) ctx.reject('no dataset YAML (data.yaml)');
  for (const y of yamls.slice(0, 10)) {
    // the whole file (names: may come after a long header), not a window of it
    if (!NAMES_KEY.test(await ctx.readHead(y.path, Math.min(y.size, YAML_DETECT_BYTES)))) continue;
    const root = dirname(y.path);
    if (!hasLabelFiles(ctx, root ? `${root}/` : '')) continue;
    return { confidence: 1, root };
  }
  return ctx.reject('no dataset YAML with names: beside label files (labels/*.txt, or x.txt beside x.jpg)');
}

async function findYaml(tree: FileTree): Promise<string> {
  const files = await tree.list();
  const top = files.filter((f) => !f.path.includes('/') && /\.ya?ml$/.test(f.path)).map((f) => f.path);
  const named = YAML_NAMES.find((n) => top.includes(n));
  if (named) return named;
  for (const y of top) if (NAMES_KEY.test(await readText(tree, y))) return y;
  throw new DatasetError('bad-layout', 'no dataset YAML (data.yaml) with names: at the top', {
    file: tree.name,
  });
}

function categoriesOf(y: DatasetYaml): Categories {
  const categories: Categories = { labels: y.names.map((name) => ({ name })) };
  if (y.kptNames?.size && y.kpt) {
    categories.skeletons = new Map();
    for (const [label, points] of y.kptNames) categories.skeletons.set(label, { points, edges: [] });
  }
  return categories;
}

/** Says what the layout leaves out: images no subset takes, `.txt` files no image claims. */
function warnUnused(layout: UltralyticsLayout, yamlFile: string, ctx: ReadContext) {
  if (layout.ignoredImages.length > 0)
    ctx.warn(
      `${layout.ignoredImages.length} image(s) are in no subset of ${yamlFile} and under no images/ folder, and were not read: ${someOf(layout.ignoredImages)}`,
    );
  if (layout.unusedTexts.length > 0)
    ctx.warn(
      `${layout.unusedTexts.length} .txt file(s) are the label file of no image and were not read (Ultralytics takes the labels of <dir>/images/<name>.jpg from <dir>/labels/<name>.txt, and of an image outside an images/ folder from <name>.txt beside it): ${someOf(layout.unusedTexts)}`,
    );
}

/** Reads one item: the image's size (images.meta, else its header) and the label file's lines. */
interface ItemReader {
  tree: FileTree;
  files: Set<string>;
  meta: Map<string, ImageSize>;
  /** images.meta sizes by image path without extension (found again from a label file's path). */
  metaByStem: Map<string, ImageSize>;
  labelCount: number;
  namesFile: string;
  kpt?: [number, number];
  obb?: boolean;
}

// images.meta names an image by its path when subsets share an item id: found again from the label
// file's path (labels/ -> images/, any extension) when the image itself is not there
const imageStem = (labelFile: string) =>
  stripExtension(labelFile.replace(/(^|\/)labels\/(?!.*(^|\/)labels\/)/, '$1images/'));

async function makeItem(r: ItemReader, plan: UltralyticsItem): Promise<DatasetItem> {
  const media: Media = { kind: 'image' };
  if (plan.image) {
    const p = plan.image;
    media.path = p;
    media.bytes = () => r.tree.read(p);
  } else {
    // the image is not there: the path Ultralytics would look for it at (labels/ -> images/)
    media.path = `${imageStem(plan.labelFile)}.jpg`;
  }
  const known =
    (plan.image ? r.meta.get(plan.image) : undefined) ??
    r.meta.get(plan.id) ??
    r.metaByStem.get(imageStem(plan.labelFile));
  if (known) Object.assign(media, known);
  else if (plan.image) {
    const info = await readImageSize(r.tree, plan.image).catch(() => undefined); // needed only with lines: then a clear error
    if (info) Object.assign(media, { width: info.width, height: info.height });
  }
  let annotations: Annotation[] = [];
  if (r.files.has(plan.labelFile)) {
    annotations = await parseLabelFile(await readText(r.tree, plan.labelFile), plan.labelFile, {
      mode: 'ultralytics',
      labelCount: r.labelCount,
      namesFile: r.namesFile,
      kpt: r.kpt,
      obb: r.obb,
      size: async () =>
        media.width && media.height
          ? { width: media.width, height: media.height }
          : resolveImageSize(r.tree, r.meta, plan.id, plan.image, plan.labelFile),
    });
  }
  const item: DatasetItem = { id: plan.id, subset: plan.subset, annotations, attributes: {} };
  if (media.path || media.width) item.media = media;
  return item;
}

export async function readUltralytics(tree: FileTree, options: ReadOptions = {}): Promise<DatasetSource> {
  const yamlFile = await findYaml(tree);
  const y = parseDatasetYaml(await readText(tree, yamlFile), yamlFile);
  const list = await tree.list();
  const files = new Set(list.map((f) => f.path));
  const meta = await readImageMeta(tree);
  const metaNames = await readMetaLabels(tree, files);
  if (metaNames) y.names = metaNames;
  const listTexts = new Map<string, string>();
  for (const paths of y.subsets.values())
    for (const p of paths) if (p.endsWith('.txt') && files.has(p)) listTexts.set(p, await readText(tree, p));
  const listed = listedImages(y, (p) => listTexts.get(p), files);
  const layout = ultralyticsItems(list, y, listed, new Set(listTexts.keys()));
  warnUnused(layout, yamlFile, readContext(options));
  const reader: ItemReader = {
    tree,
    files,
    meta,
    metaByStem: new Map([...meta].filter(([k]) => k.includes('/')).map(([k, v]) => [stripExtension(k), v])),
    labelCount: y.names.length,
    namesFile: metaNames ? META_FILE : yamlFile,
    kpt: y.kpt,
    obb: y.obb,
  };
  return readerSource(options, {
    categories: categoriesOf(y),
    entries: layout.items,
    where: (plan) => plan.labelFile,
    make: (plan) => makeItem(reader, plan),
  });
}
