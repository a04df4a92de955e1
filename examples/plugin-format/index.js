// An example of a third-party labelport format, as a plugin package: boxes in one file `boxes.csv`,
// one line per box: image,label,x,y,w,h (pixels, a header line first). It uses only the stable contract
// of @labelport/core (its root export), which is why it keeps working across core's minor releases.
import { DatasetError, defineFormat, readText, ReportBuilder } from '@labelport/core';

const FILE = 'boxes.csv';
const HEADER = 'image,label,x,y,w,h';

function parse(text) {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== HEADER) {
    throw new DatasetError('bad-line', `expected the header '${HEADER}'`, { file: FILE, place: 'line 1' });
  }
  const labels = [];
  const items = new Map();
  lines.slice(1).forEach((line, i) => {
    if (!line.trim()) return;
    const [image, label, ...nums] = line.split(',');
    const [x, y, w, h] = nums.map(Number);
    if (!image || !label || nums.length !== 4 || [x, y, w, h].some((n) => !Number.isFinite(n))) {
      throw new DatasetError('bad-line', 'expected image,label,x,y,w,h', { file: FILE, place: `line ${i + 2}` });
    }
    if (!labels.includes(label)) labels.push(label);
    const id = image.replace(/\.[^.]+$/, '');
    if (!items.has(id)) items.set(id, { id, subset: 'default', media: { kind: 'image', path: image }, annotations: [], attributes: {} });
    items.get(id).annotations.push({ type: 'bbox', x, y, w, h, label: labels.indexOf(label), attributes: {} });
  });
  return { categories: { labels: labels.map((name) => ({ name })) }, items: [...items.values()] };
}

export const boxesCsv = defineFormat({
  id: 'boxes_csv',
  title: 'Boxes CSV (example plugin)',
  extensions: ['.csv'],
  capabilities: { annotations: ['bbox'], media: ['image'], tracks: false, attributes: false, subsets: false, streaming: false },
  async detect(ctx) {
    if (!ctx.has(FILE)) ctx.reject(`no ${FILE}`);
    if (!(await ctx.readHead(FILE, 64)).startsWith(HEADER)) ctx.reject(`${FILE} has no '${HEADER}' header`);
    return { confidence: 0.9 };
  },
  async read(tree) {
    const { categories, items } = parse(await readText(tree, FILE));
    return {
      categories,
      size: items.length,
      async *items() {
        yield* items;
      },
    };
  },
  async write(source, out) {
    const report = new ReportBuilder();
    const rows = [HEADER];
    for await (const item of source.items()) {
      report.items++;
      const image = item.media?.path ?? `${item.id}.jpg`;
      for (const a of item.annotations) {
        if (a.type !== 'bbox' || a.label === undefined) {
          report.drop(a.type === 'bbox' ? 'bbox without label' : a.type);
          continue;
        }
        rows.push([image, source.categories.labels[a.label].name, a.x, a.y, a.w, a.h].join(','));
      }
    }
    await out.write(FILE, `${rows.join('\n')}\n`);
    return report.build();
  },
});

export const formats = [boxesCsv];
export default formats;
