import {
  type Annotation,
  type AttributeValue,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  type FileTree,
  type LabelAnnotation,
  type Media,
  type ReadContext,
  type ReadOptions,
  readContext,
  readerSource,
  readJson,
  readText,
} from '@labelport/core';
import {
  basename,
  dirname,
  joinPath,
  safeRelativePath,
  splitLines,
  stripExtension,
} from '@labelport/core/files';
import { isObject } from '@labelport/core/json';
import { readImageSize } from '@labelport/core/media';
import { LabelTable } from '@labelport/core/meta';
import {
  ANNOTATIONS_DIR,
  IMAGES_DIR,
  isImage,
  isPairsFile,
  LANDMARKS_FILE,
  META_FILE,
  NEGATIVE,
  PAIRS_FILE,
  PEOPLE_FILE,
  POSITIVE,
} from './lib/lfw-layout.js';
import { imageName, personName } from './lib/lfw-names.js';

export async function detectLfw(ctx: DetectContext) {
  const files = ctx.files
    .map((f) => f.path)
    .filter((p) => isPairsFile(p) && p.split('/').length <= 5)
    .sort((a, b) => a.split('/').length - b.split('/').length);
  if (files.length === 0) ctx.reject('no <subset>/annotations/pairs.txt');
  for (const file of files) {
    const lines = splitLines(await ctx.readHead(file, 2048));
    // Every whole line holds 1 to 4 tab-separated fields.
    const whole = lines.slice(0, Math.max(1, lines.length - 1)).filter((l) => l.trim() !== '');
    if (whole.some((l) => l.split('\t').length > 4)) continue;
    const parts = file.split('/');
    return { confidence: 1, root: parts.length <= 3 ? '' : parts.slice(0, -3).join('/') };
  }
  return ctx.reject('annotations/pairs.txt does not hold tab-separated LFW pairs');
}

/** Label names of dataset_meta.json: `labels`, then `label_map` values (Datumaro's meta file). */
function metaLabels(meta: unknown, file: string): string[] {
  if (!isObject(meta)) throw new DatasetError('bad-json', 'expected an object', { file });
  const out: string[] = [];
  if (Array.isArray(meta.labels)) out.push(...meta.labels.map(String));
  if (isObject(meta.label_map)) out.push(...Object.values(meta.label_map).map(String));
  return [...new Set(out)];
}

async function readMeta(tree: FileTree): Promise<unknown> {
  try {
    return await readJson(tree, META_FILE);
  } catch (e) {
    // V8 quotes the text around a JSON error, newlines and all: keep the message on one line.
    if (e instanceof DatasetError)
      throw new DatasetError(e.code, e.detail.replace(/\s*[\r\n]\s*/g, ' '), {
        file: e.file,
        place: e.place,
        cause: e,
      });
    throw e;
  }
}

interface LfwSubset {
  name: string;
  dir: string;
}

function findSubsets(paths: string[], tree: FileTree): LfwSubset[] {
  const subsets = paths
    .filter((p) => isPairsFile(p) && p.split('/').length <= 3)
    .map((p) => {
      const dir = dirname(dirname(p));
      return { name: dir === '' ? 'default' : basename(dir), dir };
    })
    .sort((a, b) => a.dir.localeCompare(b.dir));
  if (subsets.length === 0)
    throw new DatasetError('bad-layout', 'no <subset>/annotations/pairs.txt found', { file: tree.name });
  return subsets;
}

/** The items of one subset, as pairs.txt and landmarks.txt name them. */
class SubsetReader {
  readonly byId = new Map<string, DatasetItem>();
  private readonly images = new Map<string, string>();

  constructor(
    private readonly subset: LfwSubset,
    private readonly tree: FileTree,
    paths: string[],
    private readonly table: LabelTable,
  ) {
    const imagesDir = joinPath(subset.dir, IMAGES_DIR);
    for (const p of paths) {
      if (p.startsWith(`${imagesDir}/`) && isImage(p))
        this.images.set(stripExtension(p.slice(imagesDir.length + 1)), p);
    }
  }

  /** The label of a person field of the files (escaped by the writer when the name needs it). */
  personOf(field: string): number {
    return this.table.get(personName(field));
  }

  private media(names: string[]): Media {
    for (const n of names) {
      const path = this.images.get(n);
      if (path) {
        const tree = this.tree;
        return { kind: 'image', path, bytes: () => tree.read(path) };
      }
    }
    return { kind: 'image' };
  }

  ensure(id: string, label: number | undefined, ...imageNames: string[]): DatasetItem {
    let item = this.byId.get(id);
    if (!item) {
      item = { id, subset: this.subset.name, media: this.media(imageNames), annotations: [], attributes: {} };
      if (label !== undefined) item.annotations.push({ type: 'label', label, attributes: {} });
      this.byId.set(id, item);
    } else if (label !== undefined) {
      // Met first as a mismatched image of nobody (`-`), then with its person: take the person.
      const ann = item.annotations.find((a) => a.type === 'label');
      if (!ann) item.annotations.unshift({ type: 'label', label, attributes: {} });
      else ann.label ??= label;
    }
    if (item.media && !item.media.path) item.media = this.media(imageNames);
    return item;
  }

  addPair(item: DatasetItem, key: string, image: string, label: number | undefined): void {
    let ann = item.annotations.find((a): a is LabelAnnotation => a.type === 'label');
    if (!ann) {
      ann = { type: 'label', attributes: {} };
      if (label !== undefined) ann.label = label;
      item.annotations.unshift(ann);
    }
    const list = (ann.attributes[key] as unknown as string[] | undefined) ?? [];
    list.push(image);
    ann.attributes[key] = list as unknown as AttributeValue;
  }

  /** One pairs.txt line: an image, a matched pair (3 fields) or a mismatched one (4). */
  pairLine(pair: string[], file: string, line: number): void {
    if (pair.length === 1 && pair[0] !== '') {
      // An image with no pair: `person/image` or `image`.
      const slash = pair[0]!.indexOf('/');
      const rest = pair[0]!.slice(slash + 1);
      if (slash > 0) this.ensure(rest, this.personOf(pair[0]!.slice(0, slash)), pair[0]!, rest);
      else this.ensure(pair[0]!, undefined, pair[0]!);
    } else if (pair.length === 3) {
      const label = this.personOf(pair[0]!);
      const a = imageName(pair[0]!, pair[1]!);
      const b = imageName(pair[0]!, pair[2]!);
      const first = this.ensure(a.id, label, a.image);
      this.ensure(b.id, label, b.image);
      this.addPair(first, POSITIVE, b.image, label);
    } else if (pair.length === 4) {
      const label = this.personOf(pair[0]!);
      const a = imageName(pair[0]!, pair[1]!);
      const nobody = pair[2] === '-';
      const b = nobody ? { image: pair[3]!, id: pair[3]! } : imageName(pair[2]!, pair[3]!);
      const first = this.ensure(a.id, label, a.image);
      this.ensure(b.id, nobody ? undefined : this.personOf(pair[2]!), b.image);
      this.addPair(first, NEGATIVE, b.image, label);
    } else if (pair.length > 4) {
      throw new DatasetError('bad-line', `expected 1 to 4 tab-separated fields, got ${pair.length}`, {
        file,
        place: `line ${line}`,
      });
    }
    // Two fields: the header (folds and pairs per fold).
  }

  /** One landmarks.txt line: an image path, then x y pairs. */
  landmarkLine(text: string, file: string, line: number): void {
    const fields = text.split('\t');
    const place = `line ${line}`;
    const coords = fields
      .slice(1)
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const points = coords.map(Number);
    if (points.some((n) => !Number.isFinite(n)) || points.length % 2 !== 0 || points.length === 0) {
      throw new DatasetError('bad-line', `expected an image then pairs of numbers, got '${text.trim()}'`, {
        file,
        place,
      });
    }
    const path = safeRelativePath(fields[0]!.trim(), { file, place });
    let id = stripExtension(path);
    let label: number | undefined;
    const slash = id.indexOf('/');
    if (slash > 0) {
      label = this.personOf(id.slice(0, slash));
      id = id.slice(slash + 1);
    }
    const item = this.ensure(id, undefined, stripExtension(path), id);
    // Datumaro writes landmark paths without the person's folder: the points are the item's person's.
    label ??= item.annotations.find((a) => a.type === 'label')?.label;
    const ann: Annotation = {
      type: 'points',
      points,
      visibility: points.filter((_, k) => k % 2 === 0).map(() => 2),
      attributes: {},
    };
    if (label !== undefined) ann.label = label;
    item.annotations.push(ann);
  }
}

async function readSubset(
  reader: SubsetReader,
  subset: LfwSubset,
  tree: FileTree,
  pathSet: Set<string>,
  ctx: ReadContext,
): Promise<void> {
  const annDir = joinPath(subset.dir, ANNOTATIONS_DIR);
  const pairsFile = joinPath(annDir, PAIRS_FILE);
  const lines = splitLines(await readText(tree, pairsFile));
  for (let i = 0; i < lines.length; i++) {
    ctx.attempt(() => reader.pairLine(lines[i]!.trim().split('\t'), pairsFile, i + 1));
  }
  const landmarksFile = joinPath(annDir, LANDMARKS_FILE);
  if (!pathSet.has(landmarksFile)) return;
  const lmLines = splitLines(await readText(tree, landmarksFile));
  for (let i = 0; i < lmLines.length; i++) {
    if (lmLines[i]!.trim() !== '') ctx.attempt(() => reader.landmarkLine(lmLines[i]!, landmarksFile, i + 1));
  }
}

/** The people of people.txt (when there is no dataset_meta.json): their labels, in order. */
async function readPeople(tree: FileTree, file: string, reader: SubsetReader): Promise<void> {
  for (const line of splitLines(await readText(tree, file))) {
    const fields = line.trim().split('\t');
    if (fields.length === 2 && fields[0] !== '') reader.personOf(fields[0]!);
  }
}

export async function readLfw(tree: FileTree, options: ReadOptions = {}): Promise<DatasetSource> {
  const ctx = readContext(options);
  const paths = (await tree.list()).map((f) => f.path);
  const pathSet = new Set(paths);
  const subsets = findSubsets(paths, tree);
  const table = new LabelTable();
  const hasMeta = pathSet.has(META_FILE);
  if (hasMeta) for (const n of metaLabels(await readMeta(tree), META_FILE)) table.get(n);
  const items: DatasetItem[] = [];
  for (const subset of subsets) {
    const reader = new SubsetReader(subset, tree, paths, table);
    const peopleFile = joinPath(subset.dir, ANNOTATIONS_DIR, PEOPLE_FILE);
    if (!hasMeta && pathSet.has(peopleFile)) await readPeople(tree, peopleFile, reader);
    await readSubset(reader, subset, tree, pathSet, ctx);
    items.push(...reader.byId.values());
  }
  return readerSource(options, {
    categories: { labels: table.labels },
    entries: items,
    where: (item) => item.media?.path ?? item.id,
    async make(item) {
      const m = item.media;
      if (m?.path && m.width === undefined) {
        const size = await readImageSize(tree, m.path);
        if (size) {
          m.width = size.width;
          m.height = size.height;
        }
      }
      return item;
    },
  });
}
