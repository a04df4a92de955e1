import type { Distribution } from './distribution.js';

/** What the page shows: `info`'s counts and the statistics. */
export interface StatsPage {
  title: string;
  items: number;
  subsets: Record<string, number>;
  annotations: Record<string, number>;
  labels: Record<string, Record<string, number>>;
  areas: Record<string, Distribution>;
  aspectRatios?: Distribution;
  objectsPerItem?: Distribution;
  itemsWithoutAnnotations: number;
  unusedLabels: string[];
  mediaWithSize: number;
  mediaMissing: number;
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v >= 100 ? v.toFixed(0) : v.toPrecision(3));

/** Horizontal bars, one per entry, largest first (at most `limit`). */
export function barChart(title: string, entries: [string, number][], limit = 40): string {
  const rows = [...entries].sort((a, b) => b[1] - a[1]).slice(0, limit);
  const max = Math.max(1, ...rows.map(([, v]) => v));
  const h = 18;
  const bars = rows
    .map(([name, v], i) => {
      const w = (v / max) * 400;
      return `<text x="0" y="${i * h + 13}">${escapeHtml(name.slice(0, 28))}</text><rect x="200" y="${i * h + 2}" width="${w.toFixed(1)}" height="${h - 4}"/><text x="${(205 + w).toFixed(1)}" y="${i * h + 13}">${v}</text>`;
    })
    .join('');
  const more = entries.length > limit ? `<p>${entries.length - limit} more not drawn</p>` : '';
  return `<section><h2>${escapeHtml(title)}</h2><svg width="680" height="${rows.length * h + 4}" role="img">${bars}</svg>${more}</section>`;
}

/** A histogram of a distribution, with its quantiles under it. */
export function histogramChart(title: string, d: Distribution | undefined): string {
  if (!d) return '';
  const { counts, edges, log } = d.histogram;
  const max = Math.max(1, ...counts);
  const bw = 600 / counts.length;
  const bars = counts
    .map((c, i) => {
      const h = (c / max) * 150;
      return `<rect x="${(i * bw).toFixed(1)}" y="${(160 - h).toFixed(1)}" width="${(bw - 1).toFixed(1)}" height="${h.toFixed(1)}"><title>${fmt(edges[i])} - ${fmt(edges[i + 1])}: ${c}</title></rect>`;
    })
    .join('');
  const axis = `<text x="0" y="178">${fmt(edges[0])}</text><text x="600" y="178" text-anchor="end">${fmt(edges[edges.length - 1])}${log ? ' (log scale)' : ''}</text>`;
  const q = `count ${d.count}, min ${fmt(d.min)}, p25 ${fmt(d.p25)}, median ${fmt(d.median)}, p75 ${fmt(d.p75)}, max ${fmt(d.max)}, mean ${fmt(d.mean)}`;
  return `<section><h2>${escapeHtml(title)}</h2><svg width="620" height="184" role="img">${bars}${axis}</svg><p>${q}</p></section>`;
}

/** A self-contained page (inline CSS and SVG, no script, no network). */
export function statsHtml(s: StatsPage): string {
  const labelTotals = Object.entries(s.labels).map(
    ([n, byType]) => [n, Object.values(byType).reduce((a, b) => a + b, 0)] as [string, number],
  );
  const parts = [
    `<p>${s.items} items, ${Object.values(s.annotations).reduce((a, b) => a + b, 0)} annotations, ${s.itemsWithoutAnnotations} items without annotations; media: ${s.mediaWithSize} with size, ${s.mediaMissing} missing.</p>`,
    s.unusedLabels.length ? `<p>Labels never used: ${s.unusedLabels.map(escapeHtml).join(', ')}</p>` : '',
    barChart('Items per subset', Object.entries(s.subsets)),
    barChart('Annotations per type', Object.entries(s.annotations)),
    barChart('Annotations per label', labelTotals),
    histogramChart('Annotations per item', s.objectsPerItem),
    ...Object.entries(s.areas).map(([t, d]) => histogramChart(`Area of ${t} annotations (pixels)`, d)),
    histogramChart('Aspect ratio (width / height) of shapes', s.aspectRatios),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(s.title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}svg text{font-size:12px}rect{fill:#4a78b5}h2{font-size:16px;margin-top:1.5em}</style>
</head><body><h1>${escapeHtml(s.title)}</h1>
${parts.join('\n')}
</body></html>
`;
}
