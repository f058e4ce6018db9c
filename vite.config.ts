import { defineConfig } from 'vite';
import { resolve } from 'node:path';
import { readdirSync } from 'node:fs';

const pages = Object.fromEntries(
  readdirSync(resolve(__dirname, 'demo'))
    .filter((f) => f.endsWith('.html'))
    .map((f) => [f.replace(/\.html$/, ''), resolve(__dirname, 'demo', f)]),
);

// The demo site: static pages under demo/, bundled datasets served from datasets/.
export default defineConfig({
  root: resolve(__dirname, 'demo'),
  base: './',
  publicDir: resolve(__dirname, 'datasets'),
  build: {
    outDir: resolve(__dirname, 'dist/demo'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { input: pages },
  },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
});
