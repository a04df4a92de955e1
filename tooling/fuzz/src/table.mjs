/** The summary of a run: one row per format, a total, then the signatures found. */
export function printTable(summary) {
  const cols = ['cases', 'ok', 'error', 'crash', 'hang', 'oom'];
  const rows = Object.entries(summary.stats).sort(([a], [b]) => a.localeCompare(b));
  const total = Object.fromEntries(cols.map((k) => [k, rows.reduce((n, [, s]) => n + s[k], 0)]));
  const head = `| format | ${cols.map((c) => (c === 'error' ? 'DatasetError' : c === 'oom' ? 'OOM' : c)).join(' | ')} |`;
  console.log(`seed ${summary.seed}, ${summary.cases} cases in ${summary.seconds.toFixed(0)} s\n`);
  console.log(head);
  console.log(`| --- | ${cols.map(() => '---:').join(' | ')} |`);
  for (const [f, s] of rows) console.log(`| ${f} | ${cols.map((k) => s[k]).join(' | ')} |`);
  console.log(`| **all** | ${cols.map((k) => `**${total[k]}**`).join(' | ')} |`);
  if (summary.findings.length > 0) {
    console.log('\nSignatures:');
    for (const f of summary.findings) console.log(`- ${f.signature} x${f.count}: ${f.message}\n  ${f.dir}`);
  }
}
