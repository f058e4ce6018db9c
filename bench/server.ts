/**
 * `pnpm bench --server` (or `tsx bench/server.ts`): crmkit's server engine at scale.
 *
 *   tsx bench/server.ts [--sizes 1m,10m,100m] [--clicks 18] [--threads N] [--memory-limit 4GB] [--reuse] [--in-place] [--prefetch]
 *
 * `--reuse` keeps a DuckDB file ingested by an earlier run (its ingest time is
 * kept beside it in `<size>.duckdb.json`); `--in-place` serves the file's table
 * through a view instead of copying it into the server's database at start;
 * `--prefetch` lets the pointer enter the clicked widget before each click and
 * waits, untimed, for what that sets off (the other widgets' requests for each
 * of its groups, sent ahead): its row is kept apart (`<size>+prefetch`).
 *
 * For each size:
 * 1. ingest: generated transactions (seeded: customers, dates over three years,
 *    order ids, amounts, costs, quantities; about 20 lines per customer)
 *    written by native DuckDB into bench/data/server/<size>.duckdb — time reported;
 * 2. the server started on that file (the per-customer table built at start) — time to ready;
 * 3. from a page in headless Chromium over HTTP: `<crm-source server dataset>`
 *    with four widgets (KPIs, pyramid, Pareto, matrix): first draw, then
 *    cross-filter clicks (tier, rank range, quadrant, and clearing each), p50/p95;
 * 4. the server's memory (process RSS and DuckDB's own) sampled throughout, peak reported.
 *
 * Results: bench/results/server.json and server.md (sizes measured earlier and
 * not measured again are kept). A size that fails records its error.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync, createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { chromium } from 'playwright-core';
import { build } from 'vite';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = resolve(benchDir, '..');
const dataDir = join(benchDir, 'data/server');
const distDir = join(benchDir, 'data/server-page');
const outDir = join(benchDir, 'results');

const SIZES: Record<string, number> = { '100k': 100_000, '1m': 1_000_000, '10m': 10_000_000, '100m': 100_000_000 };
const SERVER_PORT = Number(process.env.CRMKIT_BENCH_SERVER_PORT) || 8348;
const PAGE_PORT = SERVER_PORT + 1;

function args() {
  const a = process.argv.slice(2);
  const get = (name: string) => {
    const i = a.findIndex((x) => x === `--${name}` || x.startsWith(`--${name}=`));
    if (i < 0) return undefined;
    return a[i].includes('=') ? a[i].split('=')[1] : a[i + 1];
  };
  const sizes = (get('sizes') ?? '1m').split(',').map((s) => s.trim().toLowerCase());
  for (const s of sizes) if (!SIZES[s]) throw new Error(`unknown size ${s} (use ${Object.keys(SIZES).join(', ')})`);
  return { sizes, clicks: Number(get('clicks') ?? 18), threads: Number(get('threads') ?? cpus().length), memoryLimit: get('memory-limit'), reuse: a.includes('--reuse'), inPlace: a.includes('--in-place'), prefetch: a.includes('--prefetch') };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
const round = (x: number) => Math.round(x);

/** Generated transactions into a DuckDB file (seeded: the same rows every time). */
async function ingest(size: string, reuse = false): Promise<{ file: string; ms: number; bytes: number; customers: number }> {
  const n = SIZES[size];
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, `${size}.duckdb`);
  const sidecar = `${file}.json`;
  if (reuse && existsSync(sidecar) && existsSync(file)) return { ...(JSON.parse(readFileSync(sidecar, 'utf8')) as { ms: number; customers: number }), file, bytes: statSync(file).size };
  const customers = Math.max(1, Math.round(n / 20));
  const db = await DuckDBInstance.create(file);
  const c = await db.connect();
  const t0 = performance.now();
  await c.run('DROP TABLE IF EXISTS orders');
  // hash(i, k) spreads row i over customers, dates, amounts deterministically; a skewed customer
  // choice (square of a uniform) gives some customers many orders and most a few, as in retail.
  // The uniform has 10^9 steps, so 100 M rows reach their 5 M customers (10^6 steps gave 950 k).
  await c.run(`CREATE TABLE orders AS
    WITH r AS (SELECT i, (hash(i, 1) % 1000000000)::DOUBLE / 1000000000 AS u1, (hash(i, 2) % 1000000)::DOUBLE / 1000000 AS u2, hash(i, 3) % 1096 AS d FROM range(${n}) t(i))
    SELECT 'o' || (i // 2) AS order_id,
      'c' || lpad(CAST(CAST(floor(u1 * u1 * ${customers}) AS BIGINT) AS VARCHAR), 8, '0') AS customer_id,
      DATE '2022-01-01' + CAST(d AS INTEGER) AS order_date,
      CAST(1 + hash(i, 4) % 5 AS DOUBLE) AS quantity,
      round(5 + u2 * u2 * 495, 2) AS amount,
      round((5 + u2 * u2 * 495) * 0.6, 2) AS cost,
      CASE hash(i, 5) % 3 WHEN 0 THEN 'web' WHEN 1 THEN 'store' ELSE 'app' END AS channel
    FROM r`);
  await c.run('CHECKPOINT');
  const ms = performance.now() - t0;
  const distinct = Number((await c.runAndReadAll('SELECT count(DISTINCT customer_id) AS n FROM orders')).getRowObjectsJS()[0].n);
  c.closeSync();
  db.closeSync();
  writeFileSync(sidecar, JSON.stringify({ ms, customers: distinct, load: loadavg()[0] }));
  return { file, ms, bytes: statSync(file).size, customers: distinct };
}

/** The server's request log lines (one JSON object a line) while a size is measured. */
let serverLog: Record<string, unknown>[] = [];

async function startServer(file: string, threads: number, memoryLimit?: string, inPlace = false): Promise<{ child: ChildProcess; ms: number }> {
  const cfgFile = join(dataDir, 'server.json');
  writeFileSync(
    cfgFile,
    JSON.stringify({
      port: SERVER_PORT,
      engine: { threads, memoryLimit, workDir: join(dataDir, 'work') },
      datasets: { bench: { transactions: { database: file, table: 'orders', inPlace } } },
      auth: { anonymous: { datasets: '*' } },
      cors: { origins: [`http://127.0.0.1:${PAGE_PORT}`] },
      limits: { timeoutMs: 600_000, concurrentQueries: 8 },
    }),
  );
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts', '--config', cfgFile], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  serverLog = [];
  let rest = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString('utf8')).split('\n');
    rest = lines.pop() ?? '';
    for (const l of lines) {
      try {
        serverLog.push(JSON.parse(l) as Record<string, unknown>);
      } catch {
        /* not a log line */
      }
    }
  });
  const deadline = Date.now() + 30 * 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server stopped (exit ${child.exitCode})`);
    try {
      if ((await fetch(`http://127.0.0.1:${SERVER_PORT}/health`)).ok) return { child, ms: performance.now() - t0 };
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGTERM');
  throw new Error('the server did not start within 30 minutes');
}

async function buildPage() {
  await build({
    configFile: false,
    logLevel: 'warn',
    root: benchDir,
    define: { 'process.env.NODE_ENV': '"production"' },
    build: { outDir: distDir, emptyOutDir: true, target: 'es2022', minify: false, lib: { entry: join(benchDir, 'server-page.ts'), formats: ['es'], fileName: () => 'page.js' } },
  });
  writeFileSync(join(distDir, 'index.html'), '<!doctype html>\n<meta charset="utf-8">\n<title>crmkit server bench</title>\n<body>\n<script type="module" src="/page.js"></script>\n');
}

function servePage(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(distDir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(distDir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': extname(file) === '.html' ? 'text/html' : 'text/javascript' });
    createReadStream(file).pipe(res);
  });
  return new Promise((r) => server.listen(PAGE_PORT, '127.0.0.1', () => r(server)));
}

interface SizeResult {
  size: string;
  rows: number;
  customers?: number;
  ingestMs?: number;
  fileBytes?: number;
  serverReadyMs?: number;
  firstDrawMs?: number;
  clicks?: { n: number; p50: number; p95: number; max: number };
  memory?: { rssPeak: number; duckdbPeak: number };
  /** When, and the machine's 1-minute load average at the start (2 cores: above 2 means waiting for a core). */
  measuredAt?: string;
  load?: number;
  /** Requests during the clicks answered from the server's kept answers (no query). */
  keptAnswers?: number;
  /** Server-side query time of each analysis in the first draw. */
  firstDrawQueries?: Record<string, number>;
  /** The file's table served through a view (`inPlace`), not copied in at start. */
  inPlace?: boolean;
  /** Clicks after the pointer entered the widget and what it set off was done (`--prefetch`); that work's time per click, p50 / max. */
  prefetch?: { p50: number; max: number };
  /** Each click: what, ms. */
  clickLog?: { what: string; ms: number }[];
  /** Server-side query time per analysis during the clicks (from the server's log). */
  perAnalysis?: Record<string, { n: number; p50: number; p95: number }>;
  error?: string;
}

async function measure(size: string, opts: ReturnType<typeof args>): Promise<SizeResult> {
  const out: SizeResult = { size: opts.prefetch ? `${size}+prefetch` : size, rows: SIZES[size], measuredAt: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC', load: Math.round(loadavg()[0] * 10) / 10 };
  let child: ChildProcess | undefined;
  let sampler: NodeJS.Timeout | undefined;
  try {
    console.log(`${size}: ingesting …`);
    const ing = await ingest(size, opts.reuse);
    Object.assign(out, { ingestMs: round(ing.ms), fileBytes: ing.bytes, customers: ing.customers });
    console.log(`${size}: starting the server …`);
    const s = await startServer(ing.file, opts.threads, opts.memoryLimit, opts.inPlace);
    out.inPlace = opts.inPlace || undefined;
    child = s.child;
    out.serverReadyMs = round(s.ms);
    const mem = { rssPeak: 0, duckdbPeak: 0 };
    const sample = async () => {
      try {
        const h = (await (await fetch(`http://127.0.0.1:${SERVER_PORT}/health`)).json()) as { memory: { rss: number; duckdb: number } };
        mem.rssPeak = Math.max(mem.rssPeak, h.memory.rss);
        mem.duckdbPeak = Math.max(mem.duckdbPeak, h.memory.duckdb);
      } catch {
        /* busy */
      }
    };
    await sample();
    sampler = setInterval(() => void sample(), 200);
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'] });
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${PAGE_PORT}/`);
      await page.waitForFunction(() => 'crmServerBench' in window);
      const drawFrom = serverLog.length;
      const first = await page.evaluate(([url]) => (window as any).crmServerBench.firstDraw(url, 'bench'), [`http://127.0.0.1:${SERVER_PORT}`]); // eslint-disable-line @typescript-eslint/no-explicit-any
      if (first.errors.length) throw new Error(`first draw: ${first.errors.join('; ')}`);
      out.firstDrawMs = round(first.ms);
      out.firstDrawQueries = Object.fromEntries(serverLog.slice(drawFrom).filter((l) => typeof l.analysis === 'string' && typeof l.queryMs === 'number').map((l) => [l.analysis as string, l.queryMs as number]));
      console.log(`${size}: first draw ${out.firstDrawMs} ms; clicking …`);
      const times: number[] = [];
      const ahead: number[] = [];
      out.clickLog = [];
      // The server's log lines of the clicks themselves (requests sent ahead are not the clicks').
      const clickLines: Record<string, unknown>[] = [];
      for (let i = 0; i < opts.clicks; i++) {
        if (opts.prefetch) {
          const a = await page.evaluate((k) => (window as any).crmServerBench.ahead(k), i); // eslint-disable-line @typescript-eslint/no-explicit-any
          if (a !== undefined && a !== null) ahead.push(a);
        }
        const from = serverLog.length;
        const started = Date.now();
        const c = await page.evaluate((k) => (window as any).crmServerBench.click(k), i); // eslint-disable-line @typescript-eslint/no-explicit-any
        if (c.errors.length) throw new Error(`click ${c.what}: ${c.errors.join('; ')}`);
        times.push(c.ms);
        out.clickLog.push({ what: c.what, ms: round(c.ms) });
        // Requests the click sent (one sent ahead and answered meanwhile started before it).
        clickLines.push(...serverLog.slice(from).filter((l) => typeof l.analysis === 'string' && typeof l.queryMs === 'number' && Date.parse(String(l.time)) - Number(l.ms) >= started - 5));
      }
      if (opts.prefetch) {
        out.prefetch = { p50: round(pct(ahead, 50)), max: round(Math.max(...ahead)) };
      }
      out.clicks = { n: times.length, p50: round(pct(times, 50)), p95: round(pct(times, 95)), max: round(Math.max(...times)) };
      const by = new Map<string, number[]>();
      // Answers kept from an identical earlier request (clearing a selection) ran no query: counted apart.
      out.keptAnswers = clickLines.filter((l) => l.cached).length;
      for (const l of clickLines) if (!l.cached) by.set(l.analysis as string, [...(by.get(l.analysis as string) ?? []), l.queryMs as number]);
      out.perAnalysis = Object.fromEntries([...by].map(([k, v]) => [k, { n: v.length, p50: round(pct(v, 50)), p95: round(pct(v, 95)) }]));
    } finally {
      await browser.close();
    }
    await sample();
    out.memory = mem;
  } catch (e) {
    out.error = String((e as Error).message ?? e).slice(0, 500);
    console.error(`${size}: ${out.error}`);
  } finally {
    if (sampler) clearInterval(sampler);
    child?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
  }
  return out;
}

const mb = (b?: number) => (b === undefined ? '–' : `${Math.round(b / 1e6)} MB`);
const s = (ms?: number) => (ms === undefined ? '–' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`);

function markdown(results: SizeResult[], meta: Record<string, unknown>): string {
  const all = Object.keys(SIZES);
  const rows = results.map(
    (r) =>
      `| ${r.size}${r.inPlace ? ' (in place)' : ''} | ${r.customers?.toLocaleString('en') ?? '–'} | ${s(r.ingestMs)} | ${mb(r.fileBytes)} | ${s(r.serverReadyMs)} | ${s(r.firstDrawMs)} | ${r.clicks ? `${r.clicks.p50} / ${r.clicks.p95} ms (${r.clicks.n})${r.prefetch ? `, ahead p50 ${s(r.prefetch.p50)} max ${s(r.prefetch.max)}` : ''}` : '–'} | ${mb(r.memory?.rssPeak)} / ${mb(r.memory?.duckdbPeak)} | ${r.measuredAt ?? '–'} (${r.load ?? '–'}) | ${r.error ?? ''} |`,
  );
  const missing = all.filter((x) => !results.some((r) => r.size === x));
  const names = [...new Set(results.flatMap((r) => Object.keys(r.perAnalysis ?? {})))].sort();
  const breakdown = names.length
    ? `\nServer-side query time per analysis during the clicks (p50 / p95, from the server's log; each click re-runs the other three widgets' analyses; answers the server had kept from an identical request are left out: ${results
        .filter((r) => r.keptAnswers !== undefined)
        .map((r) => `${r.size} ${r.keptAnswers}`)
        .join(', ') || 'none'}):\n\n| size | ${names.join(' | ')} |\n|---|${names.map(() => '---').join('|')}|\n${results
        .filter((r) => r.perAnalysis)
        .map((r) => `| ${r.size} | ${names.map((n) => (r.perAnalysis![n] ? `${r.perAnalysis![n].p50} / ${r.perAnalysis![n].p95} ms` : '–')).join(' | ')} |`)
        .join('\n')}\n`
    : '';
  const firsts = results.filter((r) => r.firstDrawQueries && Object.keys(r.firstDrawQueries).length);
  const firstTable = firsts.length
    ? `\nServer-side query time of each analysis in the first draw (the KPI tiles' first run also builds the per-customer window figures every later click reads):\n\n| size | ${names.join(' | ')} |\n|---|${names.map(() => '---').join('|')}|\n${firsts
        .map((r) => `| ${r.size}${r.inPlace ? ' (in place)' : ''} | ${names.map((n) => (r.firstDrawQueries![n] !== undefined ? s(r.firstDrawQueries![n]) : '–')).join(' | ')} |`)
        .join('\n')}\n`
    : '';
  return `# crmkit server at scale

\`pnpm bench --server --sizes …\` (bench/server.ts). ${meta.date}; ${meta.cpus} cores, ${mb(meta.totalmem as number)} RAM, server threads ${meta.threads}${meta.memoryLimit ? `, memory limit ${meta.memoryLimit}` : ''}. The machine is shared: figures are from a busy 2-core box.

Ingest: generated transactions (about 20 lines per customer, three years, with order ids, costs and quantities) written into a DuckDB file by native DuckDB.
Server ready: start to /health, including the per-customer table built from the file.
First draw: \`<crm-source server dataset>\` set → KPIs, pyramid, Pareto curve and profit matrix drawn, in headless Chromium over HTTP.
Cross-filter: a click (a tier, a rank range, a quadrant, and clearing each) → every other widget redrawn; p50 / p95 over the clicks.
Memory: the server's peak process RSS / DuckDB's own (\`duckdb_memory()\`) during the run.
\`<size>+prefetch\`: before each click the pointer enters the clicked widget and what it sets off (the other widgets' requests for each of its groups and for clearing its own selection, sent ahead; on the Pareto curve, for the range dragged to) is waited for, untimed; "ahead" is that wait. \`(in place)\`: the file's table is read through a view (\`inPlace\`), not copied into the server's database at start. A size run with \`--reuse\` keeps the DuckDB file of an earlier run and the ingest time measured when it was written.

| size | customers | ingest | DuckDB file | server ready | first draw | cross-filter p50 / p95 | memory RSS / DuckDB | measured (load average) | error |
|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}
${breakdown}${firstTable}
${missing.length ? `Not run: ${missing.join(', ')}${missing.includes('100m') ? ' (100 M rows: ingest and the per-customer table alone would take longer than the time available on this shared 2-core machine; run `pnpm bench --server --sizes 100m` on a larger one)' : ''}.` : ''}
`;
}

async function main() {
  const opts = args();
  console.log('building the page …');
  await buildPage();
  const page = await servePage();
  const jsonFile = join(outDir, 'server.json');
  const previous: SizeResult[] = existsSync(jsonFile) ? (JSON.parse(readFileSync(jsonFile, 'utf8')) as { results: SizeResult[] }).results : [];
  const results = new Map(previous.map((r) => [r.size, r]));
  try {
    for (const size of opts.sizes) {
      const r = await measure(size, opts);
      results.set(r.size, r);
    }
  } finally {
    page.close();
  }
  const ordered = Object.keys(SIZES).flatMap((k) => [k, `${k}+prefetch`]).filter((k) => results.has(k)).map((k) => results.get(k)!);
  const meta = { date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC', cpus: cpus().length, totalmem: totalmem(), threads: opts.threads, memoryLimit: opts.memoryLimit };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(jsonFile, JSON.stringify({ meta, results: ordered }, null, 2));
  writeFileSync(join(outDir, 'server.md'), markdown(ordered, meta));
  console.log(markdown(ordered, meta));
}

await main();
