/**
 * One annotation file, `<dataset>/ann/<image>.json`, as an item:
 *   { "description": "", "size": { "height", "width" }, "tags": [...], "objects": [...] }
 * (the SDK adds "customBigData"; platform exports give each object and tag ids, logins and dates).
 * Image tags are item attributes, except a tag without a value that is a label (a label annotation)
 * and the `caption` text tag (a caption, as Supervisely's COCO exporter takes it); object tags are the
 * object's attributes, except `@label-group-id` (its label group). A non-empty description is the
 * `description` attribute. A bad object is skipped or fails under the annotation policy.
 */
import {
  type Annotation,
  type AnnotationBase,
  type Attributes,
  DatasetError,
  type DatasetItem,
  type FileTree,
  type ReadContext,
  readJson,
} from '@labelport/core';
import {
  asObject,
  badField,
  isObject,
  optionalInt,
  optionalList,
  optionalString,
  stringField,
} from '@labelport/core/json';
import type { AnnEntry } from './layout.js';
import type { ProjectMeta } from './project-meta.js';
import { type GeometryEnv, geometryOf, type ReadNotes } from './read-geometry.js';
import { CAPTION_TAG, GROUP_TAG, GroupNumbers, numberedGroups, parseTag, tagValue } from './tags.js';

export interface AnnEnv {
  tree: FileTree;
  meta: ProjectMeta;
  ctx: ReadContext;
  holes: 'mask' | 'exterior';
  notes: ReadNotes;
  /** Every file of the tree, to tell whether an image is there. */
  paths: ReadonlySet<string>;
}

interface ItemScope {
  file: string;
  size?: { width: number; height: number };
  groups: GroupNumbers;
}

/** The base of an object's annotations: its class, id, attributes (tags) and label group. */
function objectBase(
  o: Record<string, unknown>,
  label: number,
  place: string,
  scope: ItemScope,
  env: AnnEnv,
): AnnotationBase {
  const { file } = scope;
  const base: AnnotationBase = { label, attributes: {} };
  const id = optionalInt(o, 'id', file, place);
  if (id !== undefined) base.id = id;
  const description = optionalString(o, 'description', file, place);
  if (description) base.attributes.description = description;
  optionalList(o, 'tags', file, place).forEach((raw, j) => {
    const tag = parseTag(raw, file, `${place}.tags[${j}]`);
    if (tag.name === GROUP_TAG) {
      if (tag.value !== null) base.group = scope.groups.of(tag.value);
    } else base.attributes[tag.name] = tagValue(tag, env.meta.tags.get(tag.name));
  });
  return base;
}

/** The annotations of `objects[i]`. */
function objectAnnotations(raw: unknown, i: number, scope: ItemScope, env: AnnEnv): Annotation[] {
  const { file } = scope;
  const place = `objects[${i}]`;
  const o = asObject(raw, file, place);
  const title = stringField(o, 'classTitle', file, place);
  const cls = env.meta.classes.get(title);
  if (!cls)
    throw new DatasetError('unknown-label', `the class '${title}' is not in meta.json`, {
      file,
      place: `${place}.classTitle`,
    });
  const shape =
    cls.shape === 'any'
      ? (optionalString(o, 'geometryType', file, place) ??
        optionalString(o, 'shape', file, place) ??
        badField(file, place, `an object of '${title}' (a class of any shape) needs its geometryType`))
      : cls.shape;
  const base = objectBase(o, cls.label, place, scope, env);
  const genv: GeometryEnv = {
    file,
    place,
    size: scope.size,
    limits: env.ctx.limits,
    holes: env.holes,
    notes: env.notes,
    newGroup: () => scope.groups.of(`\u0000multipolygon ${i}`),
  };
  return geometryOf(o, shape, cls, base, genv);
}

/** The image's tags: labels, a caption, attributes. */
function imageTags(
  doc: Record<string, unknown>,
  file: string,
  env: AnnEnv,
  annotations: Annotation[],
): Attributes {
  const attributes: Attributes = {};
  const description = optionalString(doc, 'description', file, '');
  if (description) attributes.description = description;
  optionalList(doc, 'tags', file, '').forEach((raw, j) => {
    const where = { file, place: `tags[${j}]` };
    const tag = env.ctx.attempt(() => parseTag(raw, file, where.place), where);
    if (!tag) return;
    const meta = env.meta.tags.get(tag.name);
    if (meta?.label !== undefined && tag.value === null)
      annotations.push({ type: 'label', label: meta.label, attributes: {} });
    else if (
      tag.name === CAPTION_TAG &&
      typeof tag.value === 'string' &&
      (!meta || meta.valueType === 'any_string')
    )
      annotations.push({ type: 'caption', caption: tag.value, attributes: {} });
    else attributes[tag.name] = tagValue(tag, meta);
  });
  return attributes;
}

function sizeOf(doc: Record<string, unknown>, file: string): { width: number; height: number } | undefined {
  const size = doc.size;
  if (size === undefined || size === null) return undefined;
  if (!isObject(size)) return badField(file, 'size', 'expected { "height", "width" }');
  const width = optionalInt(size, 'width', file, 'size');
  const height = optionalInt(size, 'height', file, 'size');
  return width !== undefined && height !== undefined ? { width, height } : undefined;
}

/** The item of one annotation file. */
export async function annItem(e: AnnEntry, env: AnnEnv): Promise<DatasetItem> {
  const { file } = e;
  const doc = asObject(await readJson(env.tree, file, env.ctx.limits), file, '');
  if (doc.frames !== undefined)
    throw new DatasetError('unsupported', 'a video annotation (frames): only images projects are read', {
      file,
    });
  const size = sizeOf(doc, file);
  const objects = optionalList(doc, 'objects', file, '');
  const scope: ItemScope = { file, size, groups: new GroupNumbers(numberedGroups(objects)) };
  const annotations: Annotation[] = [];
  const attributes = imageTags(doc, file, env, annotations);
  objects.forEach((raw, i) => {
    const anns = env.ctx.attempt(() => objectAnnotations(raw, i, scope, env), {
      file,
      place: `objects[${i}]`,
    });
    if (anns) annotations.push(...anns);
  });
  const present = env.paths.has(e.image);
  return {
    id: e.id,
    subset: e.subset,
    media: {
      kind: 'image',
      path: e.image,
      width: size?.width,
      height: size?.height,
      bytes: present ? () => env.tree.read(e.image) : undefined,
    },
    annotations,
    attributes,
  };
}
