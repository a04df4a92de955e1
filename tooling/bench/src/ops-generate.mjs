// A deterministic Datumaro dataset for the ops benchmark: `annotations` boxes over images of 640x480,
// 10 per image, 20 labels, one subset, written in pieces (a stream), never held whole.
// Usage: node ops-generate.mjs <annotations> <dataset dir>  ->  <dir>/annotations/train.json
import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const LABELS = Array.from({ length: 20 }, (_, i) => `class${i}`);

export async function generateOps(annotations, dir) {
  mkdirSync(`${dir}/annotations`, { recursive: true });
  const out = createWriteStream(`${dir}/annotations/train.json`);
  const write = async (s) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  const head = {
    categories: { label: { labels: LABELS.map((name) => ({ name, parent: '' })), attributes: ['occluded'] } },
  };
  await write(`${JSON.stringify(head).slice(0, -1)},"items":[`);
  const images = Math.ceil(annotations / 10);
  let a = 0;
  let chunk = '';
  for (let i = 0; i < images; i++) {
    const anns = [];
    for (let k = 0; k < 10 && a < annotations; k++, a++) {
      const x = (a * 37) % 600;
      const y = (a * 53) % 440;
      const w = 8 + ((a * 7) % 120);
      const h = 8 + ((a * 11) % 90);
      anns.push(
        `{"id":${a + 1},"type":"bbox","attributes":{"occluded":${a % 5 === 0}},"group":0,"label_id":${a % 20},"z_order":0,"bbox":[${x},${y},${w},${h}]}`,
      );
    }
    chunk += `${i ? ',' : ''}{"id":"img${i}","annotations":[${anns.join(',')}],"attr":{},"image":{"path":"img${i}.jpg","size":[480,640]}}`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(`${chunk}]}`);
  out.end();
  await once(out, 'finish');
  return { images, annotations: a };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [n, dir] = process.argv.slice(2);
  console.log(await generateOps(Number(n), dir));
}
