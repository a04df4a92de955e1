import { validateDataset } from '@labelport/core';
import { openDataset } from '../io.js';

/** Structural checks; exits 1 when there are errors. */
export async function validateCommand(
  path: string,
  opts: { input?: string; json?: boolean; readOption: string[] },
): Promise<number> {
  const { format, source } = await openDataset(path, opts.input, opts.readOption);
  const result = await validateDataset(source);
  if (opts.json) console.log(JSON.stringify({ format: format.id, ...result }, null, 2));
  else {
    for (const i of result.issues) {
      console.log(
        `${i.severity}: ${i.subset}/${i.item}${i.annotation !== undefined ? ` annotation ${i.annotation}` : ''}: ${i.message} [${i.code}]`,
      );
    }
    console.log(`${format.id}: ${result.items} items, ${result.errors} errors, ${result.warnings} warnings`);
  }
  return result.errors > 0 ? 1 : 0;
}
