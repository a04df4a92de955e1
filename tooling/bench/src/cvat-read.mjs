// Reads a CVAT XML with the built @labelport/format-cvat (the stand-in for `labelport info` while the
// CLI does not list cvat) and keeps the whole result in memory, as `info` and a conversion to a
// non-streaming format do. Then writes the result as JSON (one array of items; masks as RLE) to
// <result.json> when given, and prints `items annotations resultJsonBytes` to stderr.
// Usage: node cvat-read.mjs <dataset dir or xml folder> [result.json]
import { closeSync, openSync, writeSync } from 'node:fs';

const pkg = (name, entry = 'index.js') => new URL(`../../../packages/${name}/dist/${entry}`, import.meta.url);
const { openTree } = await import(pkg('core', 'node.js').href);
const { cvatVideo } = await import(pkg('format-cvat').href);

const [input, output] = process.argv.slice(2);
const source = await cvatVideo.read(await openTree(input));
const items = [];
let annotations = 0;
for await (const item of source.items()) {
  items.push(item);
  annotations += item.annotations.length;
}
const fd = output ? openSync(output, 'w') : undefined;
let bytes = 0;
const put = (s) => {
  bytes += Buffer.byteLength(s);
  if (fd !== undefined) writeSync(fd, s);
};
put('[');
items.forEach((item, i) => {
  const { bytes: _b, ...media } = item.media ?? {};
  put((i ? ',' : '') + JSON.stringify({ ...item, media }));
});
put(']');
if (fd !== undefined) closeSync(fd);
console.error(`${items.length} ${annotations} ${bytes}`);
