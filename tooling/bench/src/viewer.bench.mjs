// Viewer benchmark (`pnpm bench viewer`): the static viewer page (packages/viewer/dist, opened from
// file://, no server) in headless Chromium is handed a zip of a generated COCO instances file of
// 20,000 images (no images in it, ~200,000 objects) through its file input, the same path as a drop.
// Reported: the time until the first items are on screen (goal < 3 s), until every item is read, and
// how smoothly a grid of all of them scrolls (frame times while scrolling from top to bottom).
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateCoco } from './coco-generate.mjs';

const viewerPkg = fileURLToPath(new URL('../../../packages/viewer/package.json', import.meta.url));
const page = fileURLToPath(new URL('../../../packages/viewer/dist/index.html', import.meta.url));
// playwright-core and core's zip writer, from the viewer package (its dev dependency and dependency).
const fromViewer = createRequire(viewerPkg);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const RUNS = 3;

async function makeZip(dataDir, n) {
  const zip = `${dataDir}/viewer-coco-${n}.zip`;
  if (existsSync(zip)) return zip;
  const dir = `${dataDir}/viewer-coco-${n}`;
  const json = `${dir}/annotations/instances_train.json`;
  if (!existsSync(json)) await generateCoco(n, dir);
  const { buildZip } = await import(pathToFileURL(fromViewer.resolve('@labelport/core/files')).href);
  writeFileSync(
    zip,
    buildZip({ 'annotations/instances_train.json': readFileSync(json) }, { compress: true }),
  );
  return zip;
}

/** One run: a fresh page, the zip picked, times until the first cell and until all items are read. */
/**
 * CPU seconds used so far by the processes below `rootPid` (the browser this script launched and its
 * renderers, from /proc; not `rootPid` itself): on a shared, busy machine the wall time waits for a
 * CPU, this counts only what the browser ran.
 */
function browserCpu(rootPid) {
  const stats = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const f = readFileSync(`/proc/${d}/stat`, 'utf8');
      const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
      stats.push({ pid: Number(d), ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) });
    } catch {
      // the process ended while listed
    }
  }
  const ours = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of stats) if (!ours.has(p.pid) && ours.has(p.ppid)) grew = ours.add(p.pid) !== undefined;
  }
  return stats.filter((p) => ours.has(p.pid) && p.pid !== rootPid).reduce((n, p) => n + p.ticks, 0) / 100;
}

async function openOnce(browser, zip, pid) {
  const tab = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await tab.goto(pathToFileURL(page).href);
  await tab.waitForSelector('body[data-state="empty"]');
  const b0 = browserCpu(pid);
  const t0 = performance.now();
  await tab.setInputFiles('#pick-zip', zip);
  await tab.waitForSelector('#grid [data-item-id]', { timeout: 120_000 });
  const first = (performance.now() - t0) / 1000;
  const firstBusy = browserCpu(pid) - b0;
  await tab.waitForSelector('body[data-state="ready"], body[data-state="error"]', { timeout: 300_000 });
  const all = (performance.now() - t0) / 1000;
  const status = await tab.textContent('#status');
  // Where the time went, from the page's own marks: detection, the reader's read(), the first items.
  const marks = await tab.evaluate(() =>
    Object.fromEntries(
      performance.getEntriesByType('mark').map((m) => [m.name.replace('labelport:', ''), m.startTime]),
    ),
  );
  const split = {
    detect: (marks.detected - marks.open) / 1000,
    read: (marks.read - marks.detected) / 1000,
    items: (marks['first-items'] - marks.read) / 1000,
  };
  return { tab, first, firstBusy, all, status, split };
}

/**
 * Scrolls the grid one step per frame, 300 frames: `jump` spreads them over the whole grid (every
 * frame a new screen of cells, the worst case), otherwise 120 px a frame (a wheel or a trackpad).
 * Frame times and the most cells that were in the DOM at once.
 */
function scrollFrames(tab, jump) {
  return tab.evaluate(async (jump) => {
    const grid = document.querySelector('#grid');
    const frames = [];
    let maxCells = 0;
    let last = performance.now();
    const steps = 300;
    for (let i = 1; i <= steps; i++) {
      grid.scrollTop = jump ? (grid.scrollHeight * i) / steps : i * 120;
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      frames.push(now - last);
      last = now;
      maxCells = Math.max(maxCells, grid.querySelectorAll('[data-item-id]').length);
    }
    frames.sort((a, b) => a - b);
    return { p50: frames[frames.length >> 1], p95: frames[Math.floor(frames.length * 0.95)], maxCells };
  }, jump);
}

export async function run({ dataDir }) {
  if (!existsSync(page))
    return console.log('viewer: not built (pnpm --filter @labelport/viewer build); skipped');
  if (!existsSync(CHROMIUM)) return console.log(`viewer: no Chromium at ${CHROMIUM}; skipped`);
  mkdirSync(dataDir, { recursive: true });
  // `pnpm bench viewer [N]`: N images (20,000 by default, the case)
  const n = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 20_000);
  const zip = await makeZip(dataDir, n);
  const { chromium } = fromViewer('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await openOnce(browser, zip, process.pid);
      if (i === RUNS - 1)
        r.scroll = { smooth: await scrollFrames(r.tab, false), jump: await scrollFrames(r.tab, true) };
      await r.tab.close();
      runs.push(r);
    }
    const mb = (statSync(zip).size / 2 ** 20).toFixed(1);
    console.log(`COCO instances, ${n} images, zip of ${mb} MiB; ${runs[0].status}`);
    // The machine is shared: say how busy it was, since the times scale with it.
    console.log(`load average during the runs: ${loadavg()[0].toFixed(1)} (1 min)`);
    console.log(
      '| run | first items s | browser CPU until then s | detect s | read() s | to first items s | all items s |',
    );
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    runs.forEach((r, i) => {
      const s = r.split;
      console.log(
        `| ${i + 1} | ${r.first.toFixed(2)} | ${r.firstBusy.toFixed(2)} | ${s.detect.toFixed(2)} | ${s.read.toFixed(2)} | ${s.items.toFixed(2)} | ${r.all.toFixed(2)} |`,
      );
    });
    const best = Math.min(...runs.map((r) => r.first));
    console.log(
      `first items shown in ${best.toFixed(2)} s at best (goal < 3 s): ${best < 3 ? 'met' : 'NOT met'}`,
    );
    for (const [how, s] of Object.entries(runs.at(-1).scroll)) {
      console.log(
        `scrolling ${n} items (${how === 'jump' ? 'a new screen every frame' : '120 px a frame'}): frame p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, at most ${s.maxCells} cells in the DOM`,
      );
    }
  } finally {
    await browser.close();
  }
}
