import type { OptionSpec, OptionSpecs } from '@labelport/core';

// TODO(core): export the lookup checkOptions does (its private aliasOf): the option a key names, by
// its own name or one of its aliases. Ops cannot use checkOptions itself: transform parameters repeat
// (`-p label=a -p label=b`), take free keys (`-p person=human`) and keep Datumaro's snake_case names.
/** The option a key names: its own name, or one of its aliases. */
export function optionNamed(specs: OptionSpecs, key: string): [string, OptionSpec] | undefined {
  const own = Object.hasOwn(specs, key) ? specs[key] : undefined;
  if (own) return [key, own];
  for (const [name, spec] of Object.entries(specs)) if (spec.aliases?.includes(key)) return [name, spec];
  return undefined;
}
