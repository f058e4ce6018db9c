// Browser tests: Debian's Chromium, headless, no network but localhost.
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { createRequire } from 'node:module';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createReadStream, existsSync, statSync } from 'node:fs';

const root = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(root, 'packages/core/package.json'));
const duckdbDist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));

const TYPES = { '.wasm': 'application/wasm', '.js': 'text/javascript', '.csv': 'text/csv', '.txt': 'text/plain', '.gz': 'application/gzip', '.parquet': 'application/octet-stream', '.json': 'application/json', '.arrow': 'application/octet-stream' };

/** Serve a folder under a URL prefix (engine files, the repository's datasets). */
function mount(prefix, dir) {
  return async (ctx, next) => {
    if (!ctx.path.startsWith(prefix)) return next();
    const file = normalize(join(dir, decodeURIComponent(ctx.path.slice(prefix.length))));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) return next();
    ctx.type = TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream';
    ctx.length = statSync(file).size;
    ctx.body = createReadStream(file);
  };
}

/**
 * `/gzip-encoded/<path>`: a file of the repository's datasets/ sent with Content-Encoding: gzip (as a web server
 * compressing on the fly does; the browser decompresses it). A `.gz` file there is sent as its own compressed bytes.
 */
function gzipEncoded(prefix, dir) {
  return async (ctx, next) => {
    if (!ctx.path.startsWith(prefix)) return next();
    const path = normalize(join(dir, decodeURIComponent(ctx.path.slice(prefix.length))));
    if (!path.startsWith(dir)) return next();
    const { readFileSync } = await import('node:fs');
    const { gzipSync } = await import('node:zlib');
    let body;
    if (existsSync(path + '.gz')) body = readFileSync(path + '.gz');
    else if (existsSync(path) && statSync(path).isFile()) body = gzipSync(readFileSync(path));
    else return next();
    ctx.type = TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream';
    ctx.set('Content-Encoding', 'gzip');
    ctx.body = body;
  };
}

/**
 * `/__duckdb/crmkit-parquet.worker.js` (where `setAssetBase('/__duckdb/')` looks for the Parquet decoder worker, as the
 * library build ships it): the worker's source, which the dev server compiles. A redirect, so the module's own imports
 * resolve from its real path.
 */
/** Files may be fetched from the other host name (localhost / 127.0.0.1: another origin), as from an asset host. */
const crossOrigin = (ctx, next) => {
  ctx.set('Access-Control-Allow-Origin', '*');
  return next();
};
const parquetWorker = (ctx, next) => (ctx.path === '/__duckdb/crmkit-parquet.worker.js' ? ctx.redirect('/packages/core/src/loaders/parquet-worker.ts') : next());

// Data fixtures (not the .ts/.js beside them, which the dev server compiles) as raw bytes.
const serveFixture = mount('/test/fixtures/', join(root, 'test/fixtures'));
const fixtures = (ctx, next) => (/\.(ts|js|mjs)$/.test(ctx.path) ? next() : serveFixture(ctx, next));

const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';

export default {
  rootDir: root,
  // Several runs at once (e.g. in parallel work) each need their own port.
  port: Number(process.env.WTR_PORT) || 8000,
  files: process.env.WTR_FILES
    ? process.env.WTR_FILES.split(',')
    : ['test/browser/**/*.test.ts', 'packages/*/test/**/*.browser.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'import', 'default'] },
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 120_000,
  testsStartTimeout: 120_000,
  testsFinishTimeout: 1_200_000,
  testFramework: { config: { timeout: 120_000 } },
  // Fixtures are served as raw bytes (the dev server would re-decode text files as UTF-8, breaking UTF-16/Big5/GBK ones).
  middleware: [crossOrigin, parquetWorker, mount('/__duckdb/', duckdbDist), mount('/datasets/', join(root, 'datasets')), gzipEncoded('/gzip-encoded/', join(root, 'datasets')), fixtures],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: join(root, 'tsconfig.json') })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromium,
        headless: true,
        args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      },
    }),
  ],
};
