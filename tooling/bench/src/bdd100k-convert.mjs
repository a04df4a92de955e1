// Stand-in for `labelport convert <in> -i <from> -f coco_instances -o <out> --overwrite` when the CLI
// cannot run: the same reader, convert() and COCO writer, from the built dist of core and the format
// packages. Usage: node bdd100k-convert.mjs <in> <from format> <out dir>
const pkg = (name, entry = 'index.js') => new URL(`../../../packages/${name}/dist/${entry}`, import.meta.url);
const { convert, createRegistry, describeLoss } = await import(pkg('core').href);
const { directorySink, openTree } = await import(pkg('core', 'node.js').href);
const formats = [];
for (const name of ['format-bdd100k', 'format-openimages', 'format-coco'])
  formats.push(...(await import(pkg(name).href)).formats);
const registry = createRegistry(formats);

const [input, from, output] = process.argv.slice(2);
const source = await registry.get(from).read(await openTree(input));
const report = await convert(
  source,
  registry.get('coco_instances'),
  await directorySink(output, { overwrite: true }),
);
console.error(`${report.items} items; ${describeLoss(report)}`);
