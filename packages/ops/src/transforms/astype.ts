import { type Annotation, type AttributeValue, type Categories, DatasetError } from '@labelport/core';
import { withColonPairs } from '../params.js';
import { noteOnce } from '../report.js';
import { itemTransform } from './spec.js';

type Target = 'label' | 'caption';
const TARGETS: readonly Target[] = ['label', 'caption'];

/** `attr:label|caption` pairs, checked; undefined when none is given (every attribute converts). */
function targets(extra: [string, unknown][], pairs: unknown): Map<string, Target> | undefined {
  const given = withColonPairs('astype_annotations', extra, pairs);
  if (given.length === 0) return undefined;
  for (const [name, to] of given)
    if (!(TARGETS as readonly string[]).includes(to))
      throw new DatasetError(
        'bad-option',
        `astype_annotations: '${name}' can become ${TARGETS.join(' or ')}, not '${to}'`,
      );
  return new Map(given as [string, Target][]);
}

/** The labels named `attribute:value`, by name (Datumaro's categorical columns: labels whose parent is the column). */
function valueLabels(categories: Categories): Map<string, number> {
  const out = new Map<string, number>();
  categories.labels.forEach((l, i) => {
    if (l.parent !== undefined && l.name.startsWith(`${l.parent}:`)) out.set(l.name, i);
  });
  return out;
}

/**
 * Datumaro's astype_annotations, on item attributes (a table row's columns): an attribute becomes a
 * label annotation where the dataset has the label `name:value` (parent `name`, as Datumaro names a
 * categorical column's labels), else a caption `name:value`.
 */
export const astypeAnnotations = itemTransform({
  name: 'astype_annotations',
  doc: "turn item attributes (a table row's columns) into annotations: a label where the dataset has the label <name>:<value> (parent <name>), else a caption <name>:<value>",
  params: {
    mapping: {
      type: 'string[]',
      doc: 'attr:label or attr:caption, which attributes become what (repeatable; default: every attribute, a label where there is one)',
    },
  },
  free: { key: '<attr>', type: 'string', values: TARGETS, doc: 'what the attribute becomes' },
  step(source, params, report) {
    const wanted = targets(params.extra, params.values.mapping);
    const labels = valueLabels(source.categories);
    return (item) => {
      const names = Object.keys(item.attributes).filter((k) => !wanted || wanted.has(k));
      if (names.length === 0) return item;
      const attributes: Record<string, AttributeValue> = { ...item.attributes };
      const added: Annotation[] = [];
      for (const name of names) {
        const text = `${name}:${String(item.attributes[name])}`;
        delete attributes[name];
        const label = wanted?.get(name) === 'caption' ? undefined : labels.get(text);
        if (label !== undefined) added.push({ type: 'label', label, attributes: {} });
        else {
          if (wanted?.get(name) === 'label')
            noteOnce(
              report,
              `values without a label <name>:<value> became captions (add the labels first, e.g. -t project_labels)`,
            );
          added.push({ type: 'caption', caption: text, attributes: {} });
        }
      }
      report.annotationsAdded += added.length;
      return { ...item, attributes, annotations: [...item.annotations, ...added] };
    };
  },
});
