import { isDatasetError } from '@labelport/core';
import { Command, CommanderError, Option } from 'commander';
import { convertCommand } from './commands/convert.js';
import { detectCommand } from './commands/detect.js';
import { formatsCommand } from './commands/formats.js';
import { infoCommand } from './commands/info.js';
import { addOpsCommands } from './commands/ops-commands.js';
import { validateCommand } from './commands/validate.js';
import { viewCommand } from './commands/view.js';
import { loadPlugins, pluginRefs, takePluginFlags } from './plugins.js';
import { registry, useFormats } from './registry.js';

function formatList(filter: 'read' | 'write'): string {
  const ids = registry()
    .list()
    .filter((f) => Boolean(f[filter]))
    .map((f) => f.id);
  return `\nFormats that can be ${filter === 'read' ? 'read (-i)' : 'written (-f)'}:\n  ${ids.join(', ')}\n`;
}

const readOption = () =>
  new Option(
    '--read-option <key=value...>',
    'an option for the reader, e.g. interpolate=true (repeatable)',
  ).default([]);

export function buildProgram(state: { exit: number } = { exit: 0 }): Command {
  const program = new Command('labelport')
    .description('Read, write, convert, inspect and validate computer-vision dataset annotations.')
    .version('0.1.0')
    .option(
      '--plugin <package-or-path>',
      'load formats from a plugin package (repeatable; also LABELPORT_PLUGINS)',
    )
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) });

  program
    .command('formats [id]')
    .description("list the formats, or show one format's options")
    .option('--json', 'machine-readable output')
    .action(formatsCommand);

  program
    .command('detect <path>')
    .description('say which formats a directory, zip or file is in')
    .option('--json', 'machine-readable output')
    .option('--explain', 'say why each other format was rejected')
    .action(detectCommand);

  program
    .command('info <path>')
    .description('count items, subsets, annotations and labels')
    .option('-i, --input <format>', 'the input format (detected when omitted)')
    .option('--lenient', 'skip bad records instead of failing')
    .option('--allow-empty', 'accept a read that finds no items or no annotations')
    .addOption(readOption())
    .option('--json', 'machine-readable output')
    .action(infoCommand);

  program
    .command('convert <path>')
    .description('convert a dataset to another format')
    .requiredOption('-o, --output <dir>', 'output folder, or a .zip archive')
    .requiredOption('-f, --format <format>', 'the output format')
    .option('-i, --input <format>', 'the input format (detected when omitted)')
    .option('--save-media', 'copy images and other media too')
    .option('--overwrite', 'replace an existing non-empty output folder')
    .option('--strict', 'fail (writing nothing) if anything would be lost')
    .option('--lenient', 'skip bad input records instead of failing')
    .option('--allow-empty', 'accept a read that finds no items or no annotations')
    .option('--report <file>', 'write the conversion report (what was lost) as JSON')
    .addOption(new Option('--option <key=value...>', 'an option for the writer (repeatable)').default([]))
    .addOption(readOption())
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      () =>
        formatList('write') +
        formatList('read') +
        "\nEach format's reader and writer options (--read-option, --option): labelport formats <id>\n",
    )
    .action(convertCommand);

  program
    .command('validate <path>')
    .description('check labels, boxes, shapes and ids')
    .option('-i, --input <format>', 'the input format (detected when omitted)')
    .option('--allow-empty', 'accept a read that finds no items or no annotations')
    .addOption(readOption())
    .option('--json', 'machine-readable output')
    .action(async (path, opts) => {
      state.exit = await validateCommand(path, opts);
    });

  addOpsCommands(program, state);

  program
    .command('view <path>')
    .description('look at a dataset in the browser (served on 127.0.0.1 only)')
    .option('--port <n>', 'the port to listen on (a free one when omitted)')
    .option('--no-open', 'do not open a browser, only print the URL')
    .action(viewCommand);

  return program;
}

/** An error as the user sees it: one line, or with --json one JSON object, on stderr. */
function printError(e: unknown, json: boolean): void {
  const { code, file, place, detail, message } = e as {
    code?: string;
    file?: string;
    place?: string;
    detail?: string;
    message?: string;
  };
  if (json) console.error(JSON.stringify({ error: { code, message: detail ?? message, file, place } }));
  else console.error(`labelport: ${message}`);
}

/**
 * Runs the CLI. Exit codes: 0 ok, 1 the input or output was bad (one line on stderr, no stack), 2 usage.
 */
export async function main(argv: string[]): Promise<number> {
  const state = { exit: 0 };
  const { argv: args, plugins } = takePluginFlags(argv);
  const json = args.includes('--json');
  const program = buildProgram(state);
  if (args.length <= 2) {
    program.outputHelp({ error: true });
    return 2;
  }
  try {
    const refs = pluginRefs(plugins);
    if (refs.length) useFormats(await loadPlugins(refs));
    await program.parseAsync(args);
    return state.exit;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      )
        return 0;
      return 2;
    }
    if (isDatasetError(e)) {
      printError(e, json);
      const { code, file } = e as { code?: string; file?: string };
      return code === 'bad-option' || (code === 'unknown-format' && !file) ? 2 : 1;
    }
    const err = e as NodeJS.ErrnoException;
    if (err?.code && typeof err.code === 'string' && /^E[A-Z]+$/.test(err.code)) {
      printError({ code: err.code, message: err.message, file: err.path }, json);
      return 1;
    }
    printError(
      {
        code: 'internal',
        message: `internal error: ${err?.message ?? String(e)}${process.env.LABELPORT_DEBUG ? `\n${err?.stack}` : ' (set LABELPORT_DEBUG=1 for details)'}`,
      },
      json,
    );
    return 1;
  }
}
