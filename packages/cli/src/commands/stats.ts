import { writeFileSync } from 'node:fs';
import { StatsCollector, statsHtml } from '@labelport/ops';
import { openDataset } from '../io.js';
import { createProgress } from '../progress.js';
import { formatSummary, summarize } from '../summarize.js';

export async function statsCommand(
  path: string,
  opts: { input?: string; json?: boolean; html?: string },
): Promise<void> {
  const progress = createProgress('reading');
  const warnings: string[] = [];
  const { format, source } = await openDataset(path, opts.input, [], { onWarning: (w) => warnings.push(w) });
  const collector = new StatsCollector(source.categories);
  // One pass: info's own counting, with the statistics collected from the same items.
  const summary = await summarize(format.id, source, progress.update, (item) => collector.add(item));
  progress.done();
  for (const w of warnings) console.error(`warning: ${w}`);
  const stats = collector.result();
  const { labels: _names, mediaWithSize, mediaMissing, ...counts } = summary;
  const { labels, ...distributions } = stats;
  const full = { ...counts, labels, mediaWithSize, mediaMissing, ...distributions };
  if (opts.html) writeFileSync(opts.html, statsHtml({ title: `${path} (${format.id})`, ...full }));
  if (opts.json) {
    console.log(JSON.stringify(full, null, 2));
    return;
  }
  console.log(formatSummary(summary));
  const perLabel = Object.entries(stats.labels).map(
    ([n, t]) => `${n} ${Object.values(t).reduce((a, b) => a + b, 0)}`,
  );
  console.log(`per label:   ${perLabel.join(', ') || '-'}`);
  console.log(`unused:      ${stats.unusedLabels.join(', ') || '-'}`);
  console.log(`empty items: ${stats.itemsWithoutAnnotations}`);
  const q = stats.objectsPerItem;
  if (q) console.log(`per item:    median ${q.median}, p95 ${q.p95}, max ${q.max}`);
  for (const [t, d] of Object.entries(stats.areas))
    console.log(
      `${`${t} area:`.padEnd(12)} median ${d.median.toFixed(1)}, p5 ${d.p5.toFixed(1)}, p95 ${d.p95.toFixed(1)}`,
    );
  if (opts.html) console.log(`wrote ${opts.html}`);
}
