/**
 * Bundles the worker and the parent's library with esbuild, straight from the TypeScript sources
 * of every package (as the tests run them): no build of the packages is needed. Source maps are
 * inline, so crash stacks name packages/<pkg>/src/<file>.ts.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const pkgs = join(here, '../../../packages');

const aliases = {
  name: 'labelport-sources',
  setup(b) {
    b.onResolve({ filter: /^(@labelport\/|labelport$)/ }, (args) => {
      if (args.path === 'labelport') return { path: join(pkgs, 'formats/src/index.ts') };
      const m = /^@labelport\/([a-z0-9-]+)(?:\/([a-z]+))?$/.exec(args.path);
      if (!m) return undefined;
      if (m[1] === 'core' && m[2]) {
        const file = m[2] === 'node' ? 'node.ts' : `${m[2]}/index.ts`;
        return { path: join(pkgs, 'core/src', file) };
      }
      return { path: join(pkgs, m[1], 'src/index.ts') };
    });
  },
};

export async function bundle(outDir) {
  await build({
    entryPoints: { worker: join(here, 'worker.ts'), lib: join(here, 'lib.ts') },
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    splitting: true,
    outExtension: { '.js': '.mjs' },
    plugins: [aliases],
    logLevel: 'error',
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
  return { worker: join(outDir, 'worker.mjs'), lib: join(outDir, 'lib.mjs') };
}
