import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/unit/**/*.test.ts', 'datasets/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One DuckDB instance per file; files in parallel would double memory for little gain on 2 cores.
    fileParallelism: false,
  },
});
