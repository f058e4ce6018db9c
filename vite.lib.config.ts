import { defineConfig, type Plugin } from 'vite';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Rollup } from 'vite';
// @ts-expect-error a plain ES module without declarations
import { elementList } from './scripts/crmkit-entries.mjs';

type OutputBundle = Rollup.OutputBundle;
type OutputChunk = Rollup.OutputChunk;

/**
 * The browser build of the `crmkit` package: `pnpm build` writes packages/crmkit/dist/ —
 *   crmkit.js                    every element registered (what `import 'crmkit'` loads)
 *   <element>.js                 one element (plus <crm-source>): `import 'crmkit/pareto-curve'`
 *   shared.js                    Lit, the element base, i18n, the SQL of the analyses: shared by every entry
 *   engine-code.js               DuckDB-WASM's JS, Arrow and the loaders: imported when the first source
 *                                needs the engine, while the page paints
 *   duckdb-eh.wasm               the DuckDB engine   } found relative to the modules
 *   duckdb-browser-eh.worker.js  its worker          } (new URL(…, import.meta.url))
 *   sizes.json / sizes.txt       bytes and gzip bytes per file, and what a one-widget page downloads
 *   THIRD-PARTY-NOTICES.txt      the licences of the code bundled in (next to the package's own LICENSE)
 * Self-contained: no bare imports, so it runs from node_modules with an import map, from a copy of the
 * folder, or through an application's bundler. Elsewhere: setAssetBase(url) or
 * <meta name="crmkit-asset-base" content="…">.
 */
const root = import.meta.dirname;
const pkg = resolve(root, 'packages/crmkit');
const require = createRequire(join(root, 'packages/core/package.json'));
const duckdbDist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
const ENGINE_FILES = ['duckdb-eh.wasm', 'duckdb-browser-eh.worker.js'];
/** Every element (a folder of packages/elements/src with a define.ts); crmkit has a module for each. */
export const ELEMENTS: string[] = elementList(root).map((e: { name: string }) => e.name);
/** The chart each element draws with (charts/src/<name>.ts), bundled with the element; else the chart of its own name. */
const CHART: Record<string, string> = { 'pareto-curve': 'pareto', 'profit-matrix': 'matrix', 'segment-pyramid': 'pyramid', 'lifecycle-funnel': 'funnel', 'customer-card': 'timeline' };
for (const e of ELEMENTS) if (!CHART[e] && existsSync(resolve(root, `packages/charts/src/${e}.ts`))) CHART[e] = e;
/** Code only the engine (imported on demand) needs: DuckDB-WASM's JS, Arrow, the loaders, the server wire format. */
const ENGINE_ONLY = /[/\\]node_modules[/\\](?:\.pnpm[/\\][^/\\]+[/\\]node_modules[/\\])?(?:@duckdb[/\\]duckdb-wasm|apache-arrow|flatbuffers|tslib|hyparquet(?:-compressors)?)[/\\]|[/\\]core[/\\]src[/\\](?:loaders[/\\](?:load|arrow|parquet|parquet-decode|json)|remote[/\\]wire)\.ts$/;
/** The element a module belongs to alone, if any. */
function partOf(id: string): string | undefined {
  const el = /[/\\]elements[/\\]src[/\\]([a-z-]+)[/\\]([a-z-]+(?:\.styles)?|define)\.ts$/.exec(id);
  if (el && ELEMENTS.includes(el[1]) && (el[2] === el[1] || el[2] === `${el[1]}.styles` || el[2] === 'define')) return el[1];
  const chart = /[/\\]charts[/\\]src[/\\]([a-z-]+)\.ts$/.exec(id);
  return chart ? Object.keys(CHART).find((e) => CHART[e] === chart[1]) : undefined;
}
/** The page the size budget is about: one widget and its source. */
const ONE_WIDGET = 'pareto-curve.js';

/** The engine files, copied as they are, under their own names (the modules look for exactly these). */
function engineFiles(): Plugin {
  return {
    name: 'crmkit-engine-files',
    apply: 'build',
    generateBundle() {
      for (const f of ENGINE_FILES) this.emitFile({ type: 'asset', fileName: f, source: readFileSync(join(duckdbDist, f)) });
    },
  };
}

/** crmkit's Parquet decoder worker (packages/core/src/loaders/parquet-worker.ts), found relative to the modules like DuckDB's. */
const PARQUET_WORKER = 'crmkit-parquet.worker.js';

/**
 * The Parquet decoder worker as one self-contained script (hyparquet, its codecs, Arrow and the decoder inside; no
 * imports), under its own name beside DuckDB's worker: it runs as a module worker, from the page's origin or through
 * a blob from another one, with the same Content-Security-Policy as DuckDB's worker.
 */
function parquetWorker(): Plugin {
  return {
    name: 'crmkit-parquet-worker',
    apply: 'build',
    async generateBundle() {
      const { build } = await import('vite');
      const out = await build({
        configFile: false,
        logLevel: 'warn',
        publicDir: false,
        build: {
          write: false,
          target: 'es2022',
          minify: true,
          emptyOutDir: false,
          lib: { entry: resolve(root, 'packages/core/src/loaders/parquet-worker.ts'), formats: ['es'], fileName: () => PARQUET_WORKER },
          rolldownOptions: { output: { codeSplitting: false } },
        },
      });
      const chunks = (Array.isArray(out) ? out : [out]).flatMap((o) => ('output' in o ? o.output : [])).filter((f): f is OutputChunk => f.type === 'chunk');
      if (chunks.length !== 1) throw new Error(`crmkit build: the Parquet worker should be one script, got ${chunks.map((c) => c.fileName).join(', ')}`);
      if (/^\s*(?:import|export)\b/m.test(chunks[0].code)) throw new Error('crmkit build: the Parquet worker script imports or exports a module');
      this.emitFile({ type: 'asset', fileName: PARQUET_WORKER, source: chunks[0].code });
    },
  };
}

/**
 * Vite keeps `new URL('./duckdb-eh.wasm', import.meta.url)` for run time (the files are not beside the sources) but
 * writes it as `new URL("./duckdb-eh.wasm", "" + import.meta.url)`. Put the plain form back: the browser does
 * the same with both, and an application's bundler recognises only the plain one (and then emits the files).
 */
function plainAssetUrls(): Plugin {
  return {
    name: 'crmkit-plain-asset-urls',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const f of Object.values(bundle)) {
        if (f.type !== 'chunk') continue;
        for (const name of [...ENGINE_FILES, PARQUET_WORKER]) f.code = f.code.replaceAll(`new URL("./${name}", "" + import.meta.url)`, `new URL("./${name}", import.meta.url)`);
      }
    },
  };
}

/** The package each bundled module comes from, and its licence text. */
function thirdPartyNotices(): Plugin {
  return {
    name: 'crmkit-third-party-notices',
    apply: 'build',
    generateBundle(_options, bundle) {
      const pkgs = new Map<string, string>();
      const ids = Object.values(bundle).flatMap((f) => (f.type === 'chunk' ? f.moduleIds : []));
      ids.push(join(duckdbDist, 'duckdb-eh.wasm'));
      for (const id of ids) {
        const m = /^(.*[/\\]node_modules[/\\](?:@[^/\\]+[/\\])?[^/\\]+)[/\\]/.exec(id);
        if (m) pkgs.set(m[1], '');
      }
      const text = [...pkgs.keys()]
        .map((dir) => {
          const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
          const file = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'LICENCE'].map((f) => join(dir, f)).find((f) => existsSync(f));
          // Apache-2.0 packages may carry a NOTICE that has to travel with the code.
          const notice = ['NOTICE', 'NOTICE.txt', 'NOTICE.md'].map((f) => join(dir, f)).find((f) => existsSync(f));
          const body = [file, notice].filter((f): f is string => !!f).map((f) => readFileSync(f, 'utf8').trim()).join('\n\n');
          return { name: meta.name, head: `${meta.name} ${meta.version} — ${meta.license ?? 'see below'}`, body };
        })
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((p) => `${p.head}\n${'-'.repeat(p.head.length)}\n${p.body}\n`)
        .join('\n');
      this.emitFile({ type: 'asset', fileName: 'THIRD-PARTY-NOTICES.txt', source: `The crmkit browser build (dist/) contains code from these packages:\n\n${text}` });
    },
  };
}

// gzip -9 for the modules; the 34 MB wasm at level 6 (a few kB larger, seconds faster: it is not in the budget).
const gz = (b: Buffer) => gzipSync(b, { level: b.length > 5_000_000 ? 6 : 9 }).length;
const bytesOf = (f: OutputBundle[string]) => (f.type === 'chunk' ? Buffer.from(f.code) : Buffer.from(f.source as Uint8Array | string));

/** Every chunk a module pulls in before it runs (static imports, transitively). */
function staticClosure(bundle: OutputBundle, start: string, seen = new Set<string>()): Set<string> {
  if (seen.has(start)) return seen;
  seen.add(start);
  for (const i of (bundle[start] as OutputChunk).imports) staticClosure(bundle, i, seen);
  return seen;
}

function sizeReport(): Plugin {
  return {
    name: 'crmkit-size-report',
    apply: 'build',
    generateBundle(_options, bundle) {
      const rows = Object.values(bundle)
        .filter((f) => !f.fileName.endsWith('.map') && !f.fileName.endsWith('.txt'))
        .map((f) => {
          const b = bytesOf(f);
          return { file: f.fileName, kind: f.type === 'chunk' ? (f.isEntry ? 'entry JS' : 'JS chunk') : 'asset', bytes: b.length, gzip: gz(b) };
        })
        .sort((a, b) => a.file.localeCompare(b.file));
      const size = (files: Iterable<string>) => [...files].reduce((s, f) => s + rows.find((r) => r.file === f)!.gzip, 0);
      // A page with one widget: its module and what that imports (first paint); then, when the source starts,
      // the engine module(s) it imports dynamically and their imports; then DuckDB's worker. Not the wasm.
      const paint = staticClosure(bundle, ONE_WIDGET);
      // The engine: the module getEngine/loadData import (internal/engine-code.ts) and what it imports. (Other
      // modules imported on demand, such as the server client's wire format, load only when used.)
      const engine = new Set<string>();
      const engineEntry = Object.values(bundle).find((f): f is OutputChunk => f.type === 'chunk' && /[/\\]internal[/\\]engine-code\.ts$/.test(f.facadeModuleId ?? ''));
      if (!engineEntry) throw new Error('crmkit build: no engine module (internal/engine-code.ts) in the bundle');
      for (const c of staticClosure(bundle, engineEntry.fileName)) if (!paint.has(c)) engine.add(c);
      const oneWidget = {
        page: `<crm-source> + <crm-pareto-curve> (import 'crmkit/pareto-curve')`,
        firstPaint: { files: [...paint], gzip: size(paint) },
        engineModules: { files: [...engine], gzip: size(engine) },
        worker: { files: ['duckdb-browser-eh.worker.js'], gzip: size(['duckdb-browser-eh.worker.js']) },
        beforeFirstQuery: size(paint) + size(engine) + size(['duckdb-browser-eh.worker.js']),
        wasmNotCounted: size(['duckdb-eh.wasm']),
        budget: 120_000,
      };
      const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`.padStart(11);
      const text = [
        'crmkit browser build sizes (bytes / gzip -9)',
        ...rows.map((r) => `${r.file.padEnd(32)} ${r.kind.padEnd(9)} ${kb(r.bytes)} ${kb(r.gzip)}`),
        '',
        `One-widget page, ${oneWidget.page}, gzip:`,
        `  first paint (${[...paint].join(' + ')})${kb(oneWidget.firstPaint.gzip)}`,
        `  engine modules, loaded on demand (${[...engine].join(' + ')})${kb(oneWidget.engineModules.gzip)}`,
        `  DuckDB worker${kb(oneWidget.worker.gzip)}`,
        `  before the first query, without the wasm${kb(oneWidget.beforeFirstQuery)} (budget ${kb(oneWidget.budget).trim()})`,
        `  the wasm, not counted${kb(oneWidget.wasmNotCounted)}`,
      ].join('\n');
      this.emitFile({ type: 'asset', fileName: 'sizes.json', source: JSON.stringify({ files: rows, oneWidget }, null, 2) + '\n' });
      this.emitFile({ type: 'asset', fileName: 'sizes.txt', source: text + '\n' });
      console.log('\n' + text);
    },
  };
}

export default defineConfig({
  // Asset URLs relative to the modules (new URL(x, import.meta.url)), not the site root.
  base: './',
  publicDir: false,
  plugins: [engineFiles(), parquetWorker(), plainAssetUrls(), thirdPartyNotices(), sizeReport()],
  build: {
    outDir: resolve(pkg, 'dist'),
    // scripts/build-packages.mjs empties dist/ and adds the declarations after this build.
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1000,
    assetsInlineLimit: 0,
    lib: {
      entry: Object.fromEntries([['crmkit', resolve(pkg, 'src/index.ts')], ...ELEMENTS.map((e) => [e, resolve(pkg, `src/${e}.ts`)])]),
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    rolldownOptions: {
      // Needed by includeDependenciesRecursively: false (entries may export more than they declare; nothing relies on it).
      preserveEntrySignatures: 'allow-extension',
      output: {
        assetFileNames: '[name][extname]',
        chunkFileNames: '[name].js',
        codeSplitting: {
          // A group takes only the modules its test names; what they import stays where it belongs (shared).
          includeDependenciesRecursively: false,
          groups: [
            // Each element's own code (the element, its styles, its define file) and its chart: one chunk, loaded by its
            // entry and by crmkit.js. Its messages stay shared: other elements show its names (stages, tiers).
            ...ELEMENTS.map((e) => ({ name: `parts/${e}`, priority: 3, test: (id: string) => partOf(id) === e })),
            // The "every element" list (define.ts) is crmkit.js's and dashboard.js's, not the shared chunk's.
            { name: 'parts/all', priority: 3, test: /[/\\]elements[/\\]src[/\\]define\.ts$/ },
            // Whatever two or more entries share: one chunk. Not the engine's code: the modules imported on demand
            // count as entries too, and what only they share must stay out of the page's first download.
            { name: 'shared', priority: 1, minShareCount: 2, test: (id: string) => !ENGINE_ONLY.test(id) },
          ],
        },
      },
    },
  },
});
