import { defineConfig, type Plugin } from 'vite';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The distributable: `pnpm build` writes dist/crmkit/ —
 *   crmkit.js                    every element registered (ES module; Lit, DuckDB-WASM's JS, Arrow inside)
 *   duckdb-eh.wasm               the DuckDB engine (found relative to crmkit.js)
 *   duckdb-browser-eh.worker.js  its worker
 *   sizes.json / sizes.txt       bytes and gzip bytes per file, JS per entry point
 * Host the folder as it is. Elsewhere: setAssetBase(url) or <meta name="crmkit-asset-base" content="…">.
 */
function sizeReport(): Plugin {
  return {
    name: 'crmkit-size-report',
    apply: 'build',
    generateBundle(_options, bundle) {
      const rows = Object.values(bundle)
        .map((f) => {
          const bytes = f.type === 'chunk' ? Buffer.from(f.code) : Buffer.from(f.source as Uint8Array | string);
          return {
            file: f.fileName,
            kind: f.type === 'chunk' ? (f.isEntry ? 'entry JS' : 'JS chunk') : 'asset',
            bytes: bytes.length,
            gzip: gzipSync(bytes, { level: 9 }).length,
          };
        })
        .filter((r) => !r.file.endsWith('.map'))
        .sort((a, b) => a.file.localeCompare(b.file));
      const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`.padStart(11);
      const text = ['crmkit distribution sizes (bytes / gzip -9)', ...rows.map((r) => `${r.file.padEnd(32)} ${r.kind.padEnd(9)} ${kb(r.bytes)} ${kb(r.gzip)}`)].join('\n');
      this.emitFile({ type: 'asset', fileName: 'sizes.json', source: JSON.stringify(rows, null, 2) + '\n' });
      this.emitFile({ type: 'asset', fileName: 'sizes.txt', source: text + '\n' });
      console.log('\n' + text);
    },
  };
}

export default defineConfig({
  // Asset URLs relative to the bundle (new URL(x, import.meta.url)), not the site root.
  base: './',
  publicDir: false,
  plugins: [sizeReport()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist/crmkit'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 1000,
    assetsInlineLimit: 0,
    lib: {
      entry: { crmkit: resolve(import.meta.dirname, 'packages/elements/src/bundle.ts') },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    rolldownOptions: {
      output: { assetFileNames: '[name][extname]' },
    },
  },
});
