/**
 * Labelbox classifications, read in both of Labelbox's shapes and written back in either:
 *   export v2:  { name, value, radio_answer: { name, value, classifications: [...] } }
 *               { name, value, checklist_answers: [{ name, value, classifications }] }
 *               { name, value, text_answer: { content } }
 *   import:     { name, answer: { name, classifications? } } | { name, answer: [{ name }] } |
 *               { name, answer: "text" }  (the SDK's NDJsonConverter; `answers` of older files too)
 * Nested in an object they are the annotation's attributes: a radio's answer, a checklist's answers
 * joined with ", ", a text; classifications under an answer are flattened beside them. What kind each
 * question is, and under which answer it hangs, is kept in `Kinds` (the dataset's infos) so that a
 * writer can build the same questions again.
 */
import type { Attributes, AttributeValue } from '@labelport/core';
import { badField, describeValue, isObject, type JsonObject, optionalList } from '@labelport/core/json';

export type Kind = 'radio' | 'checklist' | 'text';

/** What a question is: its kind, and the question and answer it hangs under (nested classifications). */
export interface KindInfo {
  kind: Kind;
  parent?: string;
  answer?: string;
}

/** Questions met while reading, by name (the first meeting decides). */
export class Kinds {
  readonly map = new Map<string, KindInfo>();

  note(name: string, kind: Kind, under?: [string, string]): void {
    if (this.map.has(name)) return;
    this.map.set(name, under ? { kind, parent: under[0], answer: under[1] } : { kind });
  }

  toJson(): Record<string, KindInfo> {
    return Object.fromEntries(this.map);
  }

  /** The kinds a dataset's `infos.labelbox.classifications` gives. */
  static of(infos: Record<string, unknown> | undefined): Map<string, KindInfo> {
    const lb = isObject(infos?.labelbox) ? infos.labelbox : {};
    const raw = isObject(lb.classifications) ? lb.classifications : {};
    const out = new Map<string, KindInfo>();
    for (const [name, v] of Object.entries(raw)) {
      if (!isObject(v) || (v.kind !== 'radio' && v.kind !== 'checklist' && v.kind !== 'text')) continue;
      const info: KindInfo = { kind: v.kind };
      if (typeof v.parent === 'string' && typeof v.answer === 'string')
        Object.assign(info, { parent: v.parent, answer: v.answer });
      out.set(name, info);
    }
    return out;
  }
}

export interface Answer {
  name: string;
  classifications: unknown[];
  place: string;
}

export interface Classification {
  name: string;
  kind: Kind;
  answers: Answer[];
  text?: string;
  featureId?: string;
  confidence?: number;
}

function answerOf(raw: unknown, file: string, place: string): Answer {
  if (!isObject(raw) || typeof raw.name !== 'string') {
    return badField(
      file,
      place,
      `an answer needs a name, got ${describeValue(isObject(raw) ? raw.name : raw)}`,
    );
  }
  return { name: raw.name, classifications: optionalList(raw, 'classifications', file, place), place };
}

/** The answers of a classification (either shape), or undefined for a kind not read here. */
function answersOf(
  c: JsonObject,
  file: string,
  place: string,
): { kind: Kind; answers: Answer[]; text?: string } | undefined {
  const list = (key: string, v: unknown) =>
    Array.isArray(v)
      ? v.map((a, i) => answerOf(a, file, `${place}.${key}[${i}]`))
      : badField(file, `${place}.${key}`, `expected a list, got ${describeValue(v)}`);
  if ('radio_answer' in c)
    return { kind: 'radio', answers: [answerOf(c.radio_answer, file, `${place}.radio_answer`)] };
  if ('checklist_answers' in c)
    return { kind: 'checklist', answers: list('checklist_answers', c.checklist_answers) };
  if ('text_answer' in c) {
    const t = c.text_answer;
    if (!isObject(t) || typeof t.content !== 'string')
      badField(file, `${place}.text_answer`, 'expected { "content": text }');
    return { kind: 'text', answers: [], text: t.content as string };
  }
  const a = c.answer ?? c.answers;
  if (typeof a === 'string') return { kind: 'text', answers: [], text: a };
  if (Array.isArray(a)) return { kind: 'checklist', answers: list('answer' in c ? 'answer' : 'answers', a) };
  if (isObject(a)) return { kind: 'radio', answers: [answerOf(a, file, `${place}.answer`)] };
  return undefined;
}

/** One classification of either shape; undefined for kinds not read (dropdowns, conversational ones). */
export function parseClassification(raw: unknown, file: string, place: string): Classification | undefined {
  if (!isObject(raw)) return badField(file, place, `expected an object, got ${describeValue(raw)}`);
  if (typeof raw.name !== 'string')
    return badField(file, place, `a classification needs a name, got ${describeValue(raw.name)}`);
  const answers = answersOf(raw, file, place);
  if (!answers) return undefined;
  const out: Classification = { name: raw.name, ...answers };
  const featureId = raw.feature_id ?? raw.featureId;
  if (typeof featureId === 'string') out.featureId = featureId;
  if (typeof raw.confidence === 'number' && Number.isFinite(raw.confidence)) out.confidence = raw.confidence;
  return out;
}

/** The value of a question as an attribute: its text, or its answers joined with ", ". */
export const valueOfClassification = (c: Classification): string =>
  c.kind === 'text' ? c.text! : c.answers.map((a) => a.name).join(', ');

/** What flattening met: classifications of kinds not read (counted in a warning). */
export interface FlattenEnv {
  kinds: Kinds;
  unread: number;
}

/** Nested classifications flattened into `out` (answers' own classifications beside them). */
export function flatten(
  list: readonly unknown[],
  file: string,
  place: string,
  out: Attributes,
  env: FlattenEnv,
  under?: [string, string],
): void {
  list.forEach((raw, i) => {
    const at = `${place}[${i}]`;
    const c = parseClassification(raw, file, at);
    if (!c) {
      env.unread++;
      return;
    }
    env.kinds.note(c.name, c.kind, under);
    out[c.name] = valueOfClassification(c);
    for (const a of c.answers)
      flatten(a.classifications, file, `${a.place}.classifications`, out, env, [c.name, a.name]);
  });
}

/** The sanitised `value` Labelbox gives a name in exports (`Bounding Box` -> `bounding_box`). */
export const valueOfName = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');

export type Shape = 'import' | 'export';

/** One question as Labelbox's JSON: its answers with their nested questions (`children`). */
export function classificationJson(
  name: string,
  kind: Kind,
  answer: AttributeValue,
  shape: Shape,
  children: (answer: string) => JsonObject[],
): JsonObject {
  const text = String(answer);
  if (kind === 'text') {
    return shape === 'import'
      ? { name, answer: text }
      : { name, value: valueOfName(name), text_answer: { content: text } };
  }
  const names = kind === 'checklist' ? text.split(', ') : [text];
  const answers = names.map((a) => {
    const nested = children(a);
    if (shape === 'export') return { name: a, value: valueOfName(a), classifications: nested };
    return nested.length > 0 ? { name: a, classifications: nested } : { name: a };
  });
  if (shape === 'import') return { name, answer: kind === 'radio' ? answers[0]! : answers };
  return kind === 'radio'
    ? { name, value: valueOfName(name), radio_answer: answers[0] }
    : { name, value: valueOfName(name), checklist_answers: answers };
}

/**
 * Attributes as classifications: each a question of the kind `kinds` gives (text for any other, and
 * for numbers and booleans), nested under the answer it hangs under when that answer is there.
 */
export function attributesJson(
  attributes: Attributes,
  kinds: ReadonlyMap<string, KindInfo>,
  shape: Shape,
  skip: ReadonlySet<string>,
): JsonObject[] {
  const names = Object.keys(attributes).filter((k) => !skip.has(k));
  const nestedUnder = (k: string): string | undefined => {
    const info = kinds.get(k);
    if (!info?.parent || info.answer === undefined || !names.includes(info.parent)) return undefined;
    const parent = kinds.get(info.parent);
    const v = String(attributes[info.parent]);
    const given = parent?.kind === 'checklist' ? v.split(', ') : [v];
    return parent && parent.kind !== 'text' && given.includes(info.answer) ? info.parent : undefined;
  };
  const build = (k: string): JsonObject => {
    const info = kinds.get(k);
    const v = attributes[k]!;
    const kind = info && typeof v === 'string' ? info.kind : 'text';
    const children = (answer: string) =>
      names.filter((c) => nestedUnder(c) === k && kinds.get(c)!.answer === answer).map(build);
    return classificationJson(k, kind, v, shape, children);
  };
  return names.filter((k) => nestedUnder(k) === undefined).map(build);
}
