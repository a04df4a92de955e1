import { accountOfSource, type DatasetSource, validateDataset } from '@labelport/core';
import { openDataset } from '../io.js';
import { createProgress } from '../progress.js';
import { unusedLine } from '../summarize.js';
import { count } from '../words.js';

/** Structural checks; exits 1 when there are errors. */
export async function validateCommand(
  path: string,
  opts: { input?: string; json?: boolean; allowEmpty?: boolean; readOption: string[] },
): Promise<number> {
  const { format, source } = await openDataset(path, opts.input, opts.readOption);
  const progress = createProgress('validating');
  let result: Awaited<ReturnType<typeof validateDataset>>;
  try {
    result = await validateDataset(withProgress(source, progress.update));
  } finally {
    progress.done();
  }
  const accounted = accountOfSource(source);
  const unusedFiles = accounted && (await (opts.allowEmpty ? accounted.files() : accounted.verify())).unused;
  if (opts.json) console.log(JSON.stringify({ format: format.id, ...result, unusedFiles }, null, 2));
  else {
    if (unusedFiles?.length) console.error(`warning: ${unusedLine(unusedFiles)}`);
    for (const i of result.issues) {
      console.log(
        `${i.severity}: ${i.subset}/${i.item}${i.annotation !== undefined ? ` annotation ${i.annotation}` : ''}: ${i.message} [${i.code}]`,
      );
    }
    console.log(
      `${format.id}: ${count(result.items, 'item')}, ${count(result.errors, 'error')}, ${count(result.warnings, 'warning')}`,
    );
  }
  return result.errors > 0 ? 1 : 0;
}

/** The source, calling `update` after each item (validate reads each item once). */
function withProgress(source: DatasetSource, update: (done: number, total?: number) => void): DatasetSource {
  return {
    ...source,
    async *items() {
      let done = 0;
      for await (const item of source.items()) {
        yield item;
        update(++done, source.size);
      }
    },
  };
}
