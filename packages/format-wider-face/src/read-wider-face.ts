import {
  type Annotation,
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
import { dirname, splitLines, stripExtension } from '@labelport/core/files';
import { readImageSize } from '@labelport/core/media';
import { DATASET_META_FILE, readDatasetMeta } from '@labelport/core/meta';
import { type BbxGtBox, type BbxGtImage, parseBbxGt } from './lib/bbx-gt.js';
import {
  eventLabel,
  FACE,
  IMAGES_DIR,
  LABELS_FILE,
  NO_LABEL,
  SPLIT_DIR,
  SUBSET_DIR,
  subsetOf,
} from './lib/wider-layout.js';

export async function detectWiderFace(ctx: DetectContext) {
  const depth = (p: string) => p.split('/').length;
  const lists = ctx.glob(`**/${SPLIT_DIR}/*.txt`).filter((p) => depth(p) <= 4);
  if (lists.length === 0) ctx.reject(`no ${SPLIT_DIR}/*.txt`);
  const shallowest = lists.sort((a, b) => depth(a) - depth(b))[0]!;
  return { confidence: 1, root: dirname(dirname(shallowest)) };
}

/** The event folders below the subsets' image folders, as labels: 'face' first (Datumaro's rule). */
function eventLabels(paths: Set<string>, subsets: string[]): string[] {
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
  return names.length === 1 ? [] : names;
}

async function readLabelNames(tree: FileTree, paths: Set<string>, subsets: string[]): Promise<string[]> {
  if (paths.has(DATASET_META_FILE)) return [...(await readDatasetMeta(tree, DATASET_META_FILE)).keys()];
  if (paths.has(LABELS_FILE)) return splitLines(await readText(tree, LABELS_FILE)).map((s) => s.trim());
  return eventLabels(paths, subsets);
}

/** The annotation lists of the split folder (the named ones when there are any: not its readme.txt). */
function annotationLists(all: string[], tree: FileTree): string[] {
  const txt = all.filter(
    (p) => p.startsWith(`${SPLIT_DIR}/`) && p.split('/').length === 2 && p.endsWith('.txt'),
  );
  const named = txt.filter((p) =>
    /^wider_face_.+_(?:bbx_gt|filelist)\.txt$/.test(p.slice(SPLIT_DIR.length + 1)),
  );
  const lists = named.length > 0 ? named : txt;
  if (lists.length === 0) throw new DatasetError('bad-layout', `no ${SPLIT_DIR}/*.txt`, { file: tree.name });
  return lists;
}

/** Turns parsed images into items; one list's labels may grow by 'face' (a box with no label list). */
class ItemBuilder {
  constructor(
    private readonly names: string[],
    private readonly ctx: ReadContext,
  ) {}

  private labelIndex(name: string): number | undefined {
    const i = this.names.indexOf(name);
    return i < 0 ? undefined : i;
  }

  private boxLabel(box: BbxGtBox, list: string): number | undefined {
    let label = box.label !== undefined ? this.labelIndex(box.label) : this.labelIndex(FACE);
    if (label === undefined && this.names.length === 0) {
      this.names.push(FACE);
      label = 0;
    }
    if (box.label !== undefined && label === undefined) {
      const err = new DatasetError('unknown-label', `label '${box.label}' is not in the labels`, {
        file: list,
        place: `line ${box.line}`,
      });
      // Not skipped: the box is kept without its label.
      if (this.ctx.policy.annotations !== 'skip') throw err;
      this.ctx.warn(`${err.message}; the box is kept without a label`);
    }
    return label;
  }

  item(image: BbxGtImage, subset: string, list: string, paths: Set<string>, tree: FileTree): DatasetItem {
    let id = stripExtension(image.path);
    const annotations: Annotation[] = [];
    if (id.includes('/')) {
      const event = id.split('/')[0]!;
      const label = eventLabel(event);
      if (label !== NO_LABEL) {
        const index = this.labelIndex(label);
        if (index !== undefined) annotations.push({ type: 'label', label: index, attributes: {} });
      }
      id = id.slice(event.length + 1);
    }
    for (const box of image.boxes) {
      const label = this.boxLabel(box, list);
      annotations.push({
        type: 'bbox',
        x: box.x,
        y: box.y,
        w: box.w,
        h: box.h,
        ...(label === undefined ? {} : { label }),
        attributes: box.attributes,
      });
    }
    const path = `${SUBSET_DIR}${subset}/${IMAGES_DIR}/${image.path}`;
    return {
      id,
      subset,
      media: { kind: 'image', path, bytes: paths.has(path) ? () => tree.read(path) : undefined },
      annotations,
      attributes: {},
    };
  }
}

export async function readWiderFace(tree: FileTree, options: ReadOptions = {}): Promise<DatasetSource> {
  const ctx = readContext(options);
  const all = (await tree.list()).map((f) => f.path);
  const paths = new Set(all);
  const lists = annotationLists(all, tree);
  const subsets = lists.map(subsetOf);
  const names = await readLabelNames(tree, paths, subsets);
  const builder = new ItemBuilder(names, ctx);
  const items: DatasetItem[] = [];
  for (const [k, list] of lists.entries()) {
    const subset = subsets[k]!;
    const seen = new Map<string, number>();
    for (const image of parseBbxGt(splitLines(await readText(tree, list)), list, ctx)) {
      const item = builder.item(image, subset, list, paths, tree);
      const at = seen.get(item.id);
      if (at !== undefined) items[at] = item;
      else {
        seen.set(item.id, items.length);
        items.push(item);
      }
    }
  }
  return readerSource(options, {
    categories: { labels: names.map((name) => ({ name })) },
    entries: items,
    where: (item) => item.media!.path!,
    async make(item) {
      if (!item.media!.bytes) return item;
      const size = await readImageSize(tree, item.media!.path!);
      return { ...item, media: { ...item.media!, width: size?.width, height: size?.height } };
    },
  });
}
