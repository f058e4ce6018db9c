/**
 * The built demo site (dist/demo, made by `pnpm build:demo`, which also builds the packages: packages/crmkit/dist is copied to crmkit/)
 * opened in Chromium with every request to a host other than 127.0.0.1/localhost aborted. Each demo and
 * embedding page must render its widgets with the right numbers; expected numbers are computed here in plain
 * TypeScript from datasets/cdnow/cdnow_transactions.csv (an independent path from DuckDB).
 *
 *   pnpm test:e2e                       build, then test
 *   UPDATE_SCREENSHOTS=1 pnpm test:e2e  also refresh test/screenshots/demo-*.png (linked from the README)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, existsSync, readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { serve } from './server.js';

const root = resolve(import.meta.dirname, '../..');
const dist = join(root, 'dist/demo');
const shots = join(root, 'test/screenshots');
const UPDATE = process.env.UPDATE_SCREENSHOTS === '1';

// ---------------------------------------------------------------- expected numbers, from the CSV itself

const csv = readFileSync(join(root, 'datasets/cdnow/cdnow_transactions.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
const tx = csv.map((l) => {
  const [id, date, , amount] = l.split(',');
  return { id, date, amount: Number(amount) };
});
const fmt = (n: number) => n.toLocaleString('en-US');
const ROWS = tx.length; // 69,659
const byCustomer = new Map<string, number>();
for (const t of tx) byCustomer.set(t.id, (byCustomer.get(t.id) ?? 0) + t.amount);
const CUSTOMERS = byCustomer.size; // 23,570
// KPI window: the 365 days before the as-of date (the day after the last order, 1998-07-01).
const inWindow = tx.filter((t) => t.date >= '1997-07-01' && t.date < '1998-07-01');
const WINDOW_REVENUE = Math.round(inWindow.reduce((s, t) => s + t.amount, 0));
const WINDOW_ACTIVE = new Set(inWindow.map((t) => t.id)).size;
// Pareto: the top 20 % of customers by revenue and their share of all revenue.
const revenues = [...byCustomer.values()].sort((a, b) => b - a);
const TOP20 = Math.round(CUSTOMERS * 0.2);
const TOP20_SHARE = (100 * revenues.slice(0, TOP20).reduce((s, x) => s + x, 0)) / revenues.reduce((s, x) => s + x, 0);

// ---------------------------------------------------------------- browser helpers

interface ElementInfo {
  tag: string;
  defined: boolean;
  state?: string;
  text: string;
  chart: boolean;
  busy: boolean;
  loading: boolean;
  error: string;
  empty: boolean;
  svgBox: number;
}

/** Every crm-* element of the page (light DOM), with what its shadow DOM shows. A string: no transpiler helpers. */
const INSPECT = `(() => {
  const found = [];
  const walk = (root) => {
    for (const e of root.querySelectorAll('*')) {
      if (!e.localName.startsWith('crm-')) continue;
      found.push(e);
      if (e.shadowRoot) walk(e.shadowRoot);
    }
  };
  walk(document);
  return found.map((e) => {
    const r = e.shadowRoot;
    const q = (s) => r ? r.querySelector(s) : null;
    const svg = q('[part="chart"] svg');
    const box = svg ? svg.getBoundingClientRect() : null;
    return {
      tag: e.localName,
      defined: !!customElements.get(e.localName),
      state: e.state,
      text: r ? r.textContent.replace(/\\s+/g, ' ').trim() : '',
      chart: !!q('[part="chart"]'),
      busy: q('[part="chart"]')?.getAttribute('aria-busy') === 'true',
      loading: !!q('[part="loading"]') || !!q('[part="progress"]'),
      error: (q('[part="error"]')?.textContent ?? '').trim(),
      empty: !!q('[part="empty"]'),
      svgBox: box ? box.width * box.height : 0,
    };
  });
})()`;

/** Page errors and console errors of each open page (reported when a page does not settle). */
const pageProblems = new WeakMap<Page, string[]>();

const inspect = (page: Page) => page.evaluate(INSPECT) as Promise<ElementInfo[]>;

/** Wait until every source is ready or failed and every registered widget has settled. (Polled from here:
 * waitForFunction evaluates strings with eval, which the CSP pages rightly forbid.) */
async function settled(page: Page, timeout = 90_000): Promise<ElementInfo[]> {
  const done = (els: ElementInfo[]) =>
    els.some((e) => e.tag === 'crm-source') &&
    els.every((e) =>
      !e.defined ? true
      : e.tag === 'crm-source' ? e.state === 'ready' || e.state === 'error'
      : WIDGETS.includes(e.tag) ? !e.loading && !e.busy && (e.chart || !!e.error || e.empty)
      : true, // containers and helpers (crm-dashboard, filter chips, customer card)
    );
  const t0 = Date.now();
  let els: ElementInfo[] = [];
  while (Date.now() - t0 < timeout) {
    els = await inspect(page);
    if (done(els)) {
      // One more frame for charts that size themselves after the data arrives.
      await page.waitForTimeout(300);
      return inspect(page);
    }
    await page.waitForTimeout(250);
  }
  const seen = pageProblems.get(page) ?? [];
  throw new Error(`page did not settle in ${timeout / 1000} s: ${JSON.stringify(els.map((e) => ({ tag: e.tag, state: e.state, text: e.text.slice(0, 120) })))}; errors: ${seen.join(' | ')}`);
}

/** The analysis widgets (containers such as crm-dashboard hold them). */
const WIDGETS = ['crm-kpis', 'crm-pareto-curve', 'crm-lifecycle-funnel', 'crm-segment-pyramid', 'crm-profit-matrix', 'crm-customer-list'];

/** The numbers every page on CDNOW must show, for each registered widget it has. */
function checkCdnow(els: ElementInfo[], lang: 'en' | 'zh-Hant' = 'en') {
  const sources = els.filter((e) => e.tag === 'crm-source');
  assert.ok(sources.length >= 1, 'a crm-source on the page');
  for (const s of sources) {
    assert.equal(s.state, 'ready', `crm-source ready (${s.text})`);
    const expected = lang === 'en' ? `${fmt(ROWS)} transactions · ${fmt(CUSTOMERS)} customers` : `${fmt(ROWS)} 筆交易 · ${fmt(CUSTOMERS)} 位顧客`;
    assert.ok(s.text.includes(expected), `crm-source says "${expected}": ${s.text}`);
  }
  for (const w of els.filter((e) => e.defined && WIDGETS.includes(e.tag))) {
    if (w.tag === 'crm-profit-matrix' && !w.chart) {
      // CDNOW has no cost column: without cost-per-order the widget says what to add (an empty state, not an error).
      assert.ok(w.empty && /map-cost/.test(w.text) && /cost-per-order/.test(w.text), `profit matrix explains the missing cost: ${w.text.slice(0, 200)}`);
      continue;
    }
    assert.equal(w.error, '', `${w.tag} shows no error`);
    assert.ok(w.chart, `${w.tag} rendered its chart`);
    if (w.tag === 'crm-kpis') {
      assert.ok(w.text.includes(fmt(WINDOW_ACTIVE)), `KPI active customers ${fmt(WINDOW_ACTIVE)} in: ${w.text.slice(0, 300)}`);
      assert.ok(w.text.includes(fmt(WINDOW_REVENUE)), `KPI revenue ${fmt(WINDOW_REVENUE)} in: ${w.text.slice(0, 300)}`);
    }
    if (w.tag === 'crm-pareto-curve') {
      assert.ok(w.svgBox > 10_000, 'Pareto curve drawn at a visible size');
      assert.ok(w.text.includes(`${TOP20_SHARE.toFixed(1)}%`), `Pareto top-20 % share ${TOP20_SHARE.toFixed(1)}% in: ${w.text.slice(0, 300)}`);
      assert.ok(w.text.includes(fmt(TOP20)), `Pareto top-20 % count ${fmt(TOP20)}`);
    }
    if (w.tag === 'crm-lifecycle-funnel' || w.tag === 'crm-segment-pyramid') assert.ok(w.svgBox > 10_000 || w.text.length > 20, `${w.tag} drawn`);
  }
}

/** A CSV of n transactions (1 M customers, dates over 2024), written in chunks: ~27 bytes a row. */
async function writeBigCsv(path: string, n: number) {
  const out = createWriteStream(path);
  const write = (s: string) => new Promise<void>((ok) => (out.write(s) ? ok() : out.once('drain', ok)));
  await write('customer_id,order_date,amount\n');
  let chunk = '';
  for (let i = 0; i < n; i++) {
    chunk += `C${i % 1_000_000},2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')},${(i % 997) / 10}\n`;
    if (chunk.length > 1 << 20) (await write(chunk), (chunk = ''));
  }
  await write(chunk);
  await new Promise<void>((ok, no) => out.end((e?: Error) => (e ? no(e) : ok())));
}

/** A fresh folder for files a test picks; all of them are removed after the run. */
const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'crmkit-e2e-'));
  tempDirs.push(dir);
  return dir;
}

/** The generated 10 M-row CSV (~270 MB), written once for the tests that pick it. */
const ROWS_10M = 10_000_000;
let tenMillion: Promise<string> | undefined;
const tenMillionCsv = () =>
  (tenMillion ??= (async () => {
    const file = join(tempDir(), 'ten-million.csv');
    await writeBigCsv(file, ROWS_10M);
    return file;
  })());

// ---------------------------------------------------------------- the run

let browser: Browser;
let context: BrowserContext;
let base = '';
let stop: () => void = () => {};
const blocked: string[] = [];
/** Response headers for particular paths of the demo server (e.g. a CSP header). */
const extraHeaders = new Map<string, Record<string, string>>();

async function open(file: string, opts: { width?: number; height?: number } = {}) {
  const page = await context.newPage();
  await page.setViewportSize({ width: opts.width ?? 1200, height: opts.height ?? 1000 });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 404/.test(m.text())) problems.push(`console: ${m.text().slice(0, 300)}`);
  });
  pageProblems.set(page, problems);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${base}/${file}`);
  return { page, problems, requests };
}

async function screenshot(page: Page, name: string) {
  // The viewport, not the full page: what a person sees on opening it.
  await page.screenshot({ path: join(shots, UPDATE ? `${name}.png` : `${name}.actual.png`) });
}

before(async () => {
  if (!existsSync(join(dist, 'index.html')) || !existsSync(join(dist, 'crmkit/crmkit.js'))) {
    throw new Error('dist/demo is missing or incomplete: run `pnpm build:demo` first (pnpm test:e2e does).');
  }
  const s = await serve(dist, 0, (path) => extraHeaders.get(path) ?? {});
  base = s.url;
  stop = () => {
    s.server.closeAllConnections();
    s.server.close();
  };
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  context = await browser.newContext();
  // Content-Security-Policy violations, from the first script on.
  await context.addInitScript(`window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber));`);
  // No internet: anything not on this machine is aborted (and recorded: a page must not even try).
  await context.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    if (host === '127.0.0.1' || host === 'localhost') return route.continue();
    blocked.push(route.request().url());
    return route.abort('internetdisconnected');
  });
});

after(async () => {
  await browser?.close();
  stop();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('demo site, offline', { concurrency: false }, () => {
  it('the network block works (a request to another host fails)', async () => {
    const { page } = await open('index.html');
    const res = await page.evaluate(`fetch('https://example.com/').then(() => 'reached', (e) => 'failed: ' + e.message)`);
    assert.match(String(res), /^failed/);
    assert.deepEqual(blocked.splice(0), ['https://example.com/']);
    await page.close();
  });

  it('dashboard (index.html) on CDNOW', async () => {
    const { page, problems } = await open('index.html', { height: 1400 });
    const els = await settled(page);
    checkCdnow(els);
    const shown = els.filter((e) => e.defined && WIDGETS.includes(e.tag)).map((e) => e.tag);
    const registered = (await page.evaluate(`${JSON.stringify(WIDGETS)}.filter((t) => customElements.get(t))`)) as string[];
    // Every registered widget is on the dashboard (in the page's grid or inside <crm-dashboard>).
    assert.deepEqual([...new Set(shown)].sort(), registered.sort());
    const nav = (await page.evaluate(`[...document.querySelectorAll('nav.site a')].map((a) => a.getAttribute('href'))`)) as string[];
    for (const f of readdirSync(dist).filter((f) => f.endsWith('.html'))) assert.ok(nav.includes(`./${f}`), `nav links ${f}`);
    // The link to the Chinese page is marked as Chinese and drawn with the site's Chinese font (not a system font's boxes).
    const zhLink = (await page.evaluate(
      `(async () => { const a = document.querySelector('nav.site a[href="./zh-Hant.html"]'); await document.fonts.ready; return { lang: a.lang, font: getComputedStyle(a).fontFamily, loaded: [...document.fonts].some((f) => f.family.replace(/"/g, '') === 'Noto Sans TC' && f.status === 'loaded') }; })()`,
    )) as { lang: string; font: string; loaded: boolean };
    assert.equal(zhLink.lang, 'zh-Hant');
    assert.match(zhLink.font, /^"?Noto Sans TC"?,/);
    assert.ok(zhLink.loaded, 'a Noto Sans TC subset is loaded for the Chinese link');
    await screenshot(page, 'demo-dashboard-en');
    assert.deepEqual(problems, []);
    assert.deepEqual(blocked, []);
    await page.close();
  });

  it('dashboard in zh-Hant', async () => {
    const { page, problems } = await open('zh-Hant.html', { height: 1400 });
    const els = await settled(page);
    checkCdnow(els, 'zh-Hant');
    const kpis = els.find((e) => e.tag === 'crm-kpis' && e.defined);
    if (kpis) assert.ok(kpis.text.includes('關鍵指標'), 'KPI tiles speak Traditional Chinese');
    // The Chinese font is served by the site itself.
    await page.evaluate('document.fonts.ready');
    const fonts = (await page.evaluate(`[...document.fonts].filter((f) => f.family.includes('Noto Sans TC') && f.status === 'loaded').length`)) as number;
    assert.ok(fonts > 0, 'Noto Sans TC loaded from the site');
    await screenshot(page, 'demo-dashboard-zh-Hant');
    assert.deepEqual(problems, []);
    assert.deepEqual(blocked, []);
    await page.close();
  });

  it('use your own data: drop a file with unknown headers, map them in the form, see the dashboard', async () => {
    const file = join(tempDir(), 'my-shop.csv');
    // CDNOW with headers crmkit cannot guess.
    writeFileSync(file, ['who,when,n,paid', ...csv].join('\n') + '\n');
    const { page, problems, requests } = await open('own-data.html', { height: 1400 });
    assert.match((await page.textContent('#privacy')) ?? '', /not uploaded anywhere/);
    await page.locator('crm-source input[type=file]').setInputFiles(file);
    // Auto-mapping fails; the form offers the file's headers.
    await page.waitForSelector('form#mapping:not([hidden]) select[name=customer_id] option[value=who]', { timeout: 60_000, state: 'attached' });
    const options = await page.$$eval('select[name=amount] option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    assert.deepEqual(options, ['', 'who', 'when', 'n', 'paid']);
    await page.selectOption('select[name=customer_id]', 'who');
    await page.selectOption('select[name=order_date]', 'when');
    await page.selectOption('select[name=amount]', 'paid');
    await page.selectOption('select[name=quantity]', 'n');
    await page.waitForFunction(() => {
      const s = document.querySelector('crm-source') as (Element & { state: string }) | null;
      return s?.getAttribute('map-amount') === 'paid' && s.state === 'ready';
    }, undefined, { timeout: 60_000 });
    const els = await settled(page);
    checkCdnow(els);
    assert.ok(els.some((e) => e.defined && e.tag !== 'crm-source'), 'a widget shows the dropped data');
    await screenshot(page, 'demo-own-data');
    // Nothing went anywhere: every request stayed on this server and none sent the file.
    assert.ok(requests.every((u) => u.startsWith(base)), requests.filter((u) => !u.startsWith(base)).join(', '));
    assert.deepEqual(problems.filter((p) => !/mapped|missing|column/i.test(p)), []);
    assert.deepEqual(blocked, []);
    await page.close();
  });

  it('a 10 M-row file picked on the own-data page: progress shows, Cancel stops it, the page loads the next file', async () => {
    const big = await tenMillionCsv();
    const small = join(tempDir(), 'cdnow.csv');
    writeFileSync(small, ['customer_id,order_date,quantity,amount', ...csv].join('\n') + '\n');
    const { page, problems } = await open('own-data.html', { height: 1200 });
    try {
      await page.evaluate(`(() => {
        window.__phases = []; window.__outcomes = [];
        const s = document.querySelector('crm-source');
        s.addEventListener('crm-progress', (e) => { if (window.__phases.at(-1) !== e.detail.phase) window.__phases.push(e.detail.phase); });
        for (const t of ['crm-load', 'crm-error']) s.addEventListener(t, (e) => window.__outcomes.push({ type: t, code: e.detail.code, message: e.detail.message, rows: e.detail.rows }));
      })()`);
      await page.locator('crm-source input[type=file]').setInputFiles(big);
      // Progress: the status names the file and a phase, and the bar is there while the engine reads it.
      const status = page.locator('crm-source [part=status]');
      await status.waitFor({ timeout: 60_000 });
      assert.match((await status.textContent()) ?? '', /ten-million\.csv/);
      assert.equal(await page.locator('crm-source [part=progress]').count(), 1);
      await page.waitForFunction(`window.__phases.includes('load')`, undefined, { timeout: 120_000 });
      // The page answers while the engine works in its worker.
      const t = Date.now();
      assert.equal(await page.evaluate('1 + 1'), 2);
      assert.ok(Date.now() - t < 2_000, 'the page stays responsive while loading');
      await page.locator('crm-source [part=cancel]').click();
      await page.waitForFunction(`window.__outcomes.length > 0`, undefined, { timeout: 30_000 });
      const [cancelled] = (await page.evaluate('window.__outcomes')) as { type: string; code: string; message: string }[];
      assert.deepEqual([cancelled.type, cancelled.code, cancelled.message], ['crm-error', 'cancelled', 'Loading ten-million.csv was cancelled.']);
      assert.equal(await page.locator('crm-source [part=error]').textContent(), 'Loading ten-million.csv was cancelled.');
      // The engine stopped reading: the next file loads and the dashboard shows it.
      await page.locator('crm-source input[type=file]').setInputFiles(small);
      await page.waitForFunction(`window.__outcomes.length > 1`, undefined, { timeout: 120_000 });
      const next = ((await page.evaluate('window.__outcomes')) as { type: string; rows?: number; message?: string }[])[1];
      assert.equal(next.type, 'crm-load', next.message);
      assert.equal(next.rows, ROWS);
      checkCdnow(await settled(page));
      assert.deepEqual(problems, []);
      assert.deepEqual(blocked, []);
    } finally {
      await page.close();
    }
  });

  it('a 10 M-row file loads to the end: every widget of the own-data page draws it', async () => {
    const big = await tenMillionCsv();
    const { page, problems } = await open('own-data.html', { height: 1200 });
    try {
      await page.locator('crm-source input[type=file]').setInputFiles(big);
      const t0 = Date.now();
      await page.waitForFunction(`['ready', 'error'].includes(document.querySelector('crm-source').state)`, undefined, { timeout: 480_000 });
      const text = (await page.locator('crm-source [part~=summary]').first().textContent()) ?? '';
      console.log(`# 10 M rows loaded in ${Math.round((Date.now() - t0) / 1000)} s (no time limit here; see pnpm bench): ${text}`);
      assert.match(text, /10,000,000 transactions · 1,000,000 customers/);
      const els = await settled(page, 240_000);
      for (const w of els.filter((e) => e.defined && e.tag !== 'crm-source' && !e.tag.startsWith('crm-filter'))) assert.ok(w.chart || w.text, `${w.tag} shows the data`);
      // The file has no cost column: the matrix says what to add (an empty state); nothing fails.
      assert.deepEqual(els.filter((e) => e.error).map((e) => `${e.tag}: ${e.error}`), []);
      assert.ok(els.some((e) => e.tag === 'crm-profit-matrix' && e.empty && /cost-per-order/.test(e.text)), 'the matrix names cost-per-order');
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  for (const [file, shot] of [
    ['embed-html.html', 'embed-plain-html'],
    ['embed-react.html', 'embed-react'],
    ['embed-vue.html', 'embed-vue'],
  ] as const) {
    it(`embedding: ${file}`, async () => {
      const { page, problems, requests } = await open(file, { height: 1400 });
      const els = await settled(page);
      checkCdnow(els);
      if (file === 'embed-react.html') assert.equal(await page.textContent('#react-status'), `React heard crm-load: ${fmt(ROWS)} transactions, ${fmt(CUSTOMERS)} customers.`);
      if (file === 'embed-vue.html') assert.equal(await page.textContent('#vue-status'), `Vue heard crm-load: ${fmt(ROWS)} transactions, ${fmt(CUSTOMERS)} customers.`);
      if (file === 'embed-html.html') {
        // One module script, the distribution build, and its engine files beside it.
        const scripts = (await page.evaluate(`[...document.scripts].map((s) => s.type + ' ' + s.getAttribute('src'))`)) as string[];
        assert.deepEqual(scripts, ['module ./crmkit/crmkit.js']);
        for (const f of ['crmkit/crmkit.js', 'crmkit/duckdb-eh.wasm', 'crmkit/duckdb-browser-eh.worker.js']) assert.ok(requests.includes(`${base}/${f}`), `fetched ${f}`);
      }
      await screenshot(page, `demo-${shot}`);
      assert.deepEqual(problems, []);
      assert.deepEqual(blocked, []);
      await page.close();
    });
  }

  it('embedding: CMS page with hostile global CSS, widgets in a sidebar and a content column', async () => {
    const { page, problems } = await open('embed-cms.html', { height: 1400 });
    const els = await settled(page);
    checkCdnow(els);
    const geo = (await page.evaluate(`(() => {
      const box = (s) => { const r = document.querySelector(s).getBoundingClientRect(); return { left: r.left, right: r.right, width: r.width }; };
      return { sidebar: box('.sidebar'), content: box('.content'), kpis: box('.sidebar crm-kpis'), pareto: box('.content crm-pareto-curve') };
    })()`)) as Record<string, { left: number; right: number; width: number }>;
    // Each widget stays inside its column and uses it.
    assert.ok(geo.kpis.left >= geo.sidebar.left - 1 && geo.kpis.right <= geo.sidebar.right + 1, `KPIs inside the sidebar ${JSON.stringify(geo)}`);
    assert.ok(geo.pareto.left >= geo.content.left - 1 && geo.pareto.right <= geo.content.right + 1, 'Pareto inside the content column');
    assert.ok(geo.pareto.width > geo.content.width * 0.8, 'Pareto uses the content column');
    // The page's `svg { display: none }` does not reach the charts (the widget's own check: svgBox above).
    await screenshot(page, 'demo-embed-cms');
    assert.deepEqual(problems, []);
    assert.deepEqual(blocked, []);
    await page.close();
  });

  it('embedding under a strict Content Security Policy (no unsafe-eval, no inline script)', async () => {
    const { page, problems } = await open('embed-csp.html');
    const els = await settled(page);
    checkCdnow(els);
    const policy = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(policy ?? '', /script-src 'self' 'wasm-unsafe-eval';/);
    assert.doesNotMatch(policy ?? '', /unsafe-inline|'unsafe-eval'/);
    assert.deepEqual(await page.evaluate('window.__csp'), []);
    assert.deepEqual(problems, []);
    assert.deepEqual(blocked, []);
    await page.close();
  });

  it('engine files on another origin: crmkit-asset-base meta, CSP header with blob: worker', async () => {
    // A second server (another port: another origin) hosts only the engine files.
    const fromAssets: string[] = [];
    const assets = await serve(join(dist, 'crmkit'), 0, (path) => (fromAssets.push(path.slice(1)), { 'Access-Control-Allow-Origin': '*' }));
    const assetBase = assets.url + '/';
    const policy = `default-src 'self'; script-src 'self' ${assetBase} 'wasm-unsafe-eval'; worker-src 'self' blob:; connect-src 'self' ${assetBase}; style-src 'self'; img-src 'self' data: blob:`;
    // A real file (a document fulfilled by the test tool cannot start cross-origin worker scripts).
    const testPage = join(dist, 'asset-base-test.html');
    writeFileSync(
      testPage,
      `<!doctype html><meta charset="utf-8"><title>asset base</title><meta name="crmkit-asset-base" content="${assetBase}">
      <script type="module" src="./crmkit/crmkit.js"></script>
      <crm-source src="./cdnow/cdnow_transactions.csv"></crm-source><crm-pareto-curve></crm-pareto-curve>`,
    );
    extraHeaders.set('/asset-base-test.html', { 'Content-Security-Policy': policy });
    const { page, problems } = await open('asset-base-test.html');
    rmSync(testPage);
    const els = await settled(page);
    checkCdnow(els);
    assert.deepEqual(await page.evaluate('window.__csp'), []);
    assert.ok(fromAssets.includes('duckdb-eh.wasm') && fromAssets.includes('duckdb-browser-eh.worker.js'), `engine files from the asset host: ${fromAssets}`);
    assert.deepEqual(problems, []);
    assert.deepEqual(blocked, []);
    await page.close();
    assets.server.closeAllConnections();
    assets.server.close();
  });

  it('a Parquet file decoded in crmkit\'s worker under the strict CSP, from the page\'s origin and from an asset host', async () => {
    // CDNOW's transactions as Parquet (text columns, read by the same rules as the CSV): the same figures must show.
    const [head, ...lines] = readFileSync(join(root, 'datasets/cdnow/cdnow_transactions.csv'), 'utf8').trim().split(/\r?\n/);
    const cells = lines.map((l) => l.split(','));
    const parquetFile = join(dist, 'cdnow-test.parquet');
    writeFileSync(parquetFile, new Uint8Array(parquetWriteBuffer({ columnData: head.split(',').map((name, i) => ({ name, data: cells.map((c) => c[i]), type: 'STRING' as const })) })));
    const strict = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data: blob:";
    const fromAssets: string[] = [];
    const assets = await serve(join(dist, 'crmkit'), 0, (path) => (fromAssets.push(path.slice(1)), { 'Access-Control-Allow-Origin': '*' }));
    const assetBase = assets.url + '/';
    const crossOrigin = `default-src 'self'; script-src 'self' ${assetBase} 'wasm-unsafe-eval'; worker-src 'self' blob:; connect-src 'self' ${assetBase}; style-src 'self'; img-src 'self' data: blob:`;
    try {
      for (const [name, meta, policy] of [['parquet-test.html', '', strict], ['parquet-asset-base-test.html', `<meta name="crmkit-asset-base" content="${assetBase}">`, crossOrigin]] as const) {
        const testPage = join(dist, name);
        writeFileSync(
          testPage,
          `<!doctype html><meta charset="utf-8"><title>parquet</title>${meta}<script type="module" src="./crmkit/crmkit.js"></script>
          <crm-source src="./cdnow-test.parquet"></crm-source><crm-pareto-curve></crm-pareto-curve><crm-kpis></crm-kpis>`,
        );
        extraHeaders.set(`/${name}`, { 'Content-Security-Policy': policy });
        const { page, problems, requests } = await open(name);
        const els = await settled(page);
        rmSync(testPage);
        checkCdnow(els);
        assert.ok(els.find((e) => e.tag === 'crm-source')?.text.includes(`${fmt(ROWS)} transactions`), 'loaded from the Parquet file');
        assert.deepEqual(await page.evaluate('window.__csp'), [], name);
        // The decoder's script was fetched (from the asset host on the second page) and run as a worker.
        if (meta) assert.ok(fromAssets.includes('crmkit-parquet.worker.js'), `the Parquet worker from the asset host: ${fromAssets}`);
        else assert.ok(requests.some((u) => u.endsWith('/crmkit/crmkit-parquet.worker.js')), 'the Parquet worker script requested');
        assert.ok(requests.some((u) => u.endsWith('/cdnow-test.parquet')));
        // …and decoded there: the page never loaded the decoder's own chunk (its fallback when no worker starts).
        assert.deepEqual(requests.filter((u) => u.endsWith('/crmkit/parquet.js')), [], 'the page did not decode the file itself');
        assert.deepEqual(problems, []);
        assert.deepEqual(blocked, []);
        await page.close();
      }
    } finally {
      rmSync(parquetFile, { force: true });
      assets.server.closeAllConnections();
      assets.server.close();
    }
  });

  it('every other demo page (one per widget) loads its source and renders without errors', async () => {
    const mine = new Set(['index.html', 'zh-Hant.html', 'own-data.html', 'embed-html.html', 'embed-react.html', 'embed-vue.html', 'embed-cms.html', 'embed-csp.html']);
    for (const f of readdirSync(dist).filter((f) => f.endsWith('.html') && !mine.has(f))) {
      const { page, problems } = await open(f, { height: 1200 });
      const els = await settled(page);
      for (const s of els.filter((e) => e.tag === 'crm-source')) assert.equal(s.state, 'ready', `${f}: source ready (${s.text})`);
      for (const w of els.filter((e) => e.defined && e.tag !== 'crm-source')) assert.ok(w.chart || w.error || w.empty || w.text, `${f}: ${w.tag} shows something`);
      await screenshot(page, `demo-${f.replace(/\.html$/, '')}`);
      assert.deepEqual(problems, [], f);
      assert.deepEqual(blocked, [], f);
      await page.close();
    }
  });
});
