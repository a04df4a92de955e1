// Stand-in for `labelport transform|filter` when the CLI cannot run: the Datumaro reader and writer,
// convert() and @labelport/ops, from the built dists.
// Usage: node ops-run.mjs transform <in> <out> remap_labels k=v ...  |  filter <in> <out> <expr>  |  copy <in> <out>
const pkg = (name, entry = 'index.js') => new URL(`../../../packages/${name}/dist/${entry}`, import.meta.url);
const { convert, describeLoss } = await import(pkg('core').href);
const { directorySink, openTree } = await import(pkg('core', 'node.js').href);
const { datumaro } = await import(pkg('format-datumaro').href);
const ops = await import(pkg('ops').href);

const [what, input, output, ...rest] = process.argv.slice(2);
const source = await datumaro.read(await openTree(input));
/** The operation asked for; `copy` runs none (the baseline: reading and writing alone). */
function operate() {
  if (what === 'copy') return { source, report: undefined };
  if (what === 'filter') return ops.filter(source, { expression: rest[0], mode: 'annotations' });
  return ops.transform(
    source,
    rest[0],
    rest.slice(1).map((p) => p.split('=')),
  );
}
const result = operate();
const report = await convert(result.source, datumaro, await directorySink(output, { overwrite: true }));
const done = result.report ? `; ${ops.describeOpReport(result.report)}` : '';
console.error(`${report.items} items; ${describeLoss(report)}${done}`);
