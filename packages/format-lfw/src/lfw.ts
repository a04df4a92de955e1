import {
  type Annotation,
  type AttributeValue,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  defineFormat,
  type FileSink,
  type FileTree,
  type IoOptions,
  type LabelAnnotation,
  type Media,
  ReportBuilder,
  readContext,
  readJson,
  readText,
} from '@labelport/core';
import {
  basename,
  dirname,
  extname,
  joinPath,
  safeRelativePath,
  splitLines,
  stripExtension,
} from '@labelport/core/files';
import { IMAGE_EXTENSIONS, mediaExtension, readImageSize, saveMedia } from '@labelport/core/media';
import { LabelTable } from '@labelport/core/meta';
import { imageName, numberFor, personField, personName } from './lib/lfw-names.js';

const ANNOTATIONS_DIR = 'annotations';
const IMAGES_DIR = 'images';
const PAIRS_FILE = 'pairs.txt';
const PEOPLE_FILE = 'people.txt';
const LANDMARKS_FILE = 'landmarks.txt';
const META_FILE = 'dataset_meta.json';
const DEFAULT_IMAGE_EXT = '.jpg';
const POSITIVE = 'positive_pairs';
const NEGATIVE = 'negative_pairs';

const isImage = (p: string) => IMAGE_EXTENSIONS.includes(extname(p));
const isPairsFile = (p: string) =>
  p === `${ANNOTATIONS_DIR}/${PAIRS_FILE}` || p.endsWith(`/${ANNOTATIONS_DIR}/${PAIRS_FILE}`);

async function detectLfw(ctx: DetectContext) {
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
  if (typeof meta !== 'object' || meta === null)
    throw new DatasetError('bad-json', 'expected an object', { file });
  const m = meta as { labels?: unknown; label_map?: unknown };
  const out: string[] = [];
  if (Array.isArray(m.labels)) out.push(...m.labels.map(String));
  if (m.label_map && typeof m.label_map === 'object')
    out.push(...Object.values(m.label_map as Record<string, unknown>).map(String));
  return [...new Set(out)];
}

interface LfwSubset {
  name: string;
  dir: string;
}

async function readLfw(tree: FileTree, options: IoOptions = {}): Promise<DatasetSource> {
  const paths = (await tree.list()).map((f) => f.path);
  const pathSet = new Set(paths);
  const subsets: LfwSubset[] = paths
    .filter((p) => isPairsFile(p) && p.split('/').length <= 3)
    .map((p) => {
      const dir = dirname(dirname(p));
      return { name: dir === '' ? 'default' : basename(dir), dir };
    })
    .sort((a, b) => a.dir.localeCompare(b.dir));
  if (subsets.length === 0)
    throw new DatasetError('bad-layout', 'no <subset>/annotations/pairs.txt found', { file: tree.name });

  const table = new LabelTable();
  /** The label of a person field of the files (escaped by the writer when the name needs it). */
  const personOf = (field: string) => table.get(personName(field));
  const hasMeta = pathSet.has(META_FILE);
  if (hasMeta) {
    let meta: unknown;
    try {
      meta = await readJson(tree, META_FILE);
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
    for (const n of metaLabels(meta, META_FILE)) table.get(n);
  }

  const items: DatasetItem[] = [];
  for (const subset of subsets) {
    const annDir = joinPath(subset.dir, ANNOTATIONS_DIR);
    const peopleFile = joinPath(annDir, PEOPLE_FILE);
    if (!hasMeta && pathSet.has(peopleFile)) {
      for (const line of splitLines(await readText(tree, peopleFile))) {
        const fields = line.trim().split('\t');
        if (fields.length === 2 && fields[0] !== '') personOf(fields[0]);
      }
    }
    const imagesDir = joinPath(subset.dir, IMAGES_DIR);
    const images = new Map<string, string>();
    for (const p of paths) {
      if (p.startsWith(`${imagesDir}/`) && isImage(p))
        images.set(stripExtension(p.slice(imagesDir.length + 1)), p);
    }
    const media = (...names: string[]): Media => {
      for (const n of names) {
        const path = images.get(n);
        if (path) return { kind: 'image', path, bytes: () => tree.read(path) };
      }
      return { kind: 'image' };
    };
    const byId = new Map<string, DatasetItem>();
    const ensure = (id: string, label: number | undefined, ...imageNames: string[]) => {
      let item = byId.get(id);
      if (!item) {
        item = { id, subset: subset.name, media: media(...imageNames), annotations: [], attributes: {} };
        if (label !== undefined) item.annotations.push({ type: 'label', label, attributes: {} });
        byId.set(id, item);
      } else if (label !== undefined) {
        // Met first as a mismatched image of nobody (`-`), then with its person: take the person.
        const ann = item.annotations.find((a) => a.type === 'label');
        if (!ann) item.annotations.unshift({ type: 'label', label, attributes: {} });
        else ann.label ??= label;
      }
      if (item.media && !item.media.path) item.media = media(...imageNames);
      return item;
    };
    const addPair = (item: DatasetItem, key: string, image: string, label: number | undefined) => {
      let ann = item.annotations.find((a): a is LabelAnnotation => a.type === 'label');
      if (!ann) {
        ann = { type: 'label', attributes: {} };
        if (label !== undefined) ann.label = label;
        item.annotations.unshift(ann);
      }
      const list = (ann.attributes[key] as unknown as string[] | undefined) ?? [];
      list.push(image);
      ann.attributes[key] = list as unknown as AttributeValue;
    };

    const pairsFile = joinPath(annDir, PAIRS_FILE);
    const lines = splitLines(await readText(tree, pairsFile));
    for (let i = 0; i < lines.length; i++) {
      const pair = lines[i].trim().split('\t');
      if (pair.length === 1 && pair[0] !== '') {
        // An image with no pair: `person/image` or `image`.
        const slash = pair[0].indexOf('/');
        if (slash > 0)
          ensure(
            pair[0].slice(slash + 1),
            personOf(pair[0].slice(0, slash)),
            pair[0],
            pair[0].slice(slash + 1),
          );
        else ensure(pair[0], undefined, pair[0]);
      } else if (pair.length === 3) {
        const label = personOf(pair[0]);
        const a = imageName(pair[0], pair[1]);
        const b = imageName(pair[0], pair[2]);
        const first = ensure(a.id, label, a.image);
        ensure(b.id, label, b.image);
        addPair(first, POSITIVE, b.image, label);
      } else if (pair.length === 4) {
        const label = personOf(pair[0]);
        const a = imageName(pair[0], pair[1]);
        const b = pair[2] === '-' ? { image: pair[3], id: pair[3] } : imageName(pair[2], pair[3]);
        const first = ensure(a.id, label, a.image);
        ensure(b.id, pair[2] === '-' ? undefined : personOf(pair[2]), b.image);
        addPair(first, NEGATIVE, b.image, label);
      } else if (pair.length > 4) {
        const e = new DatasetError('bad-line', `expected 1 to 4 tab-separated fields, got ${pair.length}`, {
          file: pairsFile,
          place: `line ${i + 1}`,
        });
        if (!options.lenient) throw e;
        options.onWarning?.(e.message);
      }
      // Two fields: the header (folds and pairs per fold).
    }

    const landmarksFile = joinPath(annDir, LANDMARKS_FILE);
    if (pathSet.has(landmarksFile)) {
      const lmLines = splitLines(await readText(tree, landmarksFile));
      for (let i = 0; i < lmLines.length; i++) {
        if (lmLines[i].trim() === '') continue;
        const fields = lmLines[i].split('\t');
        const place = `line ${i + 1}`;
        try {
          const coords = fields
            .slice(1)
            .map((s) => s.trim())
            .filter((s) => s !== '');
          const points = coords.map(Number);
          if (points.some((n) => !Number.isFinite(n)) || points.length % 2 !== 0 || points.length === 0) {
            throw new DatasetError(
              'bad-line',
              `expected an image then pairs of numbers, got '${lmLines[i].trim()}'`,
              {
                file: landmarksFile,
                place,
              },
            );
          }
          const path = safeRelativePath(fields[0].trim(), { file: landmarksFile, place });
          let id = stripExtension(path);
          let label: number | undefined;
          const slash = id.indexOf('/');
          if (slash > 0) {
            label = personOf(id.slice(0, slash));
            id = id.slice(slash + 1);
          }
          const item = ensure(id, undefined, stripExtension(path), id);
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
        } catch (e) {
          readContext(options).skip(e);
        }
      }
    }
    items.push(...byId.values());
  }
  return {
    categories: { labels: table.labels },
    size: items.length,
    async *items() {
      let done = 0;
      for (const item of items) {
        const m = item.media;
        if (m?.path && m.width === undefined) {
          const size = await readImageSize(tree, m.path);
          if (size) {
            m.width = size.width;
            m.height = size.height;
          }
        }
        yield item;
        readContext(options).check();
        options.onProgress?.(++done, items.length);
      }
    },
  };
}

/** A pair list attribute: Datumaro's list of image names (a single name is taken as a list of one). */
function pairList(v: AttributeValue | undefined): string[] | undefined {
  const x = v as unknown;
  if (x === undefined) return undefined;
  if (Array.isArray(x)) return x.map(String);
  if (typeof x === 'string') return x === '' ? [] : [x];
  return undefined;
}

async function writeLfw(source: DatasetSource, out: FileSink, options: IoOptions = {}) {
  const report = new ReportBuilder();
  // Person fields and folders: the label names, escaped where a field or folder cannot hold them.
  const labelNames = source.categories.labels.map((l) => personField(l.name));
  const escaped = source.categories.labels.filter((l, i) => labelNames[i] !== l.name).length;
  if (escaped > 0) {
    report.warn(
      `${escaped} label name(s) hold what an LFW person name cannot ('/', '%', tabs...): written percent-escaped (labelport reads them back; other tools see the escaped name)`,
    );
  }
  const known = new Set(labelNames);
  interface SubsetOut {
    dir: string;
    counts: number[];
    positive: string[];
    negative: string[];
    neutral: string[];
    landmarks: string[];
    included: Set<string>;
  }
  const subsets = new Map<string, SubsetOut>();
  for await (const item of source.items()) {
    report.items++;
    let s = subsets.get(item.subset);
    if (!s) {
      s = {
        dir: safeRelativePath(item.subset),
        counts: labelNames.map(() => 0),
        positive: [],
        negative: [],
        neutral: [],
        landmarks: [],
        included: new Set(),
      };
      subsets.set(item.subset, s);
    }
    if (Object.keys(item.attributes).length > 0)
      report.drop('item attribute', Object.keys(item.attributes).length);
    const labelAnns = item.annotations.filter(
      (a): a is LabelAnnotation => a.type === 'label' && a.label !== undefined && a.label < labelNames.length,
    );
    const label = labelAnns[0];
    if (labelAnns.length > 1) report.drop('label', labelAnns.length - 1);
    for (const a of item.annotations) if (a.type === 'label' && !labelAnns.includes(a)) report.drop('label');
    const person = label ? labelNames[label.label as number] : undefined;
    if (label) s.counts[label.label as number]++;

    if (options.saveMedia) {
      const name = `${safeRelativePath(item.id)}${mediaExtension(item, DEFAULT_IMAGE_EXT)}`;
      await saveMedia(
        item,
        out,
        joinPath(s.dir, IMAGES_DIR, person ? safeRelativePath(person) : '', name),
        report,
      );
    }

    if (person !== undefined && label) {
      const num1 = numberFor(person, item.id);
      if (num1 === undefined)
        report.warn(`${item.id}: an id that is a bare number cannot be told apart from an LFW image number`);
      const n1 = num1 ?? item.id;
      const key = `${person}/${item.id}`;
      const referenced = s.included.has(key);
      s.included.add(key);
      const positive = pairList(label.attributes[POSITIVE]);
      const negative = pairList(label.attributes[NEGATIVE]);
      for (const k of Object.keys(label.attributes)) {
        if (k === POSITIVE ? positive === undefined : k === NEGATIVE ? negative === undefined : true)
          report.drop('attribute');
      }
      for (const p of positive ?? []) {
        const num2 = p.startsWith(`${person}/`) ? numberFor(person, p.slice(person.length + 1)) : undefined;
        if (num2 === undefined) {
          report.drop('positive pair');
          report.warn(
            `${item.id}: positive pairs must name images of the same person ('${person}/...'); '${p}' was left out`,
          );
          continue;
        }
        s.included.add(p);
        s.positive.push(`${person}\t${n1}\t${num2}`);
      }
      for (const p of negative ?? []) {
        const slash = p.indexOf('/');
        const person2 = slash > 0 ? p.slice(0, slash) : undefined;
        const num2 =
          person2 !== undefined && known.has(person2) ? numberFor(person2, p.slice(slash + 1)) : undefined;
        s.included.add(p);
        if (person2 !== undefined && num2 !== undefined)
          s.negative.push(`${person}\t${n1}\t${person2}\t${num2}`);
        else s.negative.push(`${person}\t${n1}\t-\t${p}`);
      }
      if (!positive?.length && !negative?.length && !referenced) s.neutral.push(key);
    } else if (!s.included.has(item.id)) {
      if (item.id.includes('/'))
        report.warn(`${item.id}: an unlabelled id with '/' reads back as labelled by its first folder`);
      s.neutral.push(item.id);
      s.included.add(item.id);
    }

    for (const a of item.annotations) {
      if (a.type === 'label') continue;
      if (a.type !== 'points') {
        report.drop(a.type);
        continue;
      }
      if (a.visibility.some((v) => v !== 2))
        report.drop('point visibility', a.visibility.filter((v) => v !== 2).length);
      if (Object.keys(a.attributes).length > 0) report.drop('attribute', Object.keys(a.attributes).length);
      const pointsPerson =
        a.label !== undefined && a.label < labelNames.length ? labelNames[a.label] : undefined;
      const name = `${pointsPerson !== undefined ? `${pointsPerson}/` : ''}${item.id}${DEFAULT_IMAGE_EXT}`;
      s.landmarks.push(`${name}\t${a.points.join('\t')}`);
    }
    readContext(options).check();
    options.onProgress?.(report.items, source.size);
  }
  for (const s of subsets.values()) {
    const dir = joinPath(s.dir, ANNOTATIONS_DIR);
    const lines = [...s.positive, ...s.negative, ...s.neutral];
    await out.write(joinPath(dir, PAIRS_FILE), lines.map((l) => `${l}\n`).join(''));
    if (s.landmarks.length > 0)
      await out.write(joinPath(dir, LANDMARKS_FILE), s.landmarks.map((l) => `${l}\n`).join(''));
    if (labelNames.length > 0) {
      await out.write(
        joinPath(dir, PEOPLE_FILE),
        labelNames.map((n, i) => `${n}\t${s.counts[i]}\n`).join(''),
      );
    }
  }
  return report.build();
}

export const lfw = defineFormat({
  id: 'lfw',
  title: 'LFW (Labeled Faces in the Wild)',
  extensions: ['.txt'],
  capabilities: {
    annotations: ['label', 'points'],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: false,
  },
  detect: detectLfw,
  read: readLfw,
  write: writeLfw,
});
