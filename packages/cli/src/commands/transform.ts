import {
  applyTransforms,
  checkTransforms,
  describeOpReport,
  describeParams,
  splitKeyValues,
  TRANSFORMS,
  type TransformStep,
} from '@labelport/ops';
import { openDataset } from '../io.js';
import { asUsage, outputFormat, usageError, writeOutput } from './ops-output.js';

/**
 * `-t` and `-p` in the order given: each `-p` belongs to the `-t` before it. Commander calls option
 * parsers in argv order, so the chain is built as it parses.
 */
export class TransformChain {
  readonly steps: { name: string; params: string[] }[] = [];
  private stray: string[] = [];

  transform = (name: string) => {
    this.steps.push({ name, params: [] });
    return name;
  };

  param = (pair: string) => {
    const last = this.steps[this.steps.length - 1];
    if (last) last.params.push(pair);
    else this.stray.push(pair);
    return pair;
  };

  /** The steps, checked (names, parameters) before anything is read or written. */
  checked(seed?: number): TransformStep[] {
    if (this.stray.length)
      throw usageError(`-p ${this.stray[0]} comes before any -t: each -p belongs to the -t before it`);
    if (this.steps.length === 0)
      throw usageError(
        `give at least one -t <transform>; valid transforms: ${TRANSFORMS.map((t) => t.name).join(', ')}`,
      );
    return asUsage(() => {
      const steps = this.steps.map((s) => ({ name: s.name, params: splitKeyValues(s.name, s.params) }));
      checkTransforms(steps, { seed });
      return steps;
    });
  }
}

/** The transforms and their parameters, for `transform --help` (derived from the specs). */
export function transformsHelp(): string {
  const blocks = TRANSFORMS.map((t) => {
    const params = describeParams(t.params, t.free).map((l) => `      -p ${l}`);
    const also = t.aliases?.length ? ` (also ${t.aliases.join(', ')})` : '';
    const memory = t.holdsItems ? ' (holds every item)' : t.twoPass ? ' (reads the items twice)' : '';
    return [`  ${t.name}${also}: ${t.doc}${memory}`, ...params].join('\n');
  });
  return `\nTransforms (Datumaro's names), applied in the order given; --seed <n> seeds every one that takes a seed:\n${blocks.join('\n')}\n`;
}

/** `--seed`: an integer, checked before anything is read. */
function seedOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seed = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isInteger(seed)) throw usageError(`transform: --seed must be an integer, not '${text}'`);
  return seed;
}

export async function transformCommand(
  path: string,
  opts: {
    output: string;
    format?: string;
    input?: string;
    overwrite?: boolean;
    json?: boolean;
    seed?: string;
  },
  chain: TransformChain,
): Promise<void> {
  const seed = seedOf(opts.seed);
  const steps = chain.checked(seed);
  const { format, source } = await openDataset(path, opts.input, []);
  const target = outputFormat(opts.format, format);
  const { source: out, reports } = asUsage(() => applyTransforms(source, steps, { seed }));
  await writeOutput(out, target, opts.output, opts.overwrite, 'transform');
  if (opts.json) console.log(JSON.stringify(reports, null, 2));
  else for (const r of reports) console.log(describeOpReport(r));
}
