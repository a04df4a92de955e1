import { openDataset } from '../io.js';
import { createProgress } from '../progress.js';
import { formatSummary, summarize } from '../summarize.js';

export async function infoCommand(
  path: string,
  opts: { input?: string; json?: boolean; lenient?: boolean; allowEmpty?: boolean; readOption: string[] },
): Promise<void> {
  const progress = createProgress('reading');
  const warnings: string[] = [];
  const { format, source } = await openDataset(path, opts.input, opts.readOption, {
    ...(opts.lenient ? { lenient: true } : {}),
    onWarning: (w) => warnings.push(w),
  });
  const summary = await summarize(format.id, source, progress.update, undefined, opts.allowEmpty);
  progress.done();
  for (const w of warnings) console.error(`warning: ${w}`);
  console.log(opts.json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
}
