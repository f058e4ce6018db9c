/**
 * `pnpm bench`: crmkit against Arquero, plain TypeScript and native DuckDB on
 * generated data, in headless Chromium (Debian's) and Node.
 *
 *   pnpm bench [--sizes 100k,1m,10m] [--formats parquet,csv] [--runs N] [--clicks N]
 *              [--paths crmkit,widgets,cold,mosaic,arquero,plain,native] [--out bench/results] [--fresh]
 *              [--decode page]   widgets: Parquet decoded on the page's thread instead of crmkit's worker (for comparison)
 *   path cold: a new tab per run, nothing started: engine start + `src` set → four widgets drawn (coldRun in page.ts)
 *   path value: predicted value's first fit and score alone, each call on a fresh cache, with its steps (customerValueFirst in page.ts)
 *   pnpm bench --report     rewrite the markdown from the newest JSON (e.g. after editing bench/FINDINGS.md)
 *   pnpm bench --report <file.json> [--to <file.md>]   the markdown of that JSON, on stdout (or into --to)
 *   pnpm bench --server [--sizes 1m,10m,100m] [--clicks N]   the server engine (bench/server.ts)
 *
 * Data: bench/data/<size>/ (generated with the seeded generator when missing).
 * Results: bench/results/<date>.json, <date>.md and latest.md; sizes measured
 * earlier the same day and not measured again are kept (`--fresh`: start over). Every figure
 * comes from this run; a crash, out-of-memory or time-out is recorded as the
 * result of that step, not as a failure of the run.
 */
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { cpus, loadavg, totalmem, freemem } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile, execFileSync } from 'node:child_process';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { generate } from '../datasets/generate.js';
import { compareSummaries, type Disagreement, type Summaries } from './analyses.js';
import type { CrmBench } from './page.js';
import { report, type BenchResults, type SizeResult, type FormatResult, type PathResult } from './report.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = resolve(benchDir, '..');
const require = createRequire(join(root, 'packages/core/package.json'));
const duckdbDist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
/** This run's own page bundle: runs started at the same time on the machine do not overwrite each other's. */
const distDir = join(benchDir, 'dist', `run-${process.pid}`);
const dataDir = join(benchDir, 'data');

// ------------------------------------------------------------------ options

const SIZES: Record<string, number> = { '10k': 10_000, '100k': 100_000, '1m': 1_000_000, '10m': 10_000_000 };
const PATHS = ['crmkit', 'widgets', 'cold', 'mosaic', 'arquero', 'plain', 'native', 'funnel', 'value'] as const;
type PathName = (typeof PATHS)[number];

function args() {
  const a = process.argv.slice(2);
  const get = (name: string) => {
    const i = a.findIndex((x) => x === `--${name}` || x.startsWith(`--${name}=`));
    if (i < 0) return undefined;
    return a[i].includes('=') ? a[i].split('=')[1] : a[i + 1];
  };
  const sizes = (get('sizes') ?? '100k,1m,10m').split(',').map((s) => s.trim().toLowerCase());
  for (const s of sizes) if (!SIZES[s]) throw new Error(`unknown size ${s} (use ${Object.keys(SIZES).join(', ')})`);
  const formats = (get('formats') ?? 'parquet,csv').split(',') as ('parquet' | 'csv')[];
  const paths = (get('paths') ?? PATHS.join(',')).split(',') as PathName[];
  for (const p of paths) if (!PATHS.includes(p)) throw new Error(`unknown path ${p} (use ${PATHS.join(', ')})`);
  return {
    sizes,
    formats,
    paths,
    runs: get('runs') ? Number(get('runs')) : undefined,
    clicks: Number(get('clicks') ?? 20),
    out: resolve(root, get('out') ?? 'bench/results'),
    fresh: a.includes('--fresh'),
    decode: (get('decode') === 'page' ? 'page' : 'worker') as 'page' | 'worker',
  };
}

/** Repetitions: one at 10 M, where one load takes tens of seconds (the run must stay bounded). */
const runsFor = (rows: number, override?: number) => override ?? (rows >= 5_000_000 ? 1 : rows >= 500_000 ? 3 : 5);
/** Cross-filter clicks: fewer at 10 M. */
const clicksFor = (rows: number, clicks: number) => (rows >= 5_000_000 ? Math.min(clicks, 5) : clicks);
/** Time limit of one step (crmkit's steps get twice this). */
const limitFor = (rows: number) => (rows >= 5_000_000 ? 5 : rows >= 500_000 ? 3 : 2) * 60_000;

// ------------------------------------------------------------------ data

async function dataFile(size: string, format: 'parquet' | 'csv'): Promise<string> {
  const dir = join(dataDir, size);
  const find = () => (existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith(`-transactions.${format}`)) : undefined);
  let f = find();
  if (!f) {
    console.log(`generating ${size} transactions (${format}) into ${dir} …`);
    await generate({ transactions: SIZES[size], seed: 1, format, out: dir });
    f = find();
  }
  return join(dir, f!);
}

// ------------------------------------------------------------------ page bundle and static server

async function buildPage(): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'warn',
    root: benchDir,
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      outDir: distDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: false,
      lib: { entry: join(benchDir, 'page.ts'), formats: ['es'], fileName: () => 'page.js' },
    },
  });
  // crmkit's Parquet decoder worker, one script as the library build ships it (vite.lib.config.ts), served where
  // setAssetBase('/__duckdb/') looks for it.
  await build({
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir: distDir,
      emptyOutDir: false,
      target: 'es2022',
      minify: false,
      lib: { entry: join(root, 'packages/core/src/loaders/parquet-worker.ts'), formats: ['es'], fileName: () => PARQUET_WORKER },
      rolldownOptions: { output: { codeSplitting: false } },
    },
  });
  writeFileSync(join(distDir, 'index.html'), '<!doctype html>\n<meta charset="utf-8">\n<title>crmkit bench</title>\n<body>\n<script type="module" src="/dist/page.js"></script>\n');
}

const PARQUET_WORKER = 'crmkit-parquet.worker.js';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.csv': 'text/csv', '.parquet': 'application/octet-stream' };

function serve(): Promise<{ server: Server; origin: string }> {
  const mounts: [string, string][] = [
    ['/__duckdb/', duckdbDist],
    ['/data/', dataDir],
    ['/dist/', distDir],
  ];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file: string | undefined;
    if (path === '/') file = join(distDir, 'index.html');
    for (const [prefix, dir] of mounts) {
      if (path.startsWith(prefix)) {
        const f = normalize(join(dir, path.slice(prefix.length)));
        if (f.startsWith(dir)) file = f;
      }
    }
    if (path === `/__duckdb/${PARQUET_WORKER}`) file = join(distDir, PARQUET_WORKER);
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': statSync(file).size, 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

// ------------------------------------------------------------------ machine and memory sampling

/** The commit measured (with "+changes" when the working tree differs from it). */
function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'packages', 'bench'], { cwd: root }).toString().trim();
    return dirty ? `${head}+changes` : head;
  } catch {
    return 'unknown';
  }
}

let browserPid = 0;

/** Chromium processes on the machine that are not this run's browser (e.g. other test runs). */
function otherChromium(): number {
  const parent = new Map<number, number>();
  const chrome: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (/chrom/i.test(stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')))) chrome.push(Number(d));
    } catch {
      /* process ended */
    }
  }
  const mine = (pid: number) => {
    for (let p = pid, i = 0; p > 1 && i < 20; p = parent.get(p) ?? 0, i++) if (p === browserPid) return true;
    return false;
  };
  return chrome.filter((p) => !browserPid || !mine(p)).length;
}

/** Load average, CPUs, memory, and other Chromium processes running (e.g. tests) at this moment. */
function machine() {
  return { loadavg: loadavg().map((x) => Math.round(x * 100) / 100), cpus: cpus().length, totalMemBytes: totalmem(), freeMemBytes: freemem(), chromiumProcesses: otherChromium(), at: new Date().toISOString() };
}

/** Resident memory of a process tree's renderers, sampled every 100 ms; `peak` is the largest single renderer. */
function rssSampler(rootPid: number) {
  let peak = 0;
  const page = 4096;
  const tick = () => {
    const parent = new Map<number, number>();
    const rss = new Map<number, number>();
    const renderer = new Set<number>();
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        parent.set(Number(d), Number(rest[1]));
        rss.set(Number(d), Number(rest[21]) * page);
        if (readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('--type=renderer')) renderer.add(Number(d));
      } catch {
        /* process ended */
      }
    }
    const mine = (pid: number): boolean => {
      for (let p = pid, i = 0; p > 1 && i < 20; p = parent.get(p) ?? 0, i++) if (p === rootPid) return true;
      return false;
    };
    for (const pid of renderer) if (mine(pid)) peak = Math.max(peak, rss.get(pid) ?? 0);
  };
  const timer = setInterval(tick, 100);
  return {
    reset() {
      peak = 0;
    },
    stop(): number {
      tick();
      clearInterval(timer);
      return peak;
    },
  };
}

// ------------------------------------------------------------------ running one path in its own tab

async function inTab<T>(ctxFactory: () => Promise<BrowserContext>, origin: string, rootPid: number, limitMs: number, fn: (page: Page) => Promise<T>): Promise<{ value?: T; error?: string; peakRendererRss: number; peakJsHeapCdp?: number; ms: number }> {
  const sampler = rssSampler(rootPid);
  const ctx = await ctxFactory();
  const page = await ctx.newPage();
  // The page's JS heap as Chromium's DevTools protocol reports it (Performance.getMetrics: JSHeapUsedSize), sampled
  // every 250 ms: the page cannot report its own memory (measureUserAgentSpecificMemory needs cross-origin isolation).
  let peakJsHeapCdp = 0;
  const cdp = await ctx.newCDPSession(page).catch(() => undefined);
  await cdp?.send('Performance.enable').catch(() => undefined);
  let sampling = false;
  const heapTimer = setInterval(() => {
    if (!cdp || sampling) return;
    sampling = true;
    cdp
      .send('Performance.getMetrics')
      .then((m) => {
        const used = m.metrics.find((x) => x.name === 'JSHeapUsedSize')?.value ?? 0;
        peakJsHeapCdp = Math.max(peakJsHeapCdp, used);
      })
      .catch(() => undefined)
      .finally(() => (sampling = false));
  }, 250);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  let crashed: (e: Error) => void = () => undefined;
  const crash = new Promise<never>((_, reject) => (crashed = reject));
  page.on('crash', () => crashed(new Error('the tab crashed (renderer out of memory or killed)')));
  const t0 = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => (window as unknown as { crmBench?: { ready: boolean } }).crmBench?.ready === true, undefined, { timeout: 60_000 });
    const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`stopped after ${Math.round(limitMs / 1000)} s`)), limitMs)));
    const value = await Promise.race([fn(page), crash, limit]);
    return { value, peakRendererRss: sampler.stop(), peakJsHeapCdp: peakJsHeapCdp || undefined, ms: Date.now() - t0 };
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    return { error: errors.length ? `${msg} (${errors[0]})` : msg, peakRendererRss: sampler.stop(), peakJsHeapCdp: peakJsHeapCdp || undefined, ms: Date.now() - t0 };
  } finally {
    clearInterval(heapTimer);
    clearTimeout(timer);
    crash.catch(() => undefined);
    await ctx.close().catch(() => undefined);
  }
}

type Bench = CrmBench;
const call = <K extends keyof Bench>(page: Page, name: K, ...a: unknown[]) =>
  page.evaluate(({ name, a }) => (window as unknown as { crmBench: Record<string, (...x: unknown[]) => unknown> }).crmBench[name](...a), { name, a }) as Promise<Awaited<ReturnType<Bench[K] extends (...x: never[]) => unknown ? Bench[K] : never>>>;

function runNativeProcess(file: string, format: string, runs: number, threads: number | undefined, limitMs: number): Promise<{ value?: Record<string, unknown>; error?: string }> {
  const tsx = join(root, 'node_modules/.bin/tsx');
  const a = [join(benchDir, 'native.ts'), '--file', file, '--format', format, '--runs', String(runs)];
  if (threads) a.push('--threads', String(threads));
  return new Promise((resolveP) => {
    execFile(tsx, a, { cwd: root, timeout: limitMs, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) return resolveP({ error: `${err.killed ? 'stopped (time limit)' : 'failed'}: ${(stderr || err.message).split('\n').filter(Boolean).slice(-1)[0]}` });
      try {
        resolveP({ value: JSON.parse(stdout.trim().split('\n').pop()!) });
      } catch (e) {
        resolveP({ error: `unreadable output: ${(e as Error).message}` });
      }
    });
  });
}

// ------------------------------------------------------------------ main

async function main() {
  const opt = args();
  const started = new Date();
  console.log(`crmkit bench: sizes ${opt.sizes.join(', ')}; formats ${opt.formats.join(', ')}; paths ${opt.paths.join(', ')}`);
  await buildPage();
  const { server, origin } = await serve();
  const bs = await chromium.launchServer({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--enable-precise-memory-info',
      '--js-flags=--max-old-space-size=4096',
    ],
  });
  const rootPid = bs.process().pid!;
  browserPid = rootPid;
  const browser = await chromium.connect(bs.wsEndpoint());
  const newCtx = () => browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const chromiumVersion = browser.version();
  const results: BenchResults = {
    date: started.toISOString().slice(0, 10),
    started: started.toISOString(),
    machine: machine(),
    chromium: chromiumVersion,
    node: process.version,
    options: { sizes: opt.sizes, formats: opt.formats, paths: opt.paths, runs: opt.runs ?? null, clicks: opt.clicks, decode: opt.decode },
    sizes: [],
  };
  loadEarlier(opt.out, results.date, opt.fresh);
  try {
    for (const size of opt.sizes) {
      const target = SIZES[size];
      const runs = runsFor(target, opt.runs);
      const limit = limitFor(target);
      const sr: SizeResult = { size, target, runs, commit: commit(), machineBefore: machine(), formats: [] };
      if (opt.paths.includes('crmkit')) {
        console.log(`[${size}] engine start ×${runs}`);
        const r = await inTab(newCtx, origin, rootPid, limit, (p) => call(p, 'engineStart', runs));
        sr.engineStart = r.value ?? null;
        if (r.error) sr.engineStartError = r.error;
      }
      if (opt.paths.includes('funnel')) {
        // The conversion funnel (visit → add_to_cart → purchase, 7-day window) on `target` events made in the page.
        console.log(`[${size}] conversion funnel on ${target.toLocaleString('en')} events ×${runs}`);
        const r = await inTab(newCtx, origin, rootPid, limit, (p) => call(p, 'funnelRun', target, runs));
        sr.funnel = r.value ?? null;
        if (r.error) sr.funnelError = r.error;
        console.log(`[${size}] funnel: ${r.error ? 'ERROR ' + r.error : JSON.stringify((r.value as { times?: unknown })?.times)}`);
      }
      // The funnel alone makes its own events: no transactions files are needed (or generated).
      for (const format of opt.paths.every((p) => p === 'funnel') ? [] : opt.formats) {
        const file = await dataFile(size, format);
        const url = `/data/${size}/${file.split('/').pop()}`;
        const fr: FormatResult = { format, file: url, bytes: statSync(file).size, paths: {} };
        const record = (name: PathName, r: { value?: unknown; error?: string; peakRendererRss?: number; peakJsHeapCdp?: number; ms?: number }) => {
          const pr: PathResult = { ...(r.value as object), peakRendererRss: r.peakRendererRss, peakJsHeapCdp: r.peakJsHeapCdp, wallMs: r.ms, error: r.error };
          fr.paths[name] = pr;
          console.log(`[${size} ${format}] ${name}: ${r.error ? 'ERROR ' + r.error : 'ok'} (${Math.round((r.ms ?? 0) / 1000)} s)`);
        };
        if (opt.paths.includes('crmkit')) {
          record(
            'crmkit',
            await inTab(newCtx, origin, rootPid, limit * 2, async (p) => {
              const load = await call(p, 'crmkitLoad', url, runs);
              const queries = await call(p, 'crmkitQueries', runs);
              const crossFilter = await call(p, 'crossFilterCompare', runs);
              const customerValue = await call(p, 'customerValueRun', runs);
              const campaignExport = await call(p, 'campaignExportRun', runs);
              return { load, queries, crossFilter, customerValue, campaignExport };
            }),
          );
        }
        if (opt.paths.includes('value')) {
          // Two tabs, the variants' order reversed in the second: each variant is once the page's first call.
          const tabs = [];
          for (const reversed of [false, true]) {
            tabs.push(
              await inTab(newCtx, origin, rootPid, limit * 2, async (p) => {
                await call(p, 'crmkitLoad', url, 1);
                return call(p, 'customerValueFirst', runs, reversed);
              }),
            );
          }
          record('value', { value: { tabs: tabs.map((t) => t.value ?? t.error) }, error: tabs.find((t) => t.error)?.error, ms: tabs.reduce((a, t) => a + t.ms, 0) });
          console.log(`[${size} ${format}] value: ${JSON.stringify(fr.paths.value)}`);
        }
        const crmErr = fr.paths.crmkit?.error;
        if (opt.paths.includes('widgets') && crmErr && target >= 5_000_000) record('widgets', { error: `not run: crmkit's own load failed at this size (${crmErr})` });
        else if (opt.paths.includes('widgets')) record('widgets', await inTab(newCtx, origin, rootPid, limit * 2, (p) => call(p, 'widgetsRun', url, runs, clicksFor(target, opt.clicks), true, opt.decode)));
        // A cold page per run (a new tab: engine start + `src` set → drawn); the first failure (a crash) ends the step.
        if (opt.paths.includes('cold') && crmErr && target >= 5_000_000) record('cold', { error: `not run: crmkit's own load failed at this size (${crmErr})` });
        else if (opt.paths.includes('cold')) {
          const tabs: Awaited<ReturnType<typeof inTab>>[] = [];
          for (let i = 0; i < runs && !tabs.some((t) => t.error); i++) tabs.push(await inTab(newCtx, origin, rootPid, limit, (p) => call(p, 'coldRun', `${url}?cold=${i}`)));
          const ok = tabs.filter((t) => t.value).map((t) => ({ ...(t.value as object), peakRendererRss: t.peakRendererRss }));
          record('cold', { value: { runs: ok }, error: tabs.find((t) => t.error)?.error, peakRendererRss: Math.max(0, ...tabs.map((t) => t.peakRendererRss)), ms: tabs.reduce((a, t) => a + t.ms, 0) });
        }
        // Mosaic reads CSV only here: its Parquet path asks DuckDB for the parquet extension, fetched from the internet.
        if (opt.paths.includes('mosaic')) {
          if (format === 'csv') record('mosaic', await inTab(newCtx, origin, rootPid, limit * 2, (p) => call(p, 'mosaicRun', url, runs, clicksFor(target, opt.clicks))));
          else record('mosaic', { error: 'not run: offline, Mosaic reads CSV only (its Parquet reader is a DuckDB extension fetched from the internet)' });
        }
        // Comparison paths: one load per run below 10 M; at 10 M one load (each takes a minute or more).
        const loads = target >= 5_000_000 ? 1 : runs;
        if (opt.paths.includes('arquero')) record('arquero', await inTab(newCtx, origin, rootPid, limit, (p) => call(p, 'arqueroRun', url, format, runs, loads)));
        if (opt.paths.includes('plain')) record('plain', await inTab(newCtx, origin, rootPid, limit, (p) => call(p, 'plainRun', url, format, runs, loads)));
        if (opt.paths.includes('native')) {
          const t0 = Date.now();
          const n2 = await runNativeProcess(file, format, runs, undefined, limit);
          record('native', { ...n2, ms: Date.now() - t0 });
          const t1 = Date.now();
          const n1 = await runNativeProcess(file, format, runs, 1, limit);
          fr.paths.native1 = { ...(n1.value as object), wallMs: Date.now() - t1, error: n1.error };
        }
        fr.agreement = agreement(fr);
        sr.formats.push(fr);
      }
      sr.machineAfter = machine();
      results.sizes.push(sr);
      write(results, opt.out); // after every size: a later crash keeps what was measured
    }
  } finally {
    await browser.close().catch(() => undefined);
    await bs.close().catch(() => undefined);
    server.close();
    rmSync(distDir, { recursive: true, force: true });
  }
  results.finished = new Date().toISOString();
  const files = write(results, opt.out);
  console.log(`\nwrote ${files.join(', ')}`);
}

/** Every path's figures against crmkit's (DuckDB-WASM). */
function agreement(fr: FormatResult): Record<string, Disagreement[] | string> {
  const ref = (fr.paths.crmkit as { queries?: { summaries: Summaries } } | undefined)?.queries?.summaries;
  const out: Record<string, Disagreement[] | string> = {};
  const shown = (fr.paths.widgets as { shown?: Record<string, number[] | null> } | undefined)?.shown;
  if (ref && shown) {
    const expected: Record<string, number[]> = {
      pyramid: ref.pyramid.tiers.map((t) => t.customers),
      funnel: ref.funnel.stages.map((s) => s.customers),
      pareto: [ref.pareto.n, ref.pareto.kCut, ref.pareto.kTarget],
      matrix: ref.matrix.quadrants.map((q) => q.n),
    };
    out.widgets = Object.entries(expected)
      .filter(([k, e]) => JSON.stringify(shown[k]) !== JSON.stringify(e))
      .map(([k, e]) => ({ analysis: k, field: 'customers shown', expected: JSON.stringify(e), actual: JSON.stringify(shown[k]) }));
  }
  // After each click, every other widget's figures against its analysis over the clauses' predicates alone (bench/page.ts crossCheck).
  const wc = fr.paths.widgets as { crossChecked?: number; crossMismatches?: string[] } | undefined;
  if (wc?.crossChecked) {
    out[`widgets cross-filtered (${wc.crossChecked} clicks, against the general path)`] = (wc.crossMismatches ?? []).map((m) => ({ analysis: 'click', field: m, expected: '', actual: '' }));
  }
  for (const name of ['native', 'native1', 'arquero', 'plain'] as const) {
    const s = (fr.paths[name] as { summaries?: Summaries } | undefined)?.summaries;
    if (!ref) out[name] = 'crmkit has no result to compare with';
    else if (!s) out[name] = 'no result';
    else out[name] = compareSummaries(ref, s);
  }
  return out;
}

/** Sizes measured earlier the same day (and not measured again in this run) are kept, unless `--fresh`. */
let earlier: SizeResult[] = [];
function loadEarlier(outDir: string, date: string, fresh: boolean) {
  const json = join(outDir, `${date}.json`);
  if (fresh || !existsSync(json)) return;
  try {
    earlier = (JSON.parse(readFileSync(json, 'utf8')) as BenchResults).sizes ?? [];
  } catch {
    earlier = [];
  }
}

function write(current: BenchResults, outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const order = Object.keys(SIZES);
  const kept = earlier.filter((e) => !current.sizes.some((s) => s.size === e.size));
  const results = { ...current, sizes: [...kept, ...current.sizes].sort((a, b) => order.indexOf(a.size) - order.indexOf(b.size)) };
  const json = join(outDir, `${results.date}.json`);
  const md = join(outDir, `${results.date}.md`);
  writeFileSync(json, JSON.stringify(results, null, 1) + '\n');
  const text = report(results);
  writeFileSync(md, text);
  writeFileSync(join(outDir, 'latest.md'), text);
  return [json, md, join(outDir, 'latest.md')];
}

/** `--server`: the server engine at scale instead (bench/server.ts: ingest, first draw and cross-filter over HTTP). */
if (process.argv.includes('--server')) {
  await import('./server.js');
} else if (process.argv.includes('--report') && process.argv[process.argv.indexOf('--report') + 1]?.endsWith('.json')) {
  // One JSON's markdown, without touching the results (e.g. to check the report on an earlier run).
  const a = process.argv.slice(2);
  const file = resolve(a[a.indexOf('--report') + 1]);
  const text = report(JSON.parse(readFileSync(file, 'utf8')) as BenchResults);
  const to = a.includes('--to') ? resolve(a[a.indexOf('--to') + 1]) : undefined;
  if (to) {
    writeFileSync(to, text);
    console.log(`wrote ${to} from ${file}`);
  } else process.stdout.write(text);
} else if (process.argv.includes('--report')) {
  const out = args().out;
  const latest = readdirSync(out).filter((f) => /^\d{4}-\d{2}-\d{2}\.json$/.test(f)).sort().pop();
  if (!latest) throw new Error(`no results in ${out}`);
  const results = JSON.parse(readFileSync(join(out, latest), 'utf8')) as BenchResults;
  const text = report(results);
  writeFileSync(join(out, `${results.date}.md`), text);
  writeFileSync(join(out, 'latest.md'), text);
  console.log(`wrote ${join(out, `${results.date}.md`)} and latest.md from ${latest}`);
} else {
  await main();
}
