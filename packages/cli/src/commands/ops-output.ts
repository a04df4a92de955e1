import {
  type AnyFormat,
  convert,
  DatasetError,
  type DatasetSource,
  describeLoss,
  isDatasetError,
  type WriteReport,
} from '@labelport/core';
import { directorySink, zipSink } from '@labelport/core/node';
import { CommanderError } from 'commander';
import { createProgress } from '../progress.js';
import { registry } from '../registry.js';

/** A usage error of the dataset operations: said on stderr, exit code 2, nothing written. */
export function usageError(message: string): CommanderError {
  console.error(`labelport: ${message}`);
  return new CommanderError(2, 'labelport.usage', message);
}

/** Runs `build`, turning a bad option (an unknown transform, a bad parameter) into a usage error. */
export function asUsage<T>(build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (isDatasetError(e) && (e as DatasetError).code === 'bad-option')
      throw usageError((e as Error).message);
    throw e;
  }
}

/** The format to write: `-f`, else the input's own (when it can be written). */
export function outputFormat(formatId: string | undefined, input: AnyFormat): AnyFormat {
  if (formatId !== undefined) return registry().get(formatId);
  if (!input.write)
    throw new DatasetError(
      'unsupported',
      `the input format '${input.id}' cannot be written; choose one with -f`,
    );
  return input;
}

/**
 * Writes a source to `output` (a folder, or a .zip) in `target`, atomically: a failure leaves nothing.
 * Prints what the target could not keep.
 */
export async function writeOutput(
  source: DatasetSource,
  target: AnyFormat,
  output: string,
  overwrite: boolean | undefined,
  label: string,
): Promise<WriteReport> {
  const sink = /\.zip$/i.test(output)
    ? await zipSink(output, { overwrite })
    : await directorySink(output, { overwrite });
  const progress = createProgress(label);
  try {
    const report = await convert(source, target, sink, { onProgress: progress.update });
    for (const w of report.warnings) console.error(`warning: ${w}`);
    console.log(
      `${label}: ${report.items} items written to ${output} as ${target.id}; ${describeLoss(report)}`,
    );
    return report;
  } catch (e) {
    await sink.abort().catch(() => {});
    throw e;
  } finally {
    progress.done();
  }
}
