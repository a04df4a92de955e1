// Reads every frame of a BDD100K dataset with the built reader (no writer): the reader's own cost.
// Usage: node bdd100k-read.mjs <dataset dir>
const pkg = (name, entry = 'index.js') => new URL(`../../../packages/${name}/dist/${entry}`, import.meta.url);
const { bdd100k } = await import(pkg('format-bdd100k').href);
const { openTree } = await import(pkg('core', 'node.js').href);

const source = await bdd100k.read(await openTree(process.argv[2]));
let items = 0;
let annotations = 0;
for await (const item of source.items()) {
  items++;
  annotations += item.annotations.length;
}
console.error(`${items} items, ${annotations} annotations`);
