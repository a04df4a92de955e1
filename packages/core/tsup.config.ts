import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    node: 'src/node.ts',
    'testing/index': 'src/testing/index.ts',
    'geometry/index': 'src/geometry/index.ts',
    'png/index': 'src/png/index.ts',
    'files/index': 'src/files/index.ts',
    'media/index': 'src/media/index.ts',
    'meta/index': 'src/meta/index.ts',
    'json/index': 'src/json/index.ts',
  },
  format: ['esm'],
  dts: true,
  clean: true,
  target: 'node20',
  external: ['vitest'],
});
