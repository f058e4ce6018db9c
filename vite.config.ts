import { defineConfig } from 'vite';
import { resolve } from 'node:path';
import { readdirSync } from 'node:fs';
import { crmkitDist, demoData, demoPages } from './demo/lib/vite-plugins';

const pages = Object.fromEntries(
  readdirSync(resolve(__dirname, 'demo'))
    .filter((f) => f.endsWith('.html'))
    .map((f) => [f.replace(/\.html$/, ''), resolve(__dirname, 'demo', f)]),
);

// The demo site: static pages under demo/, bundled datasets served from datasets/.
export default defineConfig({
  root: resolve(__dirname, 'demo'),
  base: './',
  // Data: datasets/cdnow/ at ./cdnow/ (and datasets/generated/ in the dev server), see demoData.
  publicDir: false,
  plugins: [demoPages(resolve(__dirname, 'demo')), crmkitDist(__dirname), demoData(__dirname)],
  build: {
    outDir: resolve(__dirname, 'dist/demo'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { input: pages },
  },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
});
