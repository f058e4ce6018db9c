import { defineConfig } from 'vitest/config';

// Vitest's failure report uses Map.groupBy (Node 21+); Node 20 needs it supplied.
if (typeof (Map as unknown as { groupBy?: unknown }).groupBy !== 'function') {
  Object.defineProperty(Map, 'groupBy', {
    value<K, T>(items: Iterable<T>, key: (item: T, i: number) => K): Map<K, T[]> {
      const m = new Map<K, T[]>();
      let i = 0;
      for (const it of items) {
        const k = key(it, i++);
        const list = m.get(k);
        if (list) list.push(it);
        else m.set(k, [it]);
      }
      return m;
    },
  });
}

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
