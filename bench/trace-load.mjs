#!/usr/bin/env node
/**
 * Where the page's main-thread time goes while 1 M Parquet rows load into the four widgets: one load with
 * Parquet decoded in crmkit's worker and one decoded on the page (`--decode page` of `pnpm bench`), each under
 * Chromium's timeline trace. Prints, for the loading phase (until `crm-load`), the longest tasks by wall time and
 * by main-thread CPU time (the trace's thread time: what a task costs on a core of its own, whatever else runs on
 * the machine), and the longest tasks of the drawing that follows, with what they spent it on.
 *
 *   node bench/trace-load.mjs [--size 1m]     (after `pnpm bench`, which builds bench/dist and the data)
 */
import http from 'node:http';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'packages/core/package.json'));
const duckdbDist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
const { chromium } = createRequire(join(root, 'package.json'))('playwright-core');
const size = process.argv.includes('--size') ? process.argv[process.argv.indexOf('--size') + 1] : '1m';
const dataDir = join(root, 'bench/data', size);
const file = existsSync(dataDir) ? readdirSync(dataDir).find((f) => f.endsWith('-transactions.parquet')) : undefined;
if (!existsSync(join(root, 'bench/dist/page.js')) || !file) throw new Error(`run \`pnpm bench --sizes ${size} --paths widgets\` first (bench/dist and bench/data/${size})`);

const mounts = [['/__duckdb/', duckdbDist], ['/data/', join(root, 'bench/data')], ['/dist/', join(root, 'bench/dist')]];
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
const server = http
  .createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let f = path === '/' ? join(root, 'bench/dist/index.html') : undefined;
    for (const [p, d] of mounts) if (path.startsWith(p)) f = normalize(join(d, path.slice(p.length)));
    if (path === '/__duckdb/crmkit-parquet.worker.js') f = join(root, 'bench/dist/crmkit-parquet.worker.js');
    if (!f || !existsSync(f) || !statSync(f).isFile()) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(f)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(f).pipe(res);
  })
  .listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const isTask = (e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask';
try {
  for (const decode of ['worker', 'page']) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => window.crmBench?.ready === true);
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    const [run] = (await page.evaluate(([url, decode]) => window.crmBench.widgetsRun(url, 1, 0, false, decode), [`/data/${size}/${file}`, decode])).render;
    const trace = JSON.parse((await browser.stopTracing()).toString());
    await page.close();
    const events = trace.traceEvents ?? trace;
    const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
    const count = new Map();
    for (const e of events) if (mains.has(`${e.pid}:${e.tid}`)) count.set(`${e.pid}:${e.tid}`, (count.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
    const main = [...count].sort((a, b) => b[1] - a[1])[0][0];
    const X = events.filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X' && e.dur !== undefined);
    const tasks = X.filter(isTask);
    // The run ends with its last long task (the widgets' last drawing); it began `total` before.
    const end = Math.max(...tasks.filter((t) => t.dur > 40_000).map((t) => t.ts + t.dur));
    const start = end - run.total * 1000;
    const loadEnd = start + run.load * 1000;
    const inLoad = tasks.filter((t) => t.ts >= start && t.ts < loadEnd);
    const drawing = tasks.filter((t) => t.ts >= loadEnd && t.ts <= end);
    const what = (t) =>
      X.filter((e) => e !== t && !isTask(e) && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur)
        .sort((a, b) => b.dur - a.dur)
        .slice(0, 3)
        .map((e) => `${e.name} ${(e.dur / 1000).toFixed(0)} ms`)
        .join(', ') ||
      X.filter((e) => e.ts >= t.ts && e.ts <= t.ts + t.dur && e.dur === 0).map((e) => e.name).join(', ') ||
      '(nothing traced inside)';
    const fmt = (t) => `wall ${(t.dur / 1000).toFixed(0)} ms, CPU ${((t.tdur ?? 0) / 1000).toFixed(0)} ms: ${what(t)}`;
    console.log(`\n${size} Parquet, decoded ${decode === 'page' ? "on the page's thread" : "in crmkit's worker"}: src set → drawn ${(run.total / 1000).toFixed(2)} s (load ${(run.load / 1000).toFixed(2)} s)`);
    console.log('  loading, longest by CPU:');
    for (const t of [...inLoad].sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0)).slice(0, 3)) console.log(`    ${fmt(t)}`);
    console.log('  loading, longest by wall time:');
    for (const t of [...inLoad].sort((a, b) => b.dur - a.dur).slice(0, 3)) console.log(`    ${fmt(t)}`);
    console.log('  drawing, longest by CPU:');
    for (const t of [...drawing].sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0)).slice(0, 3)) console.log(`    ${fmt(t)}`);
  }
} finally {
  await browser.close();
  server.close();
}
