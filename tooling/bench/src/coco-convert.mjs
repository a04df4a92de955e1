// Stand-in for `labelport convert <in> -i coco_instances -f <target> -o <out> --overwrite` while the
// CLI does not list the COCO formats yet: the same reader, convert() and writer, from the built dist
// of core and the format packages. Usage: node coco-convert.mjs <in> <target format> <out dir>
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = (name, entry = 'index.js') => new URL(`../../../packages/${name}/dist/${entry}`, import.meta.url);
const { convert, createRegistry, describeLoss } = await import(pkg('core').href);
const { directorySink, openTree } = await import(pkg('core', 'node.js').href);
const formats = [];
for (const name of ['format-coco', 'format-datumaro', 'format-yolo']) {
  if (existsSync(fileURLToPath(pkg(name)))) formats.push(...(await import(pkg(name).href)).formats);
}
const registry = createRegistry(formats);

const [input, target, output] = process.argv.slice(2);
const tree = await openTree(input);
const source = await registry.get('coco_instances').read(tree);
const sink = await directorySink(output, { overwrite: true });
const report = await convert(source, registry.get(target), sink);
console.error(`${report.items} items; ${describeLoss(report)}`);
