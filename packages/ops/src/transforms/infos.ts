import { DatasetError } from '@labelport/core';
import { mapItems } from '../map-items.js';
import { noteOnce } from '../report.js';
import type { TransformSpec } from './spec.js';

/** An info's value: JSON where the text is JSON (`2024`, `true`, `["a","b"]`, `"quoted"`), else the text. */
function infoValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The infos given: `key=value` pairs, then Datumaro-like `infos=key:value` (the first ':' splits). */
function givenInfos(extra: [string, unknown][], pairs: string[] | undefined): [string, unknown][] {
  const out: [string, unknown][] = extra.map(([k, v]) => [k, infoValue(String(v))]);
  for (const pair of pairs ?? []) {
    const i = pair.indexOf(':');
    if (i <= 0) throw new DatasetError('bad-option', `project_infos: '${pair}' is not key:value`);
    out.push([pair.slice(0, i), infoValue(pair.slice(i + 1))]);
  }
  return out;
}

export const projectInfos: TransformSpec = {
  name: 'project_infos',
  doc: "set the dataset's infos (meta-information: author, description, ...); the items stay as they are",
  params: {
    infos: {
      type: 'string[]',
      aliases: ['i'],
      doc: 'key:value, an info (repeatable; use <key>=<value> for values with commas)',
    },
    overwrite: {
      type: 'boolean',
      default: false,
      aliases: ['o'],
      doc: 'replace the infos with those given (default: add to them, replacing those of the same key)',
    },
  },
  free: {
    key: '<key>',
    type: 'string',
    doc: 'the value of an info (JSON where it parses as JSON, else the text)',
  },
  apply(source, params, report) {
    const given = givenInfos(params.extra, params.values.infos as string[] | undefined);
    const overwrite = params.values.overwrite as boolean;
    const before = source.infos ?? {};
    const infos: Record<string, unknown> = overwrite ? {} : { ...before };
    // defineProperty: a key such as `__proto__` is an info like any other, not the object's prototype
    for (const [k, value] of given)
      Object.defineProperty(infos, k, { value, enumerable: true, writable: true, configurable: true });
    const replaced = [...new Set(given.map(([k]) => k))].filter((k) => Object.hasOwn(before, k));
    const dropped = overwrite ? Object.keys(before).filter((k) => !Object.hasOwn(infos, k)) : [];
    if (given.length) noteOnce(report, `infos set: ${given.map(([k]) => k).join(', ')}`);
    if (replaced.length) noteOnce(report, `infos replaced: ${replaced.join(', ')}`);
    if (dropped.length) noteOnce(report, `infos removed: ${dropped.join(', ')}`);
    const out = mapItems(source, report, (item) => item, source.categories, true);
    out.infos = infos;
    return out;
  },
};
