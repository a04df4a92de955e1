// A deterministic generator of a BDD100K det_20 label file for the benchmark: F frames (default
// 70,000, the size of det_train.json) of 1280x720 images with about 25 labels each (5 to 45), the 10
// detection classes, BDD's frame attributes (weather, scene, timeofday) and label attributes (occluded,
// truncated, trafficLightColor), boxes as inclusive float corners. Same F, same bytes (mulberry32).
// Usage: node bdd100k-generate.mjs <frames> <dataset dir>  ->  <dir>/labels/det_20/det_train.json
import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
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

const CLASSES = [
  'pedestrian',
  'rider',
  'car',
  'truck',
  'bus',
  'train',
  'motorcycle',
  'bicycle',
  'traffic light',
  'traffic sign',
];
const WEATHER = ['rainy', 'snowy', 'clear', 'overcast', 'partly cloudy', 'foggy', 'undefined'];
const SCENE = ['tunnel', 'residential', 'parking lot', 'city street', 'gas stations', 'highway', 'undefined'];
const TIME = ['daytime', 'night', 'dawn/dusk', 'undefined'];
const COLORS = ['NA', 'G', 'Y', 'R'];
/** BDD100K's files give coordinates to 6 decimals. */
const r6 = (v) => Math.round(v * 1e6) / 1e6;

export async function generateBdd100k(frames, dir) {
  const rand = mulberry32(frames);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const hex = () =>
    Math.floor(rand() * 0xffffffff)
      .toString(16)
      .padStart(8, '0');
  const out = `${dir}/labels/det_20`;
  mkdirSync(out, { recursive: true });
  const file = `${out}/det_train.json`;
  const s = createWriteStream(file);
  let buf = '[';
  let labels = 0;
  let id = 0;
  for (let f = 0; f < frames; f++) {
    const n = 5 + Math.floor(rand() * 41);
    const ls = [];
    for (let k = 0; k < n; k++) {
      const category = pick(CLASSES);
      const x1 = rand() * 1200;
      const y1 = rand() * 680;
      const x2 = Math.min(1279, x1 + 5 + rand() * 200);
      const y2 = Math.min(719, y1 + 5 + rand() * 150);
      ls.push({
        id: String(id++),
        attributes: {
          occluded: rand() < 0.4,
          truncated: rand() < 0.1,
          trafficLightColor: category === 'traffic light' ? pick(COLORS.slice(1)) : 'NA',
        },
        category,
        box2d: { x1: r6(x1), y1: r6(y1), x2: r6(x2), y2: r6(y2) },
      });
    }
    labels += n;
    const frame = {
      name: `${hex()}-${hex()}.jpg`,
      attributes: { weather: pick(WEATHER), scene: pick(SCENE), timeofday: pick(TIME) },
      timestamp: 10000,
      labels: ls,
    };
    buf += (f ? ',' : '') + JSON.stringify(frame);
    if (buf.length > 1 << 20) {
      if (!s.write(buf)) await once(s, 'drain');
      buf = '';
    }
  }
  s.end(`${buf}]\n`);
  await once(s, 'finish');
  return { file, frames, labels };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [frames, dir] = process.argv.slice(2);
  console.log(await generateBdd100k(Number(frames), dir));
}
