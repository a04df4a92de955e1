/**
 * Label Studio's labeling config (the project's `<View>` XML): which data key holds the image, which
 * control tags there are (their names are the results' `from_name`), and the labels with their colours.
 * An export holds no config; one saved beside it (Settings > Labeling Interface > Code) is read, and
 * the writer writes one beside its tasks, so that a project can be made from it.
 */

import type { DatasetLimits } from '@labelport/core';
import { escapeXmlAttribute, parseXmlTree, type XmlElement } from '@labelport/core/files';

export interface ConfigControl {
  name: string;
  /** The result type it makes, lower case: `rectanglelabels`, `choices`, `textarea`, ... */
  type: string;
  toName: string;
  perRegion: boolean;
}

export interface LabelingConfig {
  /** The `<Image>` tags: name -> data key (`$image` -> `image`). */
  images: Map<string, string>;
  controls: Map<string, ConfigControl>;
  /** Label and choice values in order, with their colours. */
  labels: { name: string; color?: [number, number, number] }[];
}

const LABEL_TAGS = new Set(['Label', 'Choice']);

/** `#rgb` or `#rrggbb` as RGB; anything else (a colour name) is not kept. */
export function parseColor(s: string | undefined): [number, number, number] | undefined {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(s?.trim() ?? '');
  if (!m) return undefined;
  const hex = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

export const colorHex = (c: [number, number, number]) =>
  `#${c
    .map((v) =>
      Math.max(0, Math.min(255, Math.round(v)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;

/** Whether an XML file's text is a labeling config (its root is `<View>`). */
export function isLabelingConfig(text: string): boolean {
  return /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<View[\s>/]/i.test(text);
}

function walk(root: XmlElement, config: LabelingConfig, seen: Set<string>): void {
  // Each element with whether it is inside a per-region control (whose choices are attributes, not labels).
  const stack: [XmlElement, boolean][] = [[root, false]];
  while (stack.length > 0) {
    let [el, perRegion] = stack.pop()!;
    const { name, value, toName } = el.attributes;
    if (LABEL_TAGS.has(el.name)) {
      const label = el.attributes.alias || value;
      if (label && !perRegion && !seen.has(label)) {
        seen.add(label);
        config.labels.push({ name: label, color: parseColor(el.attributes.background) });
      }
    } else if (name && toName) {
      perRegion = el.attributes.perRegion === 'true';
      config.controls.set(name, {
        name,
        type: el.name.toLowerCase(),
        toName: toName.split(',')[0]!.trim(),
        perRegion,
      });
    } else if (el.name === 'Image' && name && value?.startsWith('$')) {
      config.images.set(name, value.slice(1));
    }
    for (let i = el.children.length - 1; i >= 0; i--) stack.push([el.children[i]!, perRegion]);
  }
}

/** The config of an XML text (broken XML is a DatasetError naming the file and line). */
export function parseLabelingConfig(text: string, file: string, limits?: DatasetLimits): LabelingConfig {
  const doc = parseXmlTree(text, file, limits);
  const config: LabelingConfig = { images: new Map(), controls: new Map(), labels: [] };
  walk(doc, config, new Set());
  return config;
}

/** Control tag names by result type, as the config XML spells them. */
const TAG_OF: Record<string, string> = {
  rectanglelabels: 'RectangleLabels',
  polygonlabels: 'PolygonLabels',
  keypointlabels: 'KeyPointLabels',
  ellipselabels: 'EllipseLabels',
  brushlabels: 'BrushLabels',
  choices: 'Choices',
  textarea: 'TextArea',
  number: 'Number',
};

/** The control tags a written dataset uses: name -> result type, and whether it is per region. */
export interface WrittenControl {
  type: string;
  perRegion: boolean;
}

/**
 * A labeling config for written tasks: the image, then each control used, every labelled control
 * listing every label in the categories' order (so that reading it back gives the same label list).
 */
export function formatLabelingConfig(
  image: { name: string; key: string },
  controls: Map<string, WrittenControl>,
  labels: { name: string; color?: [number, number, number] }[],
): string {
  const attr = escapeXmlAttribute;
  const labelLines = (tag: string) =>
    labels.map((l) => {
      const color = l.color ? ` background="${colorHex(l.color)}"` : '';
      return `    <${tag} value="${attr(l.name)}"${color}/>`;
    });
  const lines = ['<View>', `  <Image name="${attr(image.name)}" value="$${attr(image.key)}"/>`];
  for (const [name, c] of controls) {
    const tag = TAG_OF[c.type] ?? 'TextArea';
    const head = `  <${tag} name="${attr(name)}" toName="${attr(image.name)}"`;
    const perRegion = c.perRegion ? ' perRegion="true"' : '';
    if (c.type === 'textarea' || c.type === 'number') {
      lines.push(`${head}${perRegion}/>`);
      continue;
    }
    const multiple = c.type === 'choices' ? ' choice="multiple"' : '';
    lines.push(`${head}${perRegion}${multiple}>`);
    if (c.perRegion && c.type === 'choices')
      lines.push('    <Choice value="true"/>', '    <Choice value="false"/>');
    else lines.push(...labelLines(c.type === 'choices' ? 'Choice' : 'Label'));
    lines.push(`  </${tag}>`);
  }
  lines.push('</View>', '');
  return lines.join('\n');
}
