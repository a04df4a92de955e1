import {
  type Cuboid3dAnnotation,
  DatasetError,
  type DatasetItem,
  type DatasetSource,
  type DetectContext,
  type FileTree,
  limitsOf,
  type ReadOptions,
  readerSource,
  readText,
} from '@labelport/core';
import {
  basename,
  extname,
  joinPath,
  parseXmlTree,
  splitLines,
  type XmlElement,
  xmlChild,
  xmlChildren,
} from '@labelport/core/files';
import { ANNO_FILE, NAME_MAPPING_FILE, OCCLUSION, PCD_DIR, TRUNCATION } from './lib/kitti-raw-layout.js';

export async function detectKittiRaw(ctx: DetectContext) {
  const xml = ctx.glob('**/*.xml').filter((p) => basename(p) === ANNO_FILE || !p.includes('/'));
  for (const p of xml) {
    const head = await ctx.readHead(p, 512);
    if (/<boost_serialization[\s>]/.test(head) && /<tracklets[\s>]/.test(head)) {
      return { confidence: 1, root: p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '' };
    }
  }
  return ctx.reject('no <boost_serialization><tracklets> XML (tracklet_labels.xml)');
}

/** The text of `el`'s child element `key`, if it has one. */
const textOf = (el: XmlElement, key: string): string | undefined => xmlChild(el, key)?.text;

function numberIn(el: XmlElement, key: string, file: string, place: string): number {
  const child = xmlChild(el, key);
  const v = Number(child?.text);
  if (child === undefined || child.text === '' || !Number.isFinite(v)) {
    throw new DatasetError('bad-value', `<${key}> '${child?.text ?? ''}' is not a number`, {
      file,
      place: `line ${(child ?? el).line}, ${place}`,
    });
  }
  return v;
}

/** Datumaro's reading of attribute values: true/false, integers, floats, else the text. */
function attrValue(text: string): string | number | boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?\d+$/.test(text)) return Number(text);
  if (/^-?(\d+\.\d*|\.\d+|\d+)(e[-+]?\d+)?$/i.test(text) && String(Number(text)) === text)
    return Number(text);
  return text;
}

function attributesOf(
  el: XmlElement,
  file: string,
  place: string,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  const attributes = xmlChild(el, 'attributes');
  if (!attributes) return out;
  for (const a of xmlChildren(attributes, 'attribute')) {
    const name = textOf(a, 'name') ?? '';
    if (!name)
      throw new DatasetError('bad-value', 'an attribute has no name', {
        file,
        place: `line ${a.line}, ${place}`,
      });
    out[name] = attrValue(textOf(a, 'value') ?? '');
  }
  return out;
}

/** The cuboids of every tracklet pose in the image, by frame (a track's poses run from its first frame). */
function cuboidsByFrame(
  tracks: XmlElement[],
  labelIndex: Map<string, number>,
  file: string,
): Map<number, Cuboid3dAnnotation[]> {
  const frames = new Map<number, Cuboid3dAnnotation[]>();
  tracks.forEach((t, ti) => {
    const place = `tracklet ${ti}`;
    const label = labelIndex.get(textOf(t, 'objectType') ?? '');
    const scale: [number, number, number] = [
      numberIn(t, 'w', file, place),
      numberIn(t, 'h', file, place),
      numberIn(t, 'l', file, place),
    ];
    const first = numberIn(t, 'first_frame', file, place);
    const common = attributesOf(t, file, place);
    let keyOccluded = false;
    const poses = xmlChild(t, 'poses');
    (poses ? xmlChildren(poses, 'item') : []).forEach((p, pi) => {
      const pp = `${place}, pose ${pi}`;
      const occlusion = xmlChild(p, 'occlusion') ? numberIn(p, 'occlusion', file, pp) : OCCLUSION.unset;
      const truncation = xmlChild(p, 'truncation') ? numberIn(p, 'truncation', file, pp) : TRUNCATION.unset;
      let occluded = occlusion === OCCLUSION.partly || occlusion === OCCLUSION.fully;
      if (textOf(p, 'occlusion_kf') === '1') keyOccluded = occluded;
      else if (occlusion === OCCLUSION.unset) occluded = keyOccluded;
      if (truncation === TRUNCATION.outImage || truncation === TRUNCATION.behindImage) return; // not in this frame
      const cuboid: Cuboid3dAnnotation = {
        type: 'cuboid3d',
        position: [numberIn(p, 'tx', file, pp), numberIn(p, 'ty', file, pp), numberIn(p, 'tz', file, pp)],
        rotation: [numberIn(p, 'rx', file, pp), numberIn(p, 'ry', file, pp), numberIn(p, 'rz', file, pp)],
        scale,
        objectId: ti + 1,
        attributes: { ...common, ...attributesOf(p, file, pp), occluded },
      };
      if (label !== undefined) cuboid.label = label;
      const frame = first + pi;
      const anns = frames.get(frame) ?? [];
      anns.push(cuboid);
      frames.set(frame, anns);
    });
  });
  return frames;
}

/** frame_list.txt: frame number -> item name. */
async function frameNames(tree: FileTree, paths: string[]): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  if (paths.includes(NAME_MAPPING_FILE)) {
    splitLines(await readText(tree, NAME_MAPPING_FILE)).forEach((line, i) => {
      const t = line.trim();
      if (!t || t.startsWith('#')) return;
      const m = /^(\d+)\s+(.+)$/.exec(t);
      if (!m)
        throw new DatasetError('bad-line', "expected 'frame name'", {
          file: NAME_MAPPING_FILE,
          place: `line ${i + 1}`,
        });
      names.set(Number(m[1]), m[2]);
    });
  }
  return names;
}

export async function readKittiRaw(tree: FileTree, options: ReadOptions = {}): Promise<DatasetSource> {
  const paths = (await tree.list()).map((e) => e.path);
  const file =
    paths.find((p) => p === ANNO_FILE) ?? paths.find((p) => extname(p) === '.xml' && !p.includes('/'));
  if (!file) throw new DatasetError('not-found', `no ${ANNO_FILE} found`, { file: tree.name });
  const text = await readText(tree, file);
  const root = parseXmlTree(text, file, limitsOf(options));
  const tracklets = root.name === 'boost_serialization' ? xmlChild(root, 'tracklets') : undefined;
  if (!tracklets)
    throw new DatasetError('bad-xml', 'expected <boost_serialization><tracklets>', {
      file,
      place: `line ${root.line}`,
    });

  const tracks = xmlChildren(tracklets, 'item');
  const labels = [...new Set(tracks.map((t) => textOf(t, 'objectType') ?? ''))]
    .filter((n) => n !== '')
    .sort();
  const labelIndex = new Map(labels.map((n, i) => [n, i]));
  const frames = cuboidsByFrame(tracks, labelIndex, file);

  const names = await frameNames(tree, paths);
  const frameIds = [...new Set([...frames.keys(), ...names.keys()])].sort((a, b) => a - b);
  const items: DatasetItem[] = frameIds.map((frame) => {
    const name = names.get(frame) ?? String(frame).padStart(10, '0');
    const pcd = joinPath(PCD_DIR, `${name}.pcd`);
    const item: DatasetItem = {
      id: name,
      subset: 'default',
      annotations: frames.get(frame) ?? [],
      attributes: { frame },
    };
    item.media = { kind: 'point-cloud', path: pcd, frame };
    if (paths.includes(pcd)) item.media.bytes = () => tree.read(pcd);
    return item;
  });
  return readerSource(options, {
    categories: { labels: labels.map((name) => ({ name })), attributes: ['occluded'] },
    entries: items,
    make: (item) => item,
  });
}
