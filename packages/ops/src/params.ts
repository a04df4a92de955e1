import { DatasetError } from '@labelport/core';

/** A parameter's type: how its text (`-p key=value`) is read. */
export type ParamType = 'string' | 'int' | 'number' | 'bool' | 'list' | 'choice';

/** A parameter described as data: help text and validation derive from it. */
export interface ParamSpec {
  name: string;
  type: ParamType;
  default?: string | number | boolean | string[];
  /** For `choice`: the values allowed. */
  choices?: string[];
  required?: boolean;
  /** Other names it answers to (Datumaro's option names: `id` for `ids`, `attr` for `attributes`). */
  aliases?: string[];
  doc: string;
}

/**
 * Keys that are not parameter names but data (`-p person=human` for remap_labels, `-p train=0.7` for
 * random_split): every key not among `params` is taken as one, with a value of `type`.
 */
export interface FreeKeys {
  /** How help names such a key: `<label>`, `<subset>`. */
  key: string;
  type: ParamType;
  doc: string;
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

function convertValue(
  owner: string,
  key: string,
  type: ParamType,
  raw: unknown,
  choices?: string[],
): unknown {
  const text = Array.isArray(raw) ? raw.join(',') : String(raw);
  switch (type) {
    case 'int':
    case 'number': {
      const n = typeof raw === 'number' ? raw : text.trim() === '' ? Number.NaN : Number(text);
      if (!Number.isFinite(n) || (type === 'int' && !Number.isInteger(n)))
        throw invalid(
          owner,
          `parameter '${key}' expects ${type === 'int' ? 'an integer' : 'a number'}, not '${text}'`,
        );
      return n;
    }
    case 'bool':
      if (raw === true || text === 'true' || text === '1' || text === 'yes') return true;
      if (raw === false || text === 'false' || text === '0' || text === 'no') return false;
      throw invalid(owner, `parameter '${key}' expects true or false, not '${text}'`);
    case 'list':
      return Array.isArray(raw)
        ? raw.map(String)
        : text
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== '');
    case 'choice':
      if (!choices?.includes(text))
        throw invalid(owner, `parameter '${key}' must be one of ${choices?.join(', ')}, not '${text}'`);
      return text;
    default:
      return text;
  }
}

/** Reads `key=value` pairs (or an object) against the specs; an unknown key lists the valid ones. */
export function parseParams(
  owner: string,
  specs: ParamSpec[],
  free: FreeKeys | undefined,
  raw: RawParams,
): ParsedParams {
  const pairs: [string, unknown][] = Array.isArray(raw) ? raw : Object.entries(raw);
  const values: Record<string, unknown> = {};
  const extra: [string, unknown][] = [];
  for (const [key, value] of pairs) {
    const spec = specs.find((s) => s.name === key || s.aliases?.includes(key));
    if (spec) {
      const name = spec.name;
      if (Object.hasOwn(values, name) && spec.type !== 'list')
        throw invalid(owner, `parameter '${name}' is given twice`);
      const v = convertValue(owner, key, spec.type, value, spec.choices);
      values[name] =
        spec.type === 'list' && Array.isArray(values[name])
          ? [...(values[name] as string[]), ...(v as string[])]
          : v;
    } else if (free) {
      extra.push([key, convertValue(owner, key, free.type, value)]);
    } else {
      const valid = specs.map((s) => s.name);
      throw invalid(
        owner,
        `unknown parameter '${key}'; ${valid.length ? `valid parameters: ${valid.join(', ')}` : 'it takes no parameters'}`,
      );
    }
  }
  for (const s of specs) {
    if (Object.hasOwn(values, s.name)) continue;
    if (s.required) throw invalid(owner, `parameter '${s.name}' is required (${s.doc})`);
    if (s.default !== undefined) values[s.name] = s.default;
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

/** Help text for a list of parameters. */
export function describeParams(specs: ParamSpec[], free?: FreeKeys): string[] {
  const lines = specs.map((s) => {
    const type = s.type === 'choice' ? (s.choices ?? []).join('|') : s.type;
    const def =
      s.default === undefined
        ? ''
        : ` (default ${Array.isArray(s.default) ? s.default.join(',') : s.default})`;
    const also = s.aliases?.length ? ` (or ${s.aliases.join(', ')})` : '';
    return `${s.name}=<${type}>${also}${s.required ? ' (required)' : def}: ${s.doc}`;
  });
  if (free) lines.push(`${free.key}=<${free.type}>: ${free.doc}`);
  return lines;
}
