import {
  coerceOption,
  DatasetError,
  describeOptions,
  type OptionSpec,
  type OptionSpecs,
  optionNamed,
} from '@labelport/core';

/**
 * Keys that are not parameter names but data (`-p person=human` for remap_labels, `-p train=0.7` for
 * random_split): every key not among the parameters is taken as one, its value read as this spec says.
 */
export interface FreeKeys extends OptionSpec {
  /** How help names such a key: `<label>`, `<subset>`. */
  key: string;
}

export interface ParsedParams {
  values: Record<string, unknown>;
  /** The free keys in the order given. */
  extra: [string, unknown][];
}

export type RawParams = [string, string | number | boolean | string[]][] | Record<string, unknown>;

function invalid(owner: string, message: string): DatasetError {
  return new DatasetError('bad-option', `${owner}: ${message}`);
}

/**
 * Reads `key=value` pairs (or an object) against the specs, values through core's coerceOption (the
 * same types and text forms as format options). A `string[]` parameter may be repeated (the lists
 * join); any other given twice, an unknown key (without free keys) or a missing required one throws.
 */
export function parseParams(
  owner: string,
  specs: OptionSpecs,
  free: FreeKeys | undefined,
  raw: RawParams,
): ParsedParams {
  const pairs: [string, unknown][] = Array.isArray(raw) ? raw : Object.entries(raw);
  const values: Record<string, unknown> = {};
  const extra: [string, unknown][] = [];
  const what = `${owner}: parameter`;
  for (const [key, value] of pairs) {
    const found = optionNamed(specs, key);
    if (found) {
      const [name, spec] = found;
      const list = spec.type === 'string[]';
      if (Object.hasOwn(values, name) && !list) throw invalid(owner, `parameter '${name}' is given twice`);
      const v = coerceOption(key, spec, value, what);
      values[name] =
        list && Array.isArray(values[name]) ? [...(values[name] as string[]), ...(v as string[])] : v;
    } else if (free) {
      extra.push([key, coerceOption(key, free, value, what)]);
    } else {
      const valid = Object.keys(specs);
      throw invalid(
        owner,
        `unknown parameter '${key}'; ${valid.length ? `valid parameters: ${valid.join(', ')}` : 'it takes no parameters'}`,
      );
    }
  }
  for (const [name, s] of Object.entries(specs)) {
    if (Object.hasOwn(values, name)) continue;
    if (s.required) throw invalid(owner, `parameter '${name}' is required (${s.doc})`);
    if (s.default !== undefined) values[name] = s.default;
  }
  return { values, extra };
}

/**
 * Datumaro's `src:dst` pairs (`--label person:human`, `--subset train:.7`) given as a list parameter,
 * after the `key=value` pairs: together, in order. The last ':' splits a pair.
 */
export function withColonPairs(
  owner: string,
  extra: [string, unknown][],
  colonPairs: unknown,
): [string, string][] {
  const out: [string, string][] = extra.map(([k, v]) => [k, String(v)]);
  for (const pair of (colonPairs as string[] | undefined) ?? []) {
    const i = pair.lastIndexOf(':');
    if (i <= 0) throw invalid(owner, `'${pair}' is not src:dst`);
    out.push([pair.slice(0, i), pair.slice(i + 1)]);
  }
  return out;
}

/** `key=value` strings as pairs, in order; a string without '=' is an error. */
export function splitKeyValues(owner: string, pairs: string[]): [string, string][] {
  return pairs.map((p) => {
    const i = p.indexOf('=');
    if (i <= 0) throw invalid(owner, `'${p}' is not key=value`);
    return [p.slice(0, i), p.slice(i + 1)];
  });
}

/**
 * Help text for a list of parameters: core's describeOptions line for each (`name (type, default x):
 * doc [a|b]`), with whether it is required and the other names it answers to, then the free keys.
 */
export function describeParams(specs: OptionSpecs, free?: FreeKeys): string[] {
  const lines = describeOptions(specs);
  if (free) lines.push(...describeOptions({ [free.key]: free }));
  return lines;
}
