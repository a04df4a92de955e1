import { DatasetError } from '@labelport/core';
import { diff } from '@labelport/ops';
import { openDataset } from '../io.js';
import { asUsage } from './ops-output.js';

export async function diffCommand(
  a: string,
  b: string,
  opts: { input?: string; json?: boolean; iou: string; exitCode?: boolean },
  state: { exit: number },
): Promise<void> {
  const iou = asUsage(() => {
    const v = Number(opts.iou);
    if (!(v > 0 && v <= 1))
      throw new DatasetError('bad-option', `diff: --iou must be a number in (0, 1], not '${opts.iou}'`);
    return v;
  });
  const left = await openDataset(a, opts.input, []);
  const right = await openDataset(b, opts.input, []);
  const r = await diff(left.source, right.source, { iou });
  if (opts.json) console.log(JSON.stringify(r, null, 2));
  else {
    const n = r.annotations;
    console.log(r.equal ? 'equal' : 'different');
    console.log(
      `items: ${r.itemsShared} shared, ${r.itemsOnlyInA} only in a, ${r.itemsOnlyInB} only in b, ${r.itemsChanged} changed`,
    );
    console.log(
      `annotations: ${n.matched} matched, ${n.changed} changed, ${n.removed} removed, ${n.added} added`,
    );
    if (r.labelsOnlyInA.length || r.labelsOnlyInB.length)
      console.log(
        `labels only in a: ${r.labelsOnlyInA.join(', ') || '-'}; only in b: ${r.labelsOnlyInB.join(', ') || '-'}`,
      );
    for (const id of r.onlyInA.slice(0, 10)) console.log(`- ${id}`);
    for (const id of r.onlyInB.slice(0, 10)) console.log(`+ ${id}`);
    for (const id of r.changed.slice(0, 10)) console.log(`~ ${id}`);
  }
  if (opts.exitCode && !r.equal) state.exit = 1;
}
