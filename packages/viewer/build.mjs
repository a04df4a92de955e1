// Builds the static page into dist/: app.js (one browser bundle of the viewer and every format),
// app.css and index.html. The page works from any static host or from file://.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

// csv-parse calls Buffer at import time, so a page that imports @labelport/format-openimages fails
// (issue 14, part 1, replaces it). While that package still depends on csv-parse, the page is built
// without Open Images (an empty list in its place) rather than with a Buffer polyfill; the build says so.
const openImages = JSON.parse(readFileSync(here('../format-openimages/package.json'), 'utf8'));
const withoutOpenImages = Boolean(openImages.dependencies?.['csv-parse']);
const skipOpenImages = {
  name: 'skip-openimages',
  setup(b) {
    b.onResolve({ filter: /^@labelport\/format-openimages$/ }, () => ({ path: 'openimages', namespace: 'skip' }));
    b.onLoad({ filter: /.*/, namespace: 'skip' }, () => ({ contents: 'export const formats = [];', loader: 'js' }));
  },
};
// Core's subpaths from its sources, as vitest.config.ts resolves them for the tests (a subpath being
// added to core is usable here before its package.json exports it).
const coreSubpaths = {
  name: 'core-subpaths',
  setup(b) {
    b.onResolve({ filter: /^@labelport\/core\/[a-z]+$/ }, (args) => {
      const sub = args.path.slice('@labelport/core/'.length);
      const file = here(`../core/src/${sub}/index.ts`);
      return existsSync(file) ? { path: file } : undefined;
    });
  },
};
if (withoutOpenImages) console.warn('@labelport/viewer: built without open_images (csv-parse needs Buffer in a page)');

rmSync(here('dist'), { recursive: true, force: true });
mkdirSync(here('dist'), { recursive: true });
const result = await build({
  entryPoints: [here('src/main.ts')],
  outfile: here('dist/app.js'),
  bundle: true,
  // An IIFE (not an ES module) so that the page also opens from file://.
  format: 'iife',
  platform: 'browser',
  target: ['es2022'],
  // The workspace's packages are bundled from their TypeScript sources, so no build order matters.
  conditions: ['source'],
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  metafile: true,
  plugins: [coreSubpaths, ...(withoutOpenImages ? [skipOpenImages] : [])],
  logLevel: 'warning',
});
for (const f of ['index.html', 'app.css']) copyFileSync(here(`src/static/${f}`), here(`dist/${f}`));
const bytes = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0;
console.log(`@labelport/viewer: dist/app.js ${(bytes / 1024).toFixed(0)} KiB`);
