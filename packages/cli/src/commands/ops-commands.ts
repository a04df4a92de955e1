import { CONFLICT_POLICIES, FILTER_MODES } from '@labelport/ops';
import { type Command, Option } from 'commander';
import { diffCommand } from './diff.js';
import { filterCommand } from './filter.js';
import { mergeCommand } from './merge.js';
import { splitCommand } from './split.js';
import { statsCommand } from './stats.js';
import { TransformChain, transformCommand, transformsHelp } from './transform.js';

const collect = (value: string, previous: string[]) => [...previous, value];

/** The dataset operations (Datumaro's vocabulary): transform, filter, split, merge, stats, diff. */
export function addOpsCommands(program: Command, state: { exit: number }): void {
  addRewritingCommands(program);
  addDatasetCommands(program, state);
}

/** transform and filter: one dataset in, one out, streaming. */
function addRewritingCommands(program: Command): void {
  const chain = new TransformChain();
  program
    .command('transform <path>')
    .description("apply Datumaro's transforms in order (-t name -p key=value ...)")
    .requiredOption('-o, --output <dir>', 'output folder, or a .zip archive')
    .option('-f, --format <format>', "the output format (default: the input's)")
    .option('-i, --input <format>', 'the input format (detected when omitted)')
    .option('-t, --transform <name>', 'a transform (repeatable, applied in order)', chain.transform)
    .option('-p, --param <key=value>', 'a parameter of the -t before it (repeatable)', chain.param)
    .option('--seed <n>', 'the seed of every transform that takes one and was not given -p seed=')
    .option('--overwrite', 'replace an existing non-empty output')
    .option('--json', 'print the reports as JSON')
    .addHelpText('after', transformsHelp)
    .action((path, opts) => transformCommand(path, opts, chain));

  program
    .command('filter <path>')
    .description('keep the items or annotations an expression holds for')
    .requiredOption('-o, --output <dir>', 'output folder, or a .zip archive')
    .requiredOption('-e, --expression <expr>', 'e.g. "label == \'person\' and area > 1000"')
    .option('-f, --format <format>', "the output format (default: the input's)")
    .option('-i, --input <format>', 'the input format (detected when omitted)')
    .addOption(
      new Option('--mode <mode>', 'what the expression selects').choices(FILTER_MODES).default('items'),
    )
    .option('--overwrite', 'replace an existing non-empty output')
    .addHelpText(
      'after',
      '\nFields: id, subset, width, height, path, frame, annotations (count); of annotations: type, label (name),\n' +
        'area, x, y, w, h, score, ann_id, group, track, z_order; attributes.<name> (or a bare attribute name).\n' +
        'Operators: == != < <= > >= and or not in + - * / %; functions: lower upper startswith endswith contains len abs min max.\n',
    )
    .action(filterCommand);
}

/** split, merge, stats and diff. */
function addDatasetCommands(program: Command, state: { exit: number }): void {
  program
    .command('split <path>')
    .description('split into subsets: stratified by label, exact item counts, video sequences kept whole')
    .requiredOption('-o, --output <dir>', 'output folder, or a .zip archive')
    .option('-f, --format <format>', "the output format (default: the input's)")
    .option('-i, --input <format>', 'the input format (detected when omitted)')
    .option(
      '-p, --param <subset=proportion>',
      'a subset and its share, e.g. train=0.7 (repeatable)',
      collect,
      [],
    )
    .addOption(
      new Option('--by <what>', 'stratify by label, or split items at random')
        .choices(['label', 'item'])
        .default('label'),
    )
    .option('--seed <n>', 'the random seed', '0')
    .option('--overwrite', 'replace an existing non-empty output')
    .option('--json', 'print the report and the counts per subset and label as JSON')
    .action(splitCommand);

  program
    .command('merge <paths...>')
    .description('merge datasets: labels by name, items by subset and id')
    .requiredOption('-o, --output <dir>', 'output folder, or a .zip archive')
    .requiredOption('-f, --format <format>', 'the output format')
    .option('-i, --input <format>', 'the input format of every input (detected when omitted)')
    .addOption(
      new Option(
        '--on-conflict <policy>',
        "an item that differs between inputs: fail, keep every annotation, or the first input's",
      )
        .choices(CONFLICT_POLICIES)
        .default('error'),
    )
    .option('--overwrite', 'replace an existing non-empty output')
    .option('--json', 'print the report and the conflicts as JSON')
    .action(mergeCommand);

  program
    .command('stats <path>')
    .description(
      "info's counts, plus labels per type, areas, aspect ratios, objects per item, attribute values",
    )
    .option('-i, --input <format>', 'the input format (detected when omitted)')
    .option('--json', 'machine-readable output')
    .option('--html <file>', 'also write a self-contained page with histograms')
    .action(statsCommand);

  program
    .command('diff <a> <b>')
    .description('compare two datasets: items, and annotations matched by label and IoU')
    .option('-i, --input <format>', 'the input format of both (detected when omitted)')
    .option('--iou <t>', 'IoU from which two shapes are the same annotation', '0.5')
    .option('--json', 'machine-readable output')
    .option('--exit-code', 'exit with 1 when the datasets differ')
    .action((a, b, opts) => diffCommand(a, b, opts, state));
}
