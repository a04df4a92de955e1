// A deterministic generator of a long CVAT for video XML (1.1) for the benchmark: a 1920x1080 video,
// 12 labels with checkbox/number/select attributes, tracks of 50 to 400 frames as CVAT exports them
// (a shape on every frame, keyframes every 10 frames, `outside` on the last), 80% box tracks, 10%
// polygon tracks (8 to 16 points), 10% points tracks (5 points); each shape carries its attributes.
// Tracks are written until the file reaches the target size. The same size gives the same bytes on
// every run (a seeded PRNG, mulberry32).
// Usage: node cvat-generate.mjs <MiB> <file.xml>
import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const W = 1920;
const H = 1080;
const FRAMES = 20_000;
const LABELS = [
  'car',
  'truck',
  'bus',
  'person',
  'bicycle',
  'motorcycle',
  'traffic light',
  'traffic sign',
  'dog',
  'cat',
  'tree',
  'pole',
];
const COLOURS = ['red', 'green', 'blue', 'white', 'black'];

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

const f2 = (v) => (Math.round(v * 100) / 100).toFixed(2);
const clampX = (v) => Math.min(W, Math.max(0, v));
const clampY = (v) => Math.min(H, Math.max(0, v));

function meta() {
  const labels = LABELS.map(
    (name) => `      <label>
        <name>${name}</name>
        <color>#${((name.length * 2654435761) >>> 8).toString(16).padStart(6, '0').slice(0, 6)}</color>
        <attributes>
          <attribute>
            <name>parked</name>
            <mutable>True</mutable>
            <input_type>checkbox</input_type>
            <default_value>false</default_value>
            <values>false
true</values>
          </attribute>
          <attribute>
            <name>speed</name>
            <mutable>True</mutable>
            <input_type>number</input_type>
            <default_value>0</default_value>
            <values>0
200
1</values>
          </attribute>
          <attribute>
            <name>colour</name>
            <mutable>False</mutable>
            <input_type>select</input_type>
            <default_value>red</default_value>
            <values>${COLOURS.join('\n')}</values>
          </attribute>
        </attributes>
      </label>
`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<annotations>
  <version>1.1</version>
  <meta>
    <task>
      <id>1</id>
      <name>synthetic video</name>
      <size>${FRAMES}</size>
      <mode>interpolation</mode>
      <overlap>5</overlap>
      <start_frame>0</start_frame>
      <stop_frame>${FRAMES - 1}</stop_frame>
      <frame_filter></frame_filter>
      <z_order>True</z_order>
      <labels>
${labels.join('')}      </labels>
      <original_size>
        <width>${W}</width>
        <height>${H}</height>
      </original_size>
    </task>
    <dumped>2026-01-01 00:00:00.000000+00:00</dumped>
  </meta>
`;
}

function track(rand, id) {
  const label = LABELS[Math.floor(rand() * LABELS.length)];
  const kind = rand() < 0.8 ? 'box' : rand() < 0.5 ? 'polygon' : 'points';
  const length = 50 + Math.floor(rand() * 350);
  const start = Math.floor(rand() * (FRAMES - length));
  const colour = COLOURS[Math.floor(rand() * COLOURS.length)];
  let x = rand() * (W - 200);
  let y = rand() * (H - 200);
  const w = 20 + rand() * 180;
  const h = 20 + rand() * 180;
  const dx = (rand() - 0.5) * 4;
  const dy = (rand() - 0.5) * 4;
  const k = kind === 'polygon' ? 8 + Math.floor(rand() * 9) : 5;
  const shape = Array.from({ length: k }, (_, i) => {
    const t = (2 * Math.PI * i) / k;
    const s = 0.5 + rand() * 0.5;
    return [Math.cos(t) * s, Math.sin(t) * s];
  });
  let s = `  <track id="${id}" label="${label}" source="manual">\n`;
  for (let f = start; f <= start + length; f++) {
    const last = f === start + length;
    const keyframe = last || (f - start) % 10 === 0 ? 1 : 0;
    const head = `frame="${f}" keyframe="${keyframe}" outside="${last ? 1 : 0}" occluded="${rand() < 0.1 ? 1 : 0}"`;
    if (kind === 'box') {
      s += `    <box ${head} xtl="${f2(clampX(x))}" ytl="${f2(clampY(y))}" xbr="${f2(clampX(x + w))}" ybr="${f2(clampY(y + h))}" z_order="0">\n`;
    } else {
      const pts = shape
        .map(([u, v]) => `${f2(clampX(x + w / 2 + (u * w) / 2))},${f2(clampY(y + h / 2 + (v * h) / 2))}`)
        .join(';');
      s += `    <${kind} ${head} points="${pts}" z_order="0">\n`;
    }
    s += `      <attribute name="parked">${rand() < 0.2 ? 'true' : 'false'}</attribute>\n`;
    s += `      <attribute name="speed">${Math.floor(rand() * 120)}</attribute>\n`;
    s += `      <attribute name="colour">${colour}</attribute>\n`;
    s += `    </${kind}>\n`;
    x += dx;
    y += dy;
  }
  return `${s}  </track>\n`;
}

/** Writes the file; returns the counts. */
export async function generateCvatVideo(mib, file) {
  mkdirSync(dirname(file), { recursive: true });
  const out = createWriteStream(file);
  const rand = mulberry32(mib * 7919);
  const target = mib * 2 ** 20;
  let bytes = 0;
  const write = async (s) => {
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(meta());
  let tracks = 0;
  while (bytes < target) await write(track(rand, tracks++));
  await write('</annotations>\n');
  out.end();
  await once(out, 'finish');
  return { tracks, bytes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [mib, file] = process.argv.slice(2);
  const made = await generateCvatVideo(Number(mib), file);
  console.log(`${file}: ${made.tracks} tracks, ${(made.bytes / 2 ** 20).toFixed(0)} MiB`);
}
