/**
 * Reader and writer options described by data (loaders.gl style): each format lists its options with a
 * type, a default, the allowed values and a one-line doc. Their TypeScript types derive from that object
 * (`OptionValues<typeof spec>`), the CLI checks `--option`/`--read-option` against it, and
 * `labelport formats <id>` prints it.
 */
import { DatasetError } from './errors.js';

/** An option's type. */
export type OptionType = 'boolean' | 'number' | 'integer' | 'string' | 'string[]';

/** One option described as data: type, default, allowed values and a one-line doc. */
export interface OptionSpec {
  type: OptionType;
  /** One line: what the option does. */
  doc: string;
  default?: boolean | number | string | readonly string[];
  /** For 'string' and 'string[]': the values allowed (any string when absent). */
  values?: readonly string[];
  /** Must be given (operations' parameters; a format's options all have defaults). */
  required?: boolean;
  /** Other names it answers to (Datumaro's names: `id` for `ids`). */
  aliases?: readonly string[];
}

/** Options by name. */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

type ValueOf<S extends OptionSpec> = S extends { type: 'boolean' }
  ? boolean
  : S extends { type: 'number' | 'integer' }
    ? number
    : S extends { type: 'string[]'; values: readonly (infer V)[] }
      ? V[]
      : S extends { type: 'string[]' }
        ? string[]
        : S extends { values: readonly (infer V)[] }
          ? V
          : string;

/** The options object a reader or writer takes, from its description. */
export type OptionValues<S extends OptionSpecs> = { -readonly [K in keyof S]?: ValueOf<S[K]> };

/** A format's options: those its reader takes and those its writer takes. */
export interface FormatOptions {
  read?: OptionSpecs;
  write?: OptionSpecs;
}

function describe(specs: OptionSpecs): string {
  const names = Object.keys(specs);
  return names.length ? `valid options: ${names.join(', ')}` : 'it takes no options';
}

/**
 * A value given for option `name` (text from a command line, or a typed value from a program) as the
 * spec's type: `yes`/`1`/`true` for booleans, numbers, comma-separated lists, one of `values`. An
 * ill-typed value is DatasetError('bad-option') `option 'name': why` (`what` replaces `option`).
 */
export function coerceOption(name: string, spec: OptionSpec, raw: unknown, what = 'option'): unknown {
  const bad = (why: string) => new DatasetError('bad-option', `${what} '${name}': ${why}`);
  switch (spec.type) {
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === '1' || raw === 'yes') return true;
      if (raw === 'false' || raw === '0' || raw === 'no') return false;
      throw bad(`expected true or false, got '${String(raw)}'`);
    case 'number':
    case 'integer': {
      const n =
        typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(n)) throw bad(`expected a number, got '${String(raw)}'`);
      if (spec.type === 'integer' && !Number.isInteger(n))
        throw bad(`expected an integer, got '${String(raw)}'`);
      return n;
    }
    case 'string[]': {
      const list = Array.isArray(raw)
        ? raw.map(String)
        : String(raw)
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== '');
      for (const v of list)
        if (spec.values && !spec.values.includes(v))
          throw bad(`'${v}' is not one of ${spec.values.join(', ')}`);
      return list;
    }
    default: {
      if (typeof raw !== 'string') throw bad(`expected text, got ${typeof raw}`);
      if (spec.values && !spec.values.includes(raw))
        throw bad(`'${raw}' is not one of ${spec.values.join(', ')}`);
      return raw;
    }
  }
}

/**
 * Checks options given by a user (the CLI gives strings; a program may give typed values) against a
 * format's description: an unknown name or an ill-typed value is DatasetError('bad-option') naming the
 * valid ones. Returns the values with their types. Names may be given in kebab-case (`label-map`).
 */
export function checkOptions(
  specs: OptionSpecs | undefined,
  given: Record<string, unknown>,
  what: string,
): Record<string, unknown> {
  const all = specs ?? {};
  const out: Record<string, unknown> = {};
  for (const [rawName, value] of Object.entries(given)) {
    const camel = rawName.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const [name, spec] = optionNamed(all, camel) ?? [camel, undefined];
    if (!spec) throw new DatasetError('bad-option', `${what} has no option '${rawName}'; ${describe(all)}`);
    out[name] = coerceOption(rawName, spec, value);
  }
  for (const [name, spec] of Object.entries(all)) {
    if (spec.required && out[name] === undefined)
      throw new DatasetError('bad-option', `${what} needs option '${name}' (${spec.doc})`);
  }
  return out;
}

/** The option a key names, by its own name or one of its aliases (`undefined` when none does). */
export function optionNamed(specs: OptionSpecs, key: string): [string, OptionSpec] | undefined {
  const own = Object.hasOwn(specs, key) ? specs[key] : undefined;
  if (own) return [key, own];
  for (const [name, spec] of Object.entries(specs)) if (spec.aliases?.includes(key)) return [name, spec];
  return undefined;
}

/** One line per option, for help text: `name (type, default x): doc [values: a|b]`. */
export function describeOptions(specs: OptionSpecs | undefined): string[] {
  return Object.entries(specs ?? {}).map(([name, s]) => {
    const dflt = s.default === undefined ? '' : `, default ${JSON.stringify(s.default)}`;
    const values = s.values ? ` [${s.values.join('|')}]` : '';
    const required = s.required ? ' (required)' : '';
    const also = s.aliases?.length ? ` (also ${s.aliases.join(', ')})` : '';
    return `${name} (${s.type}${dflt}): ${s.doc}${values}${required}${also}`;
  });
}

/** The options every reader takes (ReadOptions), as data: `--read-option lenient=true` is `--lenient`. */
export const COMMON_READ_OPTIONS = {
  lenient: { type: 'boolean', default: false, doc: 'skip bad records (with a warning) instead of failing' },
} as const satisfies OptionSpecs;

/** The options every writer takes (WriteOptions), as data. */
export const COMMON_WRITE_OPTIONS = {
  saveMedia: {
    type: 'boolean',
    default: false,
    doc: 'write the media (images) too, where the format can hold them',
  },
} as const satisfies OptionSpecs;
