import {
  type Annotation,
  type AttributeValue,
  type Categories,
  isAttributeValue,
  type ReportBuilder,
} from '@labelport/core';
import { escapeXmlText } from '@labelport/core/files';

/**
 * Attributes that are CVAT's own XML attributes (or track structure), never `<attribute>` elements.
 * `rotation` is one only on boxes and ellipses.
 */
export const BUILTIN_ATTRIBUTES = new Set(['occluded', 'source', 'keyframe', 'outside', 'track_id']);

export const isBuiltin = (ann: { type: string }, name: string, value: AttributeValue) =>
  BUILTIN_ATTRIBUTES.has(name) ||
  (name === 'rotation' && typeof value === 'number' && (ann.type === 'bbox' || ann.type === 'ellipse'));

export { isAttributeValue };

interface SeenAttribute {
  kinds: Set<'boolean' | 'number' | 'string'>;
  numbers: number[];
}

/**
 * What `<meta>` must declare, learnt from a first pass over the items: the attributes each label
 * carries and the type of their values (boolean -> checkbox, number -> number, anything else or a mix
 * -> text), so that reading the file back gives the same typed values.
 */
export class AttributeSurvey {
  private readonly seen = new Map<number, Map<string, SeenAttribute>>();

  add(ann: Annotation): void {
    if (ann.label !== undefined) {
      let m = this.seen.get(ann.label);
      if (!m) {
        m = new Map();
        this.seen.set(ann.label, m);
      }
      for (const [k, v] of Object.entries(ann.attributes)) {
        if (!isAttributeValue(v) || isBuiltin(ann, k, v)) continue;
        let s = m.get(k);
        if (!s) {
          s = { kinds: new Set(), numbers: [] };
          m.set(k, s);
        }
        const kind = typeof v as 'boolean' | 'number' | 'string';
        s.kinds.add(kind);
        if (kind === 'number' && s.numbers.length < 2) s.numbers.push(v as number);
        else if (kind === 'number') {
          s.numbers[0] = Math.min(s.numbers[0]!, v as number);
          s.numbers[1] = Math.max(s.numbers[1]!, v as number);
        }
      }
    }
    if (ann.type === 'skeleton') for (const e of ann.elements) this.add(e);
  }

  /** The attribute declarations of a label: those it names in the categories, then those seen. */
  specs(
    categories: Categories,
    label: number,
    report: ReportBuilder,
  ): { name: string; inputType: string; values: string; defaultValue: string }[] {
    const names = new Set<string>(categories.labels[label]?.attributes ?? []);
    const seen = this.seen.get(label);
    for (const k of seen?.keys() ?? []) names.add(k);
    const out = [];
    for (const name of names) {
      if (BUILTIN_ATTRIBUTES.has(name)) continue;
      const s = seen?.get(name);
      const kinds = s?.kinds ?? new Set();
      if (kinds.size === 1 && kinds.has('boolean')) {
        out.push({ name, inputType: 'checkbox', values: 'false\ntrue', defaultValue: 'false' });
      } else if (kinds.size === 1 && kinds.has('number')) {
        const [lo = 0, hi = lo] = [...s!.numbers].sort((a, b) => a - b);
        const allInts = Number.isInteger(lo) && Number.isInteger(hi);
        out.push({
          name,
          inputType: 'number',
          values: `${lo}\n${hi}\n${allInts ? 1 : 0.01}`,
          defaultValue: String(lo),
        });
      } else {
        if (kinds.size > 1) {
          report.warn(
            `attribute '${name}' of label '${categories.labels[label]?.name}' has values of several types; it is declared as text and reads back as text`,
          );
        }
        out.push({ name, inputType: 'text', values: '', defaultValue: '' });
      }
    }
    return out;
  }
}

const hex = (rgb: [number, number, number]) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;

/** CVAT's skeleton SVG: the points on a circle, with the edges between them. */
function skeletonSvg(points: string[], edges: [number, number][]): string {
  const pos = points.map((_, i) => {
    const t = (2 * Math.PI * i) / Math.max(1, points.length);
    return [50 + 40 * Math.cos(t), 50 + 40 * Math.sin(t)] as const;
  });
  let s = '';
  for (const [a, b] of edges) {
    const p = pos[a];
    const q = pos[b];
    if (!p || !q) continue;
    s += `<line x1="${p[0]}" y1="${p[1]}" x2="${q[0]}" y2="${q[1]}" stroke="black" data-type="edge" data-node-from="${a + 1}" stroke-width="0.5" data-node-to="${b + 1}"></line>`;
  }
  points.forEach((name, i) => {
    const [x, y] = pos[i]!;
    s += `<circle r="1.5" stroke="black" fill="#b3b3b3" cx="${x}" cy="${y}" stroke-width="0.1" data-type="element node" data-element-id="${i + 1}" data-node-id="${i + 1}" data-label-name="${name.replace(/"/g, '&quot;')}"></circle>`;
  });
  return s;
}

export interface TaskMeta {
  name: string;
  size: number;
  mode: 'annotation' | 'interpolation';
  startFrame: number;
  stopFrame: number;
  originalSize?: { width: number; height: number };
}

/** Reports that already count the label parents CVAT cannot keep. */
const parentsReported = new WeakSet<ReportBuilder>();

const element = (name: string, value: string | number, indent: string) =>
  `${indent}<${name}>${escapeXmlText(value)}</${name}>\n`;

interface LabelDeclaration {
  /** The label's index, when it is one of the categories' (a skeleton's undeclared point is not). */
  idx?: number;
  type?: string;
  parent?: string;
  svg?: string;
}

/** One `<label>` of `<meta>`: name, colour, type, attribute declarations, skeleton SVG, parent. */
function labelXml(
  name: string,
  d: LabelDeclaration,
  categories: Categories,
  survey: AttributeSurvey,
  report: ReportBuilder,
): string {
  let s = '        <label>\n';
  s += element('name', name, '          ');
  const rgb = d.idx !== undefined ? categories.colors?.get(d.idx) : undefined;
  if (rgb) s += element('color', hex(rgb), '          ');
  if (d.type) s += element('type', d.type, '          ');
  s += '          <attributes>\n';
  for (const a of d.idx !== undefined ? survey.specs(categories, d.idx, report) : []) {
    s += '            <attribute>\n';
    s += element('name', a.name, '              ');
    s += element('mutable', 'True', '              ');
    s += element('input_type', a.inputType, '              ');
    s += element('default_value', a.defaultValue, '              ');
    s += element('values', a.values, '              ');
    s += '            </attribute>\n';
  }
  s += '          </attributes>\n';
  if (d.svg !== undefined) s += element('svg', d.svg, '          ');
  if (d.parent) s += element('parent', d.parent, '          ');
  return `${s}        </label>\n`;
}

/**
 * The `<label>`s of the categories: a skeleton's points are declared as labels whose parent is the
 * skeleton, as CVAT does; other parents are not kept (counted once per report).
 */
function labelsXml(categories: Categories, survey: AttributeSurvey, report: ReportBuilder): string {
  const labels = categories.labels;
  const declared = new Set(labels.map((l) => `${l.parent ?? ''}\u0000${l.name}`));
  const skeletonNames = new Set<string>();
  for (const [idx] of categories.skeletons ?? []) if (labels[idx]) skeletonNames.add(labels[idx].name);
  const label = (name: string, d: LabelDeclaration) => labelXml(name, d, categories, survey, report);
  let s = '';
  let parents = 0;
  labels.forEach((l, idx) => {
    const skeleton = categories.skeletons?.get(idx);
    if (skeleton) {
      s += label(l.name, { idx, type: 'skeleton', svg: skeletonSvg(skeleton.points, skeleton.edges) });
      // Points the categories name but declare no label for still need one in CVAT's <meta>.
      for (const p of skeleton.points)
        if (!declared.has(`${l.name}\u0000${p}`)) s += label(p, { type: 'points', parent: l.name });
      return;
    }
    if (l.parent && skeletonNames.has(l.parent)) {
      s += label(l.name, { idx, type: 'points', parent: l.parent });
      return;
    }
    if (l.parent) parents++;
    s += label(l.name, { idx });
  });
  // one count and one warning for the whole output, however many subset files declare the labels
  if (parents > 0 && !parentsReported.has(report)) {
    parentsReported.add(report);
    report.drop(
      'label parent',
      parents,
      `CVAT has no label hierarchy: the parents (supercategories) of ${parents} labels are not kept`,
    );
  }
  return s;
}

/** The `<meta>` of a task: the task's numbers, then its labels. */
export function metaXml(
  categories: Categories,
  survey: AttributeSurvey,
  task: TaskMeta,
  report: ReportBuilder,
): string {
  let s = '  <meta>\n    <task>\n';
  s += element('id', '', '      ');
  s += element('name', task.name, '      ');
  s += element('size', task.size, '      ');
  s += element('mode', task.mode, '      ');
  s += element('overlap', 0, '      ');
  s += element('start_frame', task.startFrame, '      ');
  s += element('stop_frame', task.stopFrame, '      ');
  s += element('frame_filter', '', '      ');
  s += element('z_order', 'True', '      ');
  s += `      <labels>\n${labelsXml(categories, survey, report)}      </labels>\n`;
  if (task.originalSize) {
    s += '      <original_size>\n';
    s += element('width', task.originalSize.width, '        ');
    s += element('height', task.originalSize.height, '        ');
    s += '      </original_size>\n';
  }
  return `${s}    </task>\n  </meta>\n`;
}
