import {
  type AttributeValue,
  type DatasetItem,
  type DatasetSource,
  type FileSink,
  type LabelAnnotation,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { joinPath, safeRelativePath } from '@labelport/core/files';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import {
  ANNOTATIONS_DIR,
  DEFAULT_IMAGE_EXT,
  IMAGES_DIR,
  LANDMARKS_FILE,
  NEGATIVE,
  PAIRS_FILE,
  PEOPLE_FILE,
  POSITIVE,
} from './lib/lfw-layout.js';
import { numberFor, personField } from './lib/lfw-names.js';

/** A pair list attribute: Datumaro's list of image names (a single name is taken as a list of one). */
function pairList(v: AttributeValue | undefined): string[] | undefined {
  const x = v as unknown;
  if (x === undefined) return undefined;
  if (Array.isArray(x)) return x.map(String);
  if (typeof x === 'string') return x === '' ? [] : [x];
  return undefined;
}

/** Person fields and folders: the label names, escaped where a field or folder cannot hold them. */
function personFields(source: DatasetSource, report: ReportBuilder): string[] {
  const labelNames = source.categories.labels.map((l) => personField(l.name));
  const escaped = source.categories.labels.filter((l, i) => labelNames[i] !== l.name).length;
  if (escaped > 0) {
    report.warn(
      `${escaped} label name(s) hold what an LFW person name cannot ('/', '%', tabs...): written percent-escaped (labelport reads them back; other tools see the escaped name)`,
    );
  }
  return labelNames;
}

/** The lines of one subset's annotation files. */
class SubsetOut {
  readonly counts: number[];
  readonly positive: string[] = [];
  readonly negative: string[] = [];
  readonly neutral: string[] = [];
  readonly landmarks: string[] = [];
  readonly included = new Set<string>();

  constructor(
    readonly dir: string,
    people: number,
  ) {
    this.counts = new Array<number>(people).fill(0);
  }

  async write(out: FileSink, labelNames: string[]): Promise<void> {
    const dir = joinPath(this.dir, ANNOTATIONS_DIR);
    const lines = [...this.positive, ...this.negative, ...this.neutral];
    await out.write(joinPath(dir, PAIRS_FILE), lines.map((l) => `${l}\n`).join(''));
    if (this.landmarks.length > 0)
      await out.write(joinPath(dir, LANDMARKS_FILE), this.landmarks.map((l) => `${l}\n`).join(''));
    if (labelNames.length > 0) {
      await out.write(
        joinPath(dir, PEOPLE_FILE),
        labelNames.map((n, i) => `${n}\t${this.counts[i]}\n`).join(''),
      );
    }
  }
}

/** Writes items into their subsets' lines. */
class LfwWriter {
  readonly subsets = new Map<string, SubsetOut>();
  private readonly known: Set<string>;

  constructor(
    private readonly labelNames: string[],
    private readonly report: ReportBuilder,
  ) {
    this.known = new Set(labelNames);
  }

  subsetOf(item: DatasetItem): SubsetOut {
    let s = this.subsets.get(item.subset);
    if (!s) {
      s = new SubsetOut(safeRelativePath(item.subset), this.labelNames.length);
      this.subsets.set(item.subset, s);
    }
    return s;
  }

  /** The item's one label (its person); the others are counted. */
  personLabel(item: DatasetItem): LabelAnnotation | undefined {
    const labelAnns = item.annotations.filter(
      (a): a is LabelAnnotation =>
        a.type === 'label' && a.label !== undefined && a.label < this.labelNames.length,
    );
    if (labelAnns.length > 1) this.report.drop('label', labelAnns.length - 1);
    for (const a of item.annotations)
      if (a.type === 'label' && !labelAnns.includes(a)) this.report.drop('label');
    return labelAnns[0];
  }

  personOf(label: LabelAnnotation | undefined): string | undefined {
    return label ? this.labelNames[label.label as number] : undefined;
  }

  /** The item's pairs.txt lines: its pairs, or the item alone (neutral) when it has none. */
  pairs(item: DatasetItem, s: SubsetOut, label: LabelAnnotation | undefined): void {
    const person = this.personOf(label);
    if (person === undefined || !label) {
      if (s.included.has(item.id)) return;
      if (item.id.includes('/'))
        this.report.warn(`${item.id}: an unlabelled id with '/' reads back as labelled by its first folder`);
      s.neutral.push(item.id);
      s.included.add(item.id);
      return;
    }
    s.counts[label.label as number]!++;
    const num1 = numberFor(person, item.id);
    if (num1 === undefined)
      this.report.warn(
        `${item.id}: an id that is a bare number cannot be told apart from an LFW image number`,
      );
    const n1 = num1 ?? item.id;
    const key = `${person}/${item.id}`;
    const referenced = s.included.has(key);
    s.included.add(key);
    const positive = pairList(label.attributes[POSITIVE]);
    const negative = pairList(label.attributes[NEGATIVE]);
    for (const k of Object.keys(label.attributes)) {
      if (k === POSITIVE ? positive === undefined : k === NEGATIVE ? negative === undefined : true)
        this.report.drop('attribute');
    }
    for (const p of positive ?? []) this.positivePair(item, s, person, n1, p);
    for (const p of negative ?? []) this.negativePair(s, person, n1, p);
    if (!positive?.length && !negative?.length && !referenced) s.neutral.push(key);
  }

  private positivePair(item: DatasetItem, s: SubsetOut, person: string, n1: string, p: string): void {
    const num2 = p.startsWith(`${person}/`) ? numberFor(person, p.slice(person.length + 1)) : undefined;
    if (num2 === undefined) {
      this.report.drop(
        'pair',
        1,
        `${item.id}: positive pairs must name images of the same person ('${person}/...'); '${p}' was left out`,
      );
      return;
    }
    s.included.add(p);
    s.positive.push(`${person}\t${n1}\t${num2}`);
  }

  private negativePair(s: SubsetOut, person: string, n1: string, p: string): void {
    const slash = p.indexOf('/');
    const person2 = slash > 0 ? p.slice(0, slash) : undefined;
    const num2 =
      person2 !== undefined && this.known.has(person2) ? numberFor(person2, p.slice(slash + 1)) : undefined;
    s.included.add(p);
    if (person2 !== undefined && num2 !== undefined) s.negative.push(`${person}\t${n1}\t${person2}\t${num2}`);
    else s.negative.push(`${person}\t${n1}\t-\t${p}`);
  }

  /** The item's landmarks.txt lines (its points); other annotation types are counted. */
  landmarks(item: DatasetItem, s: SubsetOut): void {
    for (const a of item.annotations) {
      if (a.type === 'label') continue;
      if (a.type !== 'points') {
        this.report.drop(a.type);
        continue;
      }
      this.report.drop('point visibility', a.visibility.filter((v) => v !== 2).length);
      this.report.drop('attribute', Object.keys(a.attributes).length);
      const pointsPerson =
        a.label !== undefined && a.label < this.labelNames.length ? this.labelNames[a.label] : undefined;
      const name = `${pointsPerson !== undefined ? `${pointsPerson}/` : ''}${item.id}${DEFAULT_IMAGE_EXT}`;
      s.landmarks.push(`${name}\t${a.points.join('\t')}`);
    }
  }
}

export async function writeLfw(
  source: DatasetSource,
  out: FileSink,
  options: WriteOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  const labelNames = personFields(source, report);
  const writer = new LfwWriter(labelNames, report);
  for await (const item of readContext(options).iter(source.items(), source.size)) {
    report.items++;
    const s = writer.subsetOf(item);
    report.drop('item attribute', Object.keys(item.attributes).length);
    const label = writer.personLabel(item);
    if (options.saveMedia) {
      const person = writer.personOf(label);
      const name = `${safeRelativePath(item.id)}${mediaExtension(item, DEFAULT_IMAGE_EXT)}`;
      const path = joinPath(s.dir, IMAGES_DIR, person ? safeRelativePath(person) : '', name);
      await saveMedia(item, out, path, report);
    }
    writer.pairs(item, s, label);
    writer.landmarks(item, s);
  }
  for (const s of writer.subsets.values()) await s.write(out, labelNames);
  return report.build();
}
