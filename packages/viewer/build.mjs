// Builds the static page into dist/: app.js (one browser bundle of the viewer and every format of the
// meta-package `labelport`, no polyfills), app.css and index.html. The page works from any static host
// or from file://. dist/ is replaced only when the bundle built: a failed build leaves the last one.
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

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

const result = await build({
  entryPoints: [here('src/main.ts')],
  outfile: here('dist/app.js'),
  write: false,
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
  logLevel: 'warning',
  plugins: [coreSubpaths],
});

const staging = here('dist.tmp');
rmSync(staging, { recursive: true, force: true });
mkdirSync(staging);
for (const out of result.outputFiles) writeFileSync(`${staging}/${basename(out.path)}`, out.contents);
for (const f of ['index.html', 'app.css']) copyFileSync(here(`src/static/${f}`), `${staging}/${f}`);
rmSync(here('dist'), { recursive: true, force: true });
renameSync(staging, here('dist'));
const bytes = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0;
console.log(`@labelport/viewer: dist/app.js ${(bytes / 1024).toFixed(0)} KiB`);
