/**
 * Bundles lib.ts with esbuild straight from the TypeScript sources of every package (the approach of
 * tooling/fuzz/src/bundle.mjs: `labelport` and `@labelport/*` aliased to packages/<pkg>/src), so no
 * package needs a fresh dist. esbuild is taken from the workspace (tooling/fuzz depends on it): this
 * folder is a script, not a workspace package, and adds nothing to the lockfile.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '../..');

function loadEsbuild() {
  for (const from of ['tooling/fuzz/package.json', 'tooling/browser/package.json', 'package.json']) {
    try {
      return createRequire(join(repo, from))('esbuild');
    } catch {
      // next
    }
  }
  throw new Error('esbuild not found: run pnpm install once (tooling/fuzz depends on it)');
}

const aliases = (pkgs) => ({
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
});

/** Bundles lib.ts into `outDir`/lib.mjs, from the sources under `pkgs`, and returns its path. */
export async function bundle(outDir, pkgs = join(repo, 'packages')) {
  const { build } = loadEsbuild();
  await build({
    entryPoints: { lib: join(here, 'lib.ts') },
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    outExtension: { '.js': '.mjs' },
    plugins: [aliases(pkgs)],
    logLevel: 'error',
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
  return join(outDir, 'lib.mjs');
}
