import { type ConflictPolicy, describeOpReport, merge } from '@labelport/ops';
import { openDataset } from '../io.js';
import { registry } from '../registry.js';
import { writeOutput } from './ops-output.js';

export async function mergeCommand(
  paths: string[],
  opts: {
    output: string;
    format: string;
    input?: string;
    onConflict: ConflictPolicy;
    overwrite?: boolean;
    json?: boolean;
  },
): Promise<void> {
  const target = registry().get(opts.format);
  const sources = [];
  for (const p of paths) sources.push((await openDataset(p, opts.input, [])).source);
  const result = merge(sources, { onConflict: opts.onConflict });
  await writeOutput(result.source, target, opts.output, opts.overwrite, 'merge');
  for (const c of result.conflicts)
    console.error(
      `conflict: ${c.subset}/${c.id}: ${c.detail} (inputs ${c.inputs[0] + 1} and ${c.inputs[1] + 1})`,
    );
  if (opts.json) console.log(JSON.stringify({ report: result.report, conflicts: result.conflicts }, null, 2));
  else console.log(`${describeOpReport(result.report)}; ${result.conflicts.length} conflict(s)`);
}
