/**
 * The rows of CelebA's files, gathered item by item, and what cannot go in them counted: the files
 * start with their row count, so they are written at the end.
 */
import {
  type Annotation,
  type BboxAnnotation,
  type DatasetItem,
  type LabelCategory,
  lostAttributes,
  type PointsAnnotation,
  type ReportBuilder,
} from '@labelport/core';
import {
  ATTRS_FILE,
  BBOX_FILE,
  BBOX_HEADER,
  type CelebaVariant,
  IDENTITY_FILE,
  landmarkHeader,
  PARTITION_FILE,
  PARTITION_SUBSETS,
} from './celeba-files.js';
import { countedText, nameField } from './celeba-lines.js';

const fmt = (n: number) => String(n);

export class CelebaRows {
  private readonly identities: string[] = [];
  private readonly attributeNames: string[] = [];
  private readonly attributeRows: [string, Record<string, boolean>][] = [];
  private readonly boxes: string[] = [];
  private readonly landmarks: string[] = [];
  private pointCount: number | undefined;
  private readonly partition: string[] = [];

  constructor(
    private readonly v: CelebaVariant,
    private readonly labels: readonly LabelCategory[],
    private readonly report: ReportBuilder,
  ) {}

  add(item: DatasetItem, file: string): void {
    const name = nameField(file);
    if (file.includes('"')) this.report.warn(`'${file}': a file name with a quote does not read back`);
    const ids: number[] = [];
    let box: BboxAnnotation | undefined;
    let points: PointsAnnotation | undefined;
    for (const a of item.annotations) {
      if (a.type === 'label') {
        if (a.label !== undefined && this.labels[a.label]) ids.push(a.label);
        else this.report.drop('label', 1, 'a label annotation without a known label is not written');
      } else if (a.type === 'bbox' && this.v.bboxes && !box) box = a;
      else if (a.type === 'points' && !points && this.pointsFit(a)) points = a;
      else this.dropShape(a);
      this.report.drop('attribute', lostAttributes(a.attributes), 'CelebA annotations have no attributes');
    }
    this.identities.push([name, ...ids.map(fmt)].join(' '));
    for (const shape of [box, points]) if (shape) this.checkLabel(shape, ids[0]);
    if (box) this.boxes.push([name, box.x, box.y, box.w, box.h].map(String).join(' '));
    if (points) this.addPoints(name, points);
    this.addAttributes(name, item);
    this.addSubset(name, item.subset);
  }

  private dropShape(a: Annotation): void {
    if (a.type === 'bbox' && this.v.bboxes) this.report.drop('bbox', 1, 'CelebA has one box per image');
    else if (a.type === 'bbox')
      this.report.drop('bbox', 1, `${this.v.id} has no boxes (the aligned images are cropped)`);
    else if (a.type === 'points')
      this.report.drop('points', 1, 'CelebA has one set of landmarks per image, all of one size');
    else
      this.report.drop(
        a.type,
        1,
        `CelebA holds labels, a box and landmarks: ${a.type} annotations are not written`,
      );
  }

  /** Landmarks share the file's header: the first set written fixes the number of points. */
  private pointsFit(a: PointsAnnotation): boolean {
    const n = a.points.length / 2;
    if (n < 1 || !Number.isInteger(n)) return false;
    this.pointCount ??= n;
    return this.pointCount === n;
  }

  private checkLabel(a: BboxAnnotation | PointsAnnotation, identity: number | undefined): void {
    if (a.label !== undefined && a.label !== identity) {
      this.report.drop(
        'annotation label',
        1,
        "a CelebA box or landmark set has its image's (first) identity as its label",
      );
    }
    if (identity === undefined)
      this.report.warn("Datumaro's importer fails on a box or landmarks of an image without an identity");
  }

  private addPoints(name: string, a: PointsAnnotation): void {
    const hidden = a.visibility.filter((v) => v !== 2).length;
    this.report.drop(
      'point visibility',
      hidden,
      'CelebA landmarks are all visible: other visibility is not written',
    );
    this.landmarks.push([name, ...a.points.map(fmt)].join(' '));
  }

  private addAttributes(name: string, item: DatasetItem): void {
    const kept: Record<string, boolean> = {};
    let lost = 0;
    for (const [k, value] of Object.entries(item.attributes)) {
      if (typeof value === 'boolean' && /^\S+$/.test(k)) kept[k] = value;
      else lost++;
    }
    this.report.drop(
      'item attribute',
      lost,
      'CelebA attributes are yes/no (-1/1) with names without spaces: others are not written',
    );
    const names = Object.keys(kept);
    if (names.length === 0) return;
    for (const k of names) if (!this.attributeNames.includes(k)) this.attributeNames.push(k);
    this.attributeRows.push([name, kept]);
  }

  private addSubset(name: string, subset: string): void {
    const i = PARTITION_SUBSETS.indexOf(subset as (typeof PARTITION_SUBSETS)[number]);
    if (i >= 0) this.partition.push(`${name} ${i}`);
    else if (subset !== 'default') {
      this.report.warn(
        `CelebA's partition has train, val and test only: the items of subset '${subset}' read back as default`,
      );
    }
  }

  private attributeText(): string {
    const names = this.attributeNames;
    const rows = this.attributeRows.map(([name, kept]) => {
      if (names.some((k) => kept[k] === undefined)) {
        this.report.warn(
          'an item without one of the attributes others have gets it as -1 (no) in list_attr_celeba.txt',
        );
      }
      return `${name} ${names.map((k) => (kept[k] ? ' 1' : '-1')).join(' ')}`;
    });
    return countedText(names, rows);
  }

  /** The files and their text. */
  files(): [string, string][] {
    const out: [string, string][] = [[IDENTITY_FILE, this.identities.map((r) => `${r}\n`).join('')]];
    if (this.attributeRows.length > 0) out.push([ATTRS_FILE, this.attributeText()]);
    if (this.boxes.length > 0) out.push([BBOX_FILE, countedText(BBOX_HEADER, this.boxes)]);
    if (this.landmarks.length > 0)
      out.push([this.v.landmarksFile, countedText(landmarkHeader(this.pointCount!), this.landmarks)]);
    if (this.partition.length > 0) out.push([PARTITION_FILE, this.partition.map((r) => `${r}\n`).join('')]);
    return out;
  }
}
