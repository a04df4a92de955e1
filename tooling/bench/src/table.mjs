/** Prints a Markdown table of measurements against the floor measured in the same run. */
export function printTable(rows, floorRow) {
  console.log('| run | wall s | peak RSS MiB | time / floor | memory / floor |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const r of [floorRow, ...rows]) {
    const t = (r.seconds / floorRow.seconds).toFixed(2);
    const m = (r.peakMiB / floorRow.peakMiB).toFixed(2);
    console.log(`| ${r.name} | ${r.seconds.toFixed(2)} | ${r.peakMiB.toFixed(0)} | ${t} | ${m} |`);
  }
}
