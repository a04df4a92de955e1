import {
  type BboxAnnotation,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  type FileTree,
  type ReadContext,
  type ReadOptions,
  readContext,
  readerSource,
  readText,
} from '@labelport/core';
import { joinPath, mapConcurrent, READ_AHEAD, splitLines } from '@labelport/core/files';
import { readImageSize } from '@labelport/core/media';
import { LabelTable, readDatasetMeta } from '@labelport/core/meta';
import { boxOf } from './lib/kitti-box.js';
import { parseKittiLine } from './lib/kitti-label-line.js';
import {
  DATASET_META_FILE,
  findKittiLabelSubsets,
  type KittiSubset,
  kittiRoot,
  LABELS_DIR,
} from './lib/kitti-layout.js';

export async function detectKittiDetection(ctx: DetectContext) {
  const { subsets, labels } = findKittiLabelSubsets(ctx.files.map((f) => f.path));
  if (subsets.length === 0) ctx.reject('no label_2/*.txt (nor labels/*.txt, label/*.txt)');
  const standard = labels === LABELS_DIR;
  // `labels/` is also YOLO's folder: sample a few files, and want a named (not numeric) type
  const sample = subsets.flatMap((s) => [...s.annotations.values()]).slice(0, standard ? 1 : 3);
  let lines = 0;
  for (const file of sample) {
    const head = splitLines(await ctx.readHead(file, 1024)).find((l) => l.trim() !== '');
    if (head === undefined) continue;
    let type = '';
    try {
      type = parseKittiLine(head, file, 1).type;
    } catch (e) {
      ctx.reject(`${file} is not a KITTI label file: ${e instanceof Error ? e.message : e}`);
    }
    if (!standard && /^[-+.\d]+$/.test(type)) ctx.reject(`${file} holds numeric class ids, not KITTI types`);
    lines++;
  }
  if (!standard && lines === 0) ctx.reject(`${labels}/ holds only empty files`);
  return { confidence: standard ? 1 : 0.9, root: kittiRoot(subsets) };
}

/** The label of a type: from dataset_meta.json when it has labels (another is an error), else in order of use. */
function labelLookup(table: LabelTable) {
  const fixedLabels = table.size > 0;
  return (name: string, file: string, place: string) => {
    if (fixedLabels && table.find(name) === undefined)
      throw new DatasetError('bad-value', `label '${name}' is not in ${DATASET_META_FILE}`, { file, place });
    return table.get(name);
  };
}

/** The boxes of one label file; a bad line is skipped under the annotation policy. */
function boxesOf(text: string, file: string, labelOf: ReturnType<typeof labelLookup>, ctx: ReadContext) {
  const annotations: BboxAnnotation[] = [];
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const box = ctx.attempt(() => {
      const o = parseKittiLine(lines[i], file, i + 1);
      return boxOf(o, labelOf(o.type, file, `line ${i + 1}`), i);
    });
    if (box) annotations.push(box);
  }
  return annotations;
}

/** Every subset's items: label files read READ_AHEAD at a time, parsed in order (labels in order of use). */
async function itemsOf(
  tree: FileTree,
  subsets: KittiSubset[],
  labelOf: ReturnType<typeof labelLookup>,
  ctx: ReadContext,
) {
  const items: DatasetItem[] = [];
  for (const s of subsets) {
    const files = [...s.annotations].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const read = async ([id, file]: [string, string]) => ({ id, file, text: await readText(tree, file) });
    for await (const { id, file, text } of mapConcurrent(files, READ_AHEAD, read)) {
      const annotations = boxesOf(text, file, labelOf, ctx);
      items.push(withImage({ id, subset: s.name, annotations, attributes: {} }, s.images.get(id), tree));
    }
    for (const [id, image] of s.images) {
      if (!s.annotations.has(id))
        items.push(withImage({ id, subset: s.name, annotations: [], attributes: {} }, image, tree));
    }
  }
  return items;
}

export async function readKittiDetection(tree: FileTree, options: ReadOptions = {}): Promise<DatasetSource> {
  const paths = (await tree.list()).map((e) => e.path);
  const { subsets } = findKittiLabelSubsets(paths);
  if (subsets.length === 0)
    throw new DatasetError('not-found', 'no label_2/*.txt (or labels/*.txt) found', { file: tree.name });
  const metaFile = joinPath(kittiRoot(subsets), DATASET_META_FILE);
  const table = new LabelTable(
    paths.includes(metaFile) ? (await readDatasetMeta(tree, metaFile)).keys() : [],
  );
  // Label names come in order of appearance, so all label files are read up front (they are small).
  const items = await itemsOf(tree, subsets, labelLookup(table), readContext(options));
  const sized = async (item: DatasetItem) => {
    if (item.media?.path) {
      const size = await readImageSize(tree, item.media.path);
      if (size) Object.assign(item.media, { width: size.width, height: size.height });
    }
    return item;
  };
  return readerSource(options, {
    categories: { labels: table.labels },
    // image sizes read READ_AHEAD at a time
    entries: () => mapConcurrent(items, READ_AHEAD, sized),
    total: items.length,
    make: (item) => item,
  });
}

function withImage(item: DatasetItem, image: string | undefined, tree: FileTree): DatasetItem {
  if (image) item.media = { kind: 'image', path: image, bytes: () => tree.read(image) };
  return item;
}
