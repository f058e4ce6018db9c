import { defineConfig } from 'vite';
import { resolve } from 'node:path';

// The demo site: static pages under demo/, bundled datasets served from datasets/.
export default defineConfig({
  root: resolve(__dirname, 'demo'),
  base: './',
  publicDir: resolve(__dirname, 'datasets'),
  build: {
    outDir: resolve(__dirname, 'dist/demo'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { input: { index: resolve(__dirname, 'demo/index.html') } },
  },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
});
