// COCO mask work beside pycocotools' C on the same shapes: RLE encode of row-major masks, decode,
// polygon rasterisation (`pnpm bench rle`; needs packages/core built, and python3 with pycocotools
// for the comparison). Times are the best of 3 runs over all shapes, in one process each.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const H = 480;
const W = 640;
const COUNT = 300;

/** Deterministic COCO-like objects: a polygon of 8 to 40 points around a centre, a few sizes. */
function shapes() {
  let seed = 12345;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const polygons = [];
  for (let i = 0; i < COUNT; i++) {
    const cx = rnd() * W;
    const cy = rnd() * H;
    const r = 10 + rnd() * (i % 10 === 0 ? 250 : 60);
    const k = 8 + Math.floor(rnd() * 32);
    const pts = [];
    for (let j = 0; j < k; j++) {
      const t = (2 * Math.PI * j) / k;
      const rr = r * (0.6 + 0.4 * rnd());
      pts.push(+(cx + rr * Math.cos(t)).toFixed(2), +(cy + rr * Math.sin(t)).toFixed(2));
    }
    polygons.push([pts]);
  }
  return polygons;
}

function best(f) {
  let t = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 3; r++) {
    const s = performance.now();
    f();
    t = Math.min(t, performance.now() - s);
  }
  return t;
}

export async function run({ dataDir }) {
  // the built core, or another build of its geometry (RLE_BENCH_GEOMETRY=file.mjs, to compare versions)
  const geometry =
    process.env.RLE_BENCH_GEOMETRY ??
    new URL('../../../packages/core/dist/geometry/index.js', import.meta.url).href;
  const g = await import(geometry);
  const polygons = shapes();
  const masks = polygons.map((p) => g.decodeRle(g.rasterizePolygons(p, H, W)));
  const base = `${dataDir}rle-shapes`;
  const all = new Uint8Array(COUNT * H * W);
  for (let i = 0; i < COUNT; i++) all.set(masks[i].data, i * H * W);
  writeFileSync(`${base}.bin`, all);
  writeFileSync(`${base}.json`, JSON.stringify({ height: H, width: W, count: COUNT, polygons }));
  const rles = masks.map((m) => g.encodeRle(m));
  const ours = {
    encode: best(() => masks.map((m) => g.encodeRle(m))),
    decode: best(() => rles.map((r) => g.decodeRle(r))),
    rasterize: best(() => polygons.map((p) => g.rasterizePolygons(p, H, W))),
  };
  let py;
  try {
    const script = fileURLToPath(new URL('./rle-py.py', import.meta.url));
    py = JSON.parse(execFileSync('python3', [script, base], { encoding: 'utf8' }));
  } catch (e) {
    console.log(`pycocotools not run (${String(e).split('\n')[0]}): labelport's times only`);
  }
  const ms = (v) => (v === undefined ? '-' : v.toFixed(1));
  const ratio = (a, b) => (b === undefined ? '-' : (a / b).toFixed(2));
  console.log(`${COUNT} masks of ${W}x${H} (COCO-like polygons, 8-40 points)\n`);
  console.log('| operation | labelport ms | pycocotools ms | labelport / pycocotools |');
  console.log('| --- | ---: | ---: | ---: |');
  const rows = [
    [
      'RLE encode, row-major mask',
      ms(ours.encode),
      ms(py?.encode_rowmajor),
      ratio(ours.encode, py?.encode_rowmajor),
    ],
    [
      '  (pycocotools from a ready Fortran array)',
      '',
      ms(py?.encode_fortran),
      ratio(ours.encode, py?.encode_fortran),
    ],
    ['RLE decode', ms(ours.decode), ms(py?.decode), ratio(ours.decode, py?.decode)],
    ['polygon rasterisation', ms(ours.rasterize), ms(py?.rasterize), ratio(ours.rasterize, py?.rasterize)],
  ];
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}
