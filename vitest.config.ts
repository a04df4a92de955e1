import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const pkgs = fileURLToPath(new URL('./packages/', import.meta.url));

// Tests run against the TypeScript sources: every @labelport/<name> import resolves to
// packages/<name>/src, and the meta-package `labelport` to packages/formats/src.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@labelport\/core\/testing$/, replacement: `${pkgs}core/src/testing/index.ts` },
      { find: /^@labelport\/core\/node$/, replacement: `${pkgs}core/src/node.ts` },
      { find: /^@labelport\/core\/([a-z]+)$/, replacement: `${pkgs}core/src/$1/index.ts` },
      { find: /^@labelport\/([a-z0-9-]+)$/, replacement: `${pkgs}$1/src/index.ts` },
      { find: /^labelport$/, replacement: `${pkgs}formats/src/index.ts` },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'tooling/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // CI asks for a JSON report beside the usual one (to count passed and failed tests).
    ...(process.env.LABELPORT_TEST_REPORT
      ? { reporters: ['default', 'json'], outputFile: { json: process.env.LABELPORT_TEST_REPORT } }
      : {}),
  },
});
