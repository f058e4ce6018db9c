/**
 * Vite plugins of the demo site (used by vite.config.ts):
 * - `virtual:demo-pages`: the demo's pages (file and <title>), for the site navigation;
 * - `/crmkit/`: the distribution bundle at ./crmkit/crmkit.js, as a portal would host it. The embedding
 *   examples load it with one plain `<script type="module" src="./crmkit/crmkit.js" vite-ignore>`. In the dev
 *   server it is the element sources; `vite build` copies the crmkit package's browser build (packages/crmkit/dist/,
 *   `pnpm build`).
 */
import type { Plugin } from 'vite';
import { cpSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function demoPages(demoDir: string): Plugin {
  const id = 'virtual:demo-pages';
  return {
    name: 'crmkit-demo-pages',
    resolveId: (s) => (s === id ? '\0' + id : undefined),
    load(s) {
      if (s !== '\0' + id) return;
      const pages = readdirSync(demoDir)
        .filter((f) => f.endsWith('.html'))
        .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
        .map((file) => {
          const html = readFileSync(join(demoDir, file), 'utf8');
          const title = /<title>([^<]*)<\/title>/i.exec(html)?.[1]?.trim() ?? file;
          // The page's language, so its link is drawn with that language's fonts on a page in another.
          const lang = /<html[^>]*\slang="([^"]+)"/i.exec(html)?.[1] ?? 'en';
          return { file, title, lang };
        });
      return `export default ${JSON.stringify(pages)};`;
    },
  };
}

/** Dashboard pages first, then the widget pages, then the embedding examples. */
const rank = (f: string) => (f === 'index.html' ? 0 : f === 'zh-Hant.html' ? 1 : f === 'own-data.html' ? 2 : f.startsWith('embed-') ? 4 : 3);

export function crmkitDist(root: string): Plugin {
  const lib = resolve(root, 'packages/crmkit/dist');
  const bundleSrc = resolve(root, 'packages/elements/src/bundle.ts');
  let outDir = '';
  return {
    name: 'crmkit-dist',
    configResolved(c) {
      outDir = c.build.outDir;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.split('?')[0] !== '/crmkit/crmkit.js') return next();
        res.setHeader('Content-Type', 'text/javascript');
        res.end(`export * from '/@fs${bundleSrc}';\n`);
      });
    },
    closeBundle() {
      if (!existsSync(join(lib, 'crmkit.js'))) {
        throw new Error(`${lib}/crmkit.js is missing: build the library first (pnpm build), or use pnpm build:demo which does both.`);
      }
      cpSync(lib, join(outDir, 'crmkit'), { recursive: true });
    },
  };
}

const TYPES: Record<string, string> = { '.csv': 'text/csv; charset=utf-8', '.parquet': 'application/vnd.apache.parquet', '.md': 'text/markdown; charset=utf-8' };

/**
 * The data the demo serves: datasets/cdnow/ (shipped, copied into the build) at ./cdnow/, and in the dev
 * server also datasets/generated/ (made by `pnpm gen`, never copied into the build) at ./generated/.
 * Not the whole datasets/ folder as a publicDir: generated sets can be gigabytes.
 */
export function demoData(root: string): Plugin {
  const datasets = resolve(root, 'datasets');
  let outDir = '';
  return {
    name: 'crmkit-demo-data',
    configResolved(c) {
      outDir = c.build.outDir;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = decodeURIComponent(req.url?.split('?')[0] ?? '');
        const m = /^\/(cdnow|generated|shop)\/([^/]+)$/.exec(path);
        const file = m ? join(datasets, m[1], m[2]) : '';
        if (!m || !existsSync(file)) return next();
        res.setHeader('Content-Type', TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream');
        res.end(readFileSync(file));
      });
    },
    closeBundle() {
      cpSync(join(datasets, 'cdnow'), join(outDir, 'cdnow'), { recursive: true });
      // A small generated shop with a customer register and events (pnpm gen --customers 1500 --seed 5 --events).
      cpSync(join(datasets, 'shop'), join(outDir, 'shop'), { recursive: true });
    },
  };
}
