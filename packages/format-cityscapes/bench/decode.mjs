// Per-image decode time of 2048x1024 Cityscapes instance PNGs (16-bit gray, `class * 1000 + n`)
// with @labelport/core's decodePng, beside pngjs decoding an RGBA PNG of the same scene and size,
// in the same run. Run after `pnpm build` (it imports the built packages):
//   node packages/format-cityscapes/bench/decode.mjs [runs]
import { decodePng, encodePng, memoryTree, loadMask } from '@labelport/core';
import { cityscapes } from '@labelport/format-cityscapes';
import os from 'node:os';
import { PNG } from 'pngjs';

const W = 2048;
const H = 1024;
const runs = Number(process.argv[2] ?? 30);

/** A street-like scene: sky, buildings, road and sidewalk bands, cars and people with ragged edges. */
function scene() {
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const ids = new Uint16Array(W * H);
  for (let y = 0; y < H; y++) {
    const band = y < 300 ? 23 : y < 520 ? 11 : y < 600 ? 21 : y < 900 ? 7 : 8; // sky, building, vegetation, road, sidewalk
    ids.fill(band, y * W, (y + 1) * W);
  }
  const objects = [];
  for (let k = 0; k < 40; k++) {
    const cls = k % 3 === 0 ? 24 : 26; // person, car
    const w = cls === 24 ? 30 + rand() * 40 : 120 + rand() * 200;
    const h = cls === 24 ? 80 + rand() * 120 : 60 + rand() * 120;
    objects.push({ v: cls * 1000 + k, x: rand() * (W - w), y: 450 + rand() * (H - 450 - h), w, h });
  }
  for (const o of objects) {
    for (let y = Math.floor(o.y); y < o.y + o.h; y++) {
      const jitter = Math.floor(rand() * 4);
      for (let x = Math.floor(o.x) + jitter; x < o.x + o.w - jitter; x++) ids[y * W + x] = o.v;
    }
  }
  return ids;
}

function colour(v) {
  const c = v >= 1000 ? Math.floor(v / 1000) : v;
  return [(c * 47) & 255, (c * 91) & 255, (c * 13 + (v % 1000) * 5) & 255];
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Times the functions in interleaved rounds (a, b, c, a, b, c, ...) so that they share whatever else
 * the machine is doing; returns the median milliseconds of each.
 */
function timeInterleaved(fns) {
  for (const fn of fns) for (let i = 0; i < 3; i++) fn(); // warm-up
  const ms = fns.map(() => []);
  for (let i = 0; i < runs; i++) {
    fns.forEach((fn, k) => {
      const t0 = process.hrtime.bigint();
      fn();
      ms[k].push(Number(process.hrtime.bigint() - t0) / 1e6);
    });
  }
  return ms.map(median);
}

const ids = scene();
const rgba = new Uint8Array(W * H * 4);
for (let i = 0; i < ids.length; i++) {
  const [r, g, b] = colour(ids[i]);
  rgba.set([r, g, b, 255], i * 4);
}
const instancePng = encodePng({ width: W, height: H, colorType: 'gray', bitDepth: 16, data: ids });
const rgbaPng = encodePng({ width: W, height: H, colorType: 'rgba', data: rgba });

const [core16, pngjsRgba, coreRgba] = timeInterleaved([
  () => decodePng(instancePng),
  () => PNG.sync.read(Buffer.from(rgbaPng)),
  () => decodePng(rgbaPng),
]);

// The whole reader path for one item: list, decode, find the segments, cut out every mask.
const tree = memoryTree({ 'gtFine/val/city/city_000000_000019_gtFine_instanceIds.png': instancePng });
const readTimes = [];
for (let i = 0; i < Math.max(5, Math.floor(runs / 3)); i++) {
  const t0 = process.hrtime.bigint();
  const src = await cityscapes.read(tree);
  for await (const item of src.items()) for (const a of item.annotations) await loadMask(a.mask);
  readTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
}

// What a read item holds in memory before its masks are loaded: 20 items read into an array.
const many = {};
for (let i = 0; i < 20; i++) many[`gtFine/val/city/city_${String(i).padStart(6, '0')}_000019_gtFine_instanceIds.png`] = instancePng;
global.gc?.();
const before = process.memoryUsage();
const held = [];
for await (const item of (await cityscapes.read(memoryTree(many))).items()) held.push(item);
global.gc?.();
const after = process.memoryUsage();
const perItem = (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / held.length;

const rows = [
  ['core decodePng, 16-bit gray instanceIds', instancePng.length, core16],
  ['pngjs PNG.sync.read, RGBA (same scene)', rgbaPng.length, pngjsRgba],
  ['core decodePng, RGBA (same scene)', rgbaPng.length, coreRgba],
  ['cityscapes read: decode + split all masks', instancePng.length, median(readTimes)],
];
console.log(`${W}x${H}, median of ${runs} interleaved runs, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs`);
for (const [what, bytes, ms] of rows) console.log(`${what.padEnd(44)} ${String(bytes).padStart(9)} B  ${ms.toFixed(1).padStart(7)} ms`);
console.log(`instance decode vs pngjs RGBA: ${(pngjsRgba / core16).toFixed(2)}x faster`);
console.log(`memory held per read item (masks not loaded): ${(perItem / 1024).toFixed(0)} KB${global.gc ? '' : ' (run with --expose-gc for a steadier figure)'}; its decoded pixels: ${((W * H * 2) / 1024).toFixed(0)} KB`);
