import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/bin.ts', 'src/main.ts'],
  format: ['esm'],
  dts: { entry: 'src/main.ts' },
  clean: true,
  target: 'node20',
  banner: ({ format }) => (format === 'esm' ? {} : {}),
});
