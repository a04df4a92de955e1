/**
 * What convert() makes sure of before a writer sees an item, so that writers never meet (and crash on)
 * values the model does not allow: a media size beyond the pixel limit is refused, and annotations whose
 * label is not a label of the categories, captions that are not text, or attribute values that are not
 * text, numbers or booleans, are taken out and counted.
 */
import { checkPixels, type DatasetLimits } from './limits.js';
import { type Annotation, type Attributes, type DatasetItem, isAttributeValue } from './model.js';
import type { ReportBuilder } from './report.js';

/** Whether an object has an own key (without listing them: this runs for every annotation). */
export function hasKeys(o: object): boolean {
  for (const k in o) if (Object.hasOwn(o, k)) return true;
  return false;
}

function validAttributes(attributes: Attributes, report: ReportBuilder): Attributes {
  let bad = 0;
  for (const k in attributes) if (!isAttributeValue(attributes[k])) bad++;
  if (bad === 0) return attributes;
  report.drop('attribute', bad, 'attribute values that are not a string, number or boolean are not written');
  return Object.fromEntries(Object.entries(attributes).filter(([, v]) => isAttributeValue(v)));
}

/** The item as a writer may take it: checked, with what it cannot be given taken out and counted. */
export function checkedForWriting(
  item: DatasetItem,
  labelCount: number,
  limits: DatasetLimits,
  report: ReportBuilder,
): DatasetItem {
  const { width, height } = item.media ?? {};
  if (width !== undefined || height !== undefined) {
    checkPixels(width ?? 0, height ?? 0, { place: `item '${item.subset}/${item.id}'` }, limits);
  }
  let annotations: Annotation[] | undefined;
  const list = item.annotations;
  for (let i = 0; i < list.length; i++) {
    const a = list[i]!;
    const label = a.label;
    const labelOk = label === undefined || (Number.isInteger(label) && label >= 0 && label < labelCount);
    const captionOk = a.type !== 'caption' || typeof a.caption === 'string';
    const attributes = a.attributes ? validAttributes(a.attributes, report) : {};
    if (labelOk && captionOk && attributes === a.attributes) {
      annotations?.push(a);
      continue;
    }
    annotations ??= list.slice(0, i);
    if (!labelOk)
      report.drop(a.type, 1, 'annotations with a label the categories do not have are not written');
    else if (!captionOk) report.drop('caption', 1, 'captions that are not text are not written');
    else annotations.push({ ...a, attributes });
  }
  const attributes = item.attributes ? validAttributes(item.attributes, report) : {};
  if (!annotations && attributes === item.attributes) return item;
  return { ...item, annotations: annotations ?? item.annotations, attributes };
}

/**
 * For formats whose image ids are global (one annotation file or one row per image id for every
 * subset: VOC, Open Images): a function that claims each item's id for its subset, and says `false` for
 * an item whose id another subset already has. Such an item cannot be written without merging its
 * objects into the other's, so the writer leaves it out; this counts it and its annotations as lost,
 * with one warning.
 */
export function itemIdClaims(formatTitle: string): (item: DatasetItem, report: ReportBuilder) => boolean {
  const subsetOf = new Map<string, string>();
  return (item, report) => {
    const owner = subsetOf.get(item.id);
    if (owner === undefined) subsetOf.set(item.id, item.subset);
    if (owner === undefined || owner === item.subset) return true;
    report.drop('item');
    for (const a of item.annotations) report.drop(a.type);
    report.warn(
      `${formatTitle} keeps one record per image id for all subsets: items whose id is already in another subset are not written`,
    );
    return false;
  };
}
