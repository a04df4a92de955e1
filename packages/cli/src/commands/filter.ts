import { compileExpression, describeOpReport, type FilterMode, filter } from '@labelport/ops';
import { openDataset } from '../io.js';
import { asUsage, outputFormat, writeOutput } from './ops-output.js';

export async function filterCommand(
  path: string,
  opts: {
    output: string;
    format?: string;
    input?: string;
    expression: string;
    mode: FilterMode;
    overwrite?: boolean;
  },
): Promise<void> {
  asUsage(() => compileExpression(opts.expression));
  const { format, source } = await openDataset(path, opts.input, []);
  const target = outputFormat(opts.format, format);
  const { source: out, report } = asUsage(() =>
    filter(source, { expression: opts.expression, mode: opts.mode }),
  );
  await writeOutput(out, target, opts.output, opts.overwrite, 'filter');
  console.log(describeOpReport(report));
}
