import { DatasetError } from '@labelport/core';
import { checkProportions, describeOpReport, split, splitKeyValues } from '@labelport/ops';
import { openDataset } from '../io.js';
import { asUsage, outputFormat, writeOutput } from './ops-output.js';

/** `-p train=0.7 -p val=0.3` and `--seed`, checked before anything is read. */
function splitPlan(param: string[], seedText: string): { subsets: [string, number][]; seed: number } {
  const pairs = splitKeyValues('split', param.length ? param : ['train=0.67', 'test=0.33']);
  const subsets = pairs.map(([k, v]) => [k, v.trim() === '' ? Number.NaN : Number(v)] as [string, number]);
  checkProportions('split', subsets);
  const seed = Number(seedText);
  if (!Number.isInteger(seed))
    throw new DatasetError('bad-option', `split: --seed must be an integer, not '${seedText}'`);
  return { subsets, seed };
}

export async function splitCommand(
  path: string,
  opts: {
    output: string;
    format?: string;
    input?: string;
    param: string[];
    by: 'label' | 'item';
    seed: string;
    overwrite?: boolean;
    json?: boolean;
  },
): Promise<void> {
  const { subsets, seed } = asUsage(() => splitPlan(opts.param, opts.seed));
  const { format, source } = await openDataset(path, opts.input, []);
  const target = outputFormat(opts.format, format);
  const result = split(source, { subsets, by: opts.by, seed });
  await writeOutput(result.source, target, opts.output, opts.overwrite, 'split');
  if (opts.json) console.log(JSON.stringify({ report: result.report, ...result.summary }, null, 2));
  else {
    console.log(describeOpReport(result.report));
    const counts = Object.entries(result.summary.subsets).map(([k, v]) => `${k} ${v}`);
    console.log(`subsets: ${counts.join(', ')}`);
  }
}
