// Reads every item of an Open Images dataset with the built reader (no writer): the reader's own cost.
// Usage: node openimages-read.mjs <dataset dir>
const pkg = (name, entry = 'index.js') => new URL(`../../../packages/${name}/dist/${entry}`, import.meta.url);
const { openImages } = await import(pkg('format-openimages').href);
const { openTree } = await import(pkg('core', 'node.js').href);

const source = await openImages.read(await openTree(process.argv[2]), { onWarning: (w) => console.error(w) });
let items = 0;
let annotations = 0;
for await (const item of source.items()) {
  items++;
  annotations += item.annotations.length;
}
console.error(`${items} items, ${annotations} annotations`);
