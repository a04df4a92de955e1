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

/**
 * The `<meta>` of a task: labels with colours, attribute declarations and skeletons (a skeleton's
 * points are declared as labels whose parent is the skeleton, as CVAT does).
 */
/** Reports that already count the label parents CVAT cannot keep. */
const parentsReported = new WeakSet<ReportBuilder>();

export function metaXml(
  categories: Categories,
  survey: AttributeSurvey,
  task: TaskMeta,
  report: ReportBuilder,
): string {
  const t = (name: string, value: string | number, indent: string) =>
    `${indent}<${name}>${escapeXmlText(value)}</${name}>\n`;
  let s = '  <meta>\n    <task>\n';
  s += t('id', '', '      ');
  s += t('name', task.name, '      ');
  s += t('size', task.size, '      ');
  s += t('mode', task.mode, '      ');
  s += t('overlap', 0, '      ');
  s += t('start_frame', task.startFrame, '      ');
  s += t('stop_frame', task.stopFrame, '      ');
  s += t('frame_filter', '', '      ');
  s += t('z_order', 'True', '      ');
  s += '      <labels>\n';
  const labels = categories.labels;
  const declared = new Set(labels.map((l) => `${l.parent ?? ''}\u0000${l.name}`));
  const skeletonNames = new Set<string>();
  for (const [idx] of categories.skeletons ?? []) if (labels[idx]) skeletonNames.add(labels[idx].name);
  const writeLabel = (
    name: string,
    extra: { idx?: number; type?: string; parent?: string; svg?: string },
  ) => {
    s += '        <label>\n';
    s += t('name', name, '          ');
    const rgb = extra.idx !== undefined ? categories.colors?.get(extra.idx) : undefined;
    if (rgb) s += t('color', hex(rgb), '          ');
    if (extra.type) s += t('type', extra.type, '          ');
    s += '          <attributes>\n';
    for (const a of extra.idx !== undefined ? survey.specs(categories, extra.idx, report) : []) {
      s += '            <attribute>\n';
      s += t('name', a.name, '              ');
      s += t('mutable', 'True', '              ');
      s += t('input_type', a.inputType, '              ');
      s += t('default_value', a.defaultValue, '              ');
      s += t('values', a.values, '              ');
      s += '            </attribute>\n';
    }
    s += '          </attributes>\n';
    if (extra.svg !== undefined) s += t('svg', extra.svg, '          ');
    if (extra.parent) s += t('parent', extra.parent, '          ');
    s += '        </label>\n';
  };
  let parents = 0;
  labels.forEach((l, idx) => {
    const skeleton = categories.skeletons?.get(idx);
    if (skeleton) {
      writeLabel(l.name, { idx, type: 'skeleton', svg: skeletonSvg(skeleton.points, skeleton.edges) });
      // Points the categories name but declare no label for still need one in CVAT's <meta>.
      for (const p of skeleton.points) {
        if (!declared.has(`${l.name}\u0000${p}`)) writeLabel(p, { type: 'points', parent: l.name });
      }
      return;
    }
    if (l.parent && skeletonNames.has(l.parent)) {
      writeLabel(l.name, { idx, type: 'points', parent: l.parent });
      return;
    }
    if (l.parent) parents++;
    writeLabel(l.name, { idx });
  });
  // one count and one warning for the whole output, however many subset files declare the labels
  if (parents > 0 && !parentsReported.has(report)) {
    parentsReported.add(report);
    report.drop('label parent', parents);
    report.warn(
      `CVAT has no label hierarchy: the parents (supercategories) of ${parents} labels are not kept`,
    );
  }
  s += '      </labels>\n';
  if (task.originalSize) {
    s += '      <original_size>\n';
    s += t('width', task.originalSize.width, '        ');
    s += t('height', task.originalSize.height, '        ');
    s += '      </original_size>\n';
  }
  s += '    </task>\n  </meta>\n';
  return s;
}
