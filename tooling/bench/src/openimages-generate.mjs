// A deterministic generator of an Open Images dataset in Datumaro's layout for the benchmark: R box rows
// (default 2,000,000) in annotations/validation-annotations-bbox.csv, sorted by ImageID as Open Images
// ships them, about 8 boxes per image (4 to 12), 600 classes with MIDs in the class descriptions, and
// images.meta with every image's size (so no image files are needed). Same R, same bytes (mulberry32).
// Usage: node openimages-generate.mjs <rows> <dataset dir>
import { once } from 'node:events';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CLASSES = 600;
const mid = (i) => `/m/0${i.toString(36).padStart(4, '0')}`;
const f6 = (v) => v.toFixed(6);

/** Writes the dataset; resolves to the counts. */
export async function generateOpenImages(rows, dir) {
  const rand = mulberry32(rows);
  const ann = `${dir}/annotations`;
  mkdirSync(ann, { recursive: true });
  let classes = 'LabelName,DisplayName\n';
  for (let i = 0; i < CLASSES; i++) classes += `${mid(i)},"Class ${i}, generated"\n`;
  writeFileSync(`${ann}/oidv6-class-descriptions.csv`, classes);

  const boxes = createWriteStream(`${ann}/validation-annotations-bbox.csv`);
  const meta = createWriteStream(`${ann}/images.meta`);
  boxes.write(
    'ImageID,Source,LabelName,Confidence,XMin,XMax,YMin,YMax,IsOccluded,IsTruncated,IsGroupOf,IsDepiction,IsInside\n',
  );
  let written = 0;
  let images = 0;
  let buf = '';
  let metaBuf = '';
  while (written < rows) {
    // Ids increase with the counter, so the file is sorted by ImageID.
    const id = (0x100000000 + images * 7919).toString(16).padStart(16, '0');
    images++;
    metaBuf += `${id} ${480 + Math.floor(rand() * 4) * 120} ${640 + Math.floor(rand() * 4) * 160}\n`;
    const n = Math.min(rows - written, 4 + Math.floor(rand() * 9));
    for (let k = 0; k < n; k++) {
      const x0 = rand() * 0.8;
      const y0 = rand() * 0.8;
      const x1 = x0 + 0.02 + rand() * (0.98 - x0 - 0.02);
      const y1 = y0 + 0.02 + rand() * (0.98 - y0 - 0.02);
      const flag = () => (rand() < 0.05 ? -1 : rand() < 0.3 ? 1 : 0);
      buf += `${id},${rand() < 0.8 ? 'xclick' : 'activemil'},${mid(Math.floor(rand() * CLASSES))},1,${f6(x0)},${f6(x1)},${f6(y0)},${f6(y1)},${flag()},${flag()},${flag()},${flag()},${flag()}\n`;
      written++;
    }
    if (buf.length > 1 << 20) {
      if (!boxes.write(buf)) await once(boxes, 'drain');
      buf = '';
    }
    if (metaBuf.length > 1 << 20) {
      if (!meta.write(metaBuf)) await once(meta, 'drain');
      metaBuf = '';
    }
  }
  boxes.end(buf);
  meta.end(metaBuf);
  await Promise.all([once(boxes, 'finish'), once(meta, 'finish')]);
  return { rows: written, images };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [rows, dir] = process.argv.slice(2);
  console.log(await generateOpenImages(Number(rows), dir));
}
