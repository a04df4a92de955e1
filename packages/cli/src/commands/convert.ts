import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { COMMON_WRITE_OPTIONS, checkOptions, convert, DatasetError, describeLoss } from '@labelport/core';
import { directorySink, zipSink } from '@labelport/core/node';
import { openDataset, parseKeyValues } from '../io.js';
import { createProgress } from '../progress.js';
import { registry } from '../registry.js';
import { unusedLine } from '../summarize.js';
import { count } from '../words.js';

export interface ConvertFlags {
  output: string;
  format: string;
  input?: string;
  saveMedia?: boolean;
  overwrite?: boolean;
  strict?: boolean;
  lenient?: boolean;
  allowEmpty?: boolean;
  report?: string;
  option: string[];
  readOption: string[];
  json?: boolean;
}

export async function convertCommand(path: string, opts: ConvertFlags): Promise<void> {
  const target = registry().get(opts.format);
  // Options are checked before anything is read or written (a typo is a usage error, exit 2).
  const writeOptions = checkOptions(
    { ...COMMON_WRITE_OPTIONS, ...target.options?.write },
    parseKeyValues(opts.option),
    `the ${target.id} writer`,
  );
  if (opts.report !== undefined) checkReportPath(opts.report);
  const warnings: string[] = [];
  const { format, source } = await openDataset(path, opts.input, opts.readOption, {
    ...(opts.lenient ? { lenient: true } : {}),
    onWarning: (w) => warnings.push(w),
  });
  const sink = /\.zip$/i.test(opts.output)
    ? await zipSink(opts.output, { overwrite: opts.overwrite })
    : await directorySink(opts.output, { overwrite: opts.overwrite });
  const progress = createProgress(`${format.id} -> ${target.id}`);
  let report: Awaited<ReturnType<typeof convert>>;
  try {
    report = await convert(source, target, sink, {
      strict: opts.strict,
      saveMedia: opts.saveMedia,
      onProgress: progress.update,
      onWarning: (w) => warnings.push(w),
      writeOptions,
      allowEmpty: opts.allowEmpty,
    });
  } catch (e) {
    await sink.abort().catch(() => {});
    throw e;
  } finally {
    progress.done();
  }
  for (const w of [...warnings, ...report.warnings]) console.error(`warning: ${w}`);
  if (report.unusedFiles?.length) console.error(`warning: ${unusedLine(report.unusedFiles)}`);
  if (opts.report) writeFileSync(opts.report, `${JSON.stringify(report, null, 2)}\n`);
  if (opts.json) console.log(JSON.stringify(report, null, 2));
  else
    console.log(
      `${format.id} -> ${target.id}: ${count(report.items, 'item')} written to ${opts.output}; ${describeLoss(report)}`,
    );
}

/** `--report` into a folder that is not there fails before anything is read or written. */
function checkReportPath(file: string): void {
  const dir = dirname(resolve(file));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new DatasetError('not-found', 'the folder for --report does not exist', { file });
  }
}
