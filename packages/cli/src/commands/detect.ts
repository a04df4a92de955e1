import { openTree } from '@labelport/core/node';
import { registry } from '../registry.js';

export async function detectCommand(
  path: string,
  opts: { json?: boolean; explain?: boolean },
): Promise<void> {
  const { matches, rejected } = await registry().detect(await openTree(path));
  if (opts.json) {
    console.log(
      JSON.stringify(
        { matches: matches.map(({ id, confidence }) => ({ id, confidence })), rejected },
        null,
        2,
      ),
    );
    return;
  }
  if (matches.length === 0) console.log('no format recognised');
  const top = matches[0]?.confidence;
  for (const m of matches) {
    const tie =
      m.confidence === top && matches.filter((x) => x.confidence === top).length > 1 ? '  (ambiguous)' : '';
    console.log(`${m.id}  ${m.confidence.toFixed(2)}${m.root ? `  at ${m.root}` : ''}${tie}`);
  }
  if (opts.explain) {
    console.log('\nrejected:');
    for (const r of rejected) console.log(`  ${r.id}: ${r.reason}`);
  }
}
