import { defineConfig } from 'tsup';

export default defineConfig({
  // `index`: the programmatic API. `bin`: `omnihost-fleet`, the fleet commands on their own (tsup keeps its
  // shebang and makes it executable; only its ESM build is used, by package.json "bin").
  entry: { index: 'src/index.ts', bin: 'src/bin.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: false,
  treeshake: true,
});
