// A deterministic generator of COCO instances files for the benchmark: N images of 640x480, about
// 10 objects each (8 to 12), 80 categories with COCO's ids (1..90 with gaps), 95% polygon objects
// (one or two parts of 6 to 12 points) and 5% crowd objects as uncompressed RLE (as in COCO's ground
// truth). The same N gives the same bytes on every run (a seeded PRNG, mulberry32).
// Usage: node coco-generate.mjs <N> <dataset dir>  ->  <dir>/annotations/instances_train.json

import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const W = 640;
const H = 480;
// COCO's 80 category ids: 1..90 without 12, 26, 29, 30, 45, 66, 68, 69, 71, 83
const GAPS = new Set([12, 26, 29, 30, 45, 66, 68, 69, 71, 83]);
const CATEGORY_IDS = [];
for (let id = 1; CATEGORY_IDS.length < 80; id++) if (!GAPS.has(id)) CATEGORY_IDS.push(id);

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

const r2 = (v) => Math.round(v * 100) / 100;

/** A star-shaped polygon around (cx, cy): points at increasing angles, radii within [0.5, 1] of r. */
function polygon(rand, cx, cy, rx, ry, k) {
  const pts = [];
  for (let i = 0; i < k; i++) {
    const t = (2 * Math.PI * (i + rand() * 0.8)) / k;
    const s = 0.5 + rand() * 0.5;
    pts.push(
      r2(Math.min(W, Math.max(0, cx + Math.cos(t) * rx * s))),
      r2(Math.min(H, Math.max(0, cy + Math.sin(t) * ry * s))),
    );
  }
  return pts;
}

/** Uncompressed COCO RLE (column-major) of the box [x0, x1) x [y0, y1). */
function boxRle(x0, y0, x1, y1) {
  const counts = [x0 * H + y0];
  const bh = y1 - y0;
  for (let x = x0; x < x1; x++) {
    counts.push(bh);
    if (x < x1 - 1) counts.push(H - bh);
  }
  counts.push(H * W - (x1 - 1) * H - y1);
  return { counts, size: [H, W] };
}

export async function generateCoco(n, dir) {
  mkdirSync(`${dir}/annotations`, { recursive: true });
  const out = createWriteStream(`${dir}/annotations/instances_train.json`);
  let buf = '';
  const put = async (s) => {
    buf += s;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  };
  const rand = mulberry32(20240611 + n);
  await put(
    '{"info":{"description":"labelport benchmark","version":"1.0","year":2024,"contributor":"","url":"","date_created":""},',
  );
  await put('"licenses":[{"id":1,"name":"CC BY 4.0","url":""}],"categories":[');
  await put(
    CATEGORY_IDS.map((id, i) =>
      JSON.stringify({ id, name: `class_${i}`, supercategory: `super_${i % 12}` }),
    ).join(','),
  );
  await put('],"images":[');
  for (let i = 0; i < n; i++) {
    await put(
      `${i ? ',' : ''}{"id":${i + 1},"width":${W},"height":${H},"file_name":"${String(i + 1).padStart(12, '0')}.jpg","license":1}`,
    );
  }
  await put('],"annotations":[');
  let annId = 0;
  for (let i = 0; i < n; i++) {
    const k = 8 + Math.floor(rand() * 5);
    for (let j = 0; j < k; j++) {
      annId++;
      const cat = CATEGORY_IDS[Math.floor(rand() * 80)];
      const crowd = rand() < 0.05;
      const bw = 20 + Math.floor(rand() * 120);
      const bh = 20 + Math.floor(rand() * 120);
      const x0 = Math.floor(rand() * (W - bw));
      const y0 = Math.floor(rand() * (H - bh));
      let ann;
      if (crowd) {
        ann = {
          id: annId,
          image_id: i + 1,
          category_id: cat,
          segmentation: boxRle(x0, y0, x0 + bw, y0 + bh),
          area: bw * bh,
          bbox: [x0, y0, bw, bh],
          iscrowd: 1,
        };
      } else {
        const parts = rand() < 0.15 ? 2 : 1;
        const segmentation = [];
        let xmin = W;
        let ymin = H;
        let xmax = 0;
        let ymax = 0;
        for (let p = 0; p < parts; p++) {
          const poly = polygon(
            rand,
            x0 + bw / 2 + p * 10,
            y0 + bh / 2,
            bw / 2,
            bh / 2,
            6 + Math.floor(rand() * 7),
          );
          for (let q = 0; q < poly.length; q += 2) {
            xmin = Math.min(xmin, poly[q]);
            xmax = Math.max(xmax, poly[q]);
            ymin = Math.min(ymin, poly[q + 1]);
            ymax = Math.max(ymax, poly[q + 1]);
          }
          segmentation.push(poly);
        }
        const area = r2(bw * bh * 0.55);
        ann = {
          id: annId,
          image_id: i + 1,
          category_id: cat,
          segmentation,
          area,
          bbox: [xmin, ymin, r2(xmax - xmin), r2(ymax - ymin)],
          iscrowd: 0,
        };
      }
      await put(`${annId > 1 ? ',' : ''}${JSON.stringify(ann)}`);
    }
  }
  await put(']}');
  out.end(buf);
  await once(out, 'finish');
  return { images: n, annotations: annId };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [n, dir] = process.argv.slice(2);
  console.log(await generateCoco(Number(n), dir));
}
