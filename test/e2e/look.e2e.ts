/**
 * How the built demo site looks (dist/demo, made by `pnpm build:demo`): the dashboard at 1440 and 390 px,
 * light and dark, in English, 繁體中文 and German (de-DE, euro), and the CMS page with hostile CSS, each
 * checked for structure (every widget drawn, nothing wider than the screen, no label outside its widget,
 * no overlapping quadrant labels) and written to test/screenshots/look-*.png; and an accessibility scan
 * (axe-core) of every demo page in both colour schemes: no serious or critical violation, contrast included.
 *
 *   pnpm test:e2e                        build, then test (demo.e2e.ts and this file)
 *   LOOK_ONLY=axe|shots                  run one half
 *   UPDATE_SCREENSHOTS=1                 refresh test/screenshots/look-*.png (else look-*.actual.png)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serve } from './server.js';

const root = resolve(import.meta.dirname, '../..');
const dist = join(root, 'dist/demo');
const shots = join(root, 'test/screenshots');
const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const ONLY = process.env.LOOK_ONLY ?? '';

let browser: Browser;
let base = '';
let stop: () => void = () => {};
const blocked: string[] = [];

type Scheme = 'light' | 'dark';

async function open(file: string, o: { width: number; height?: number; scheme: Scheme }): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: o.width, height: o.height ?? 900 }, colorScheme: o.scheme, bypassCSP: true, deviceScaleFactor: 1 });
  await context.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    if (host === '127.0.0.1' || host === 'localhost') return route.continue();
    blocked.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('close', () => void context.close());
  await page.goto(`${base}/${file}`);
  return { page, problems };
}

/** Wait until every source is ready or failed and every widget shows its chart, an empty state or an error. */
async function settled(page: Page, timeout = 120_000): Promise<void> {
  const t0 = Date.now();
  do {
    const done = await page.evaluate(`(() => {
      const all = [];
      const walk = (r) => { for (const e of r.querySelectorAll('*')) { if (e.localName.startsWith('crm-')) { all.push(e); if (e.shadowRoot) walk(e.shadowRoot); } } };
      walk(document);
      if (!all.some((e) => e.localName === 'crm-source')) return false;
      return all.every((e) => {
        if (!customElements.get(e.localName)) return true;
        if (e.localName === 'crm-source') return e.state === 'ready' || e.state === 'error';
        if (!('value' in e) || e.localName === 'crm-customer-card') return true;
        const r = e.shadowRoot;
        return !!r && !r.querySelector('[part="loading"]') && !r.querySelector('[aria-busy="true"]') && !!(r.querySelector('[part="chart"]') || r.querySelector('[part="empty"]') || r.querySelector('[part="error"]') || r.querySelector('[part="idle"]'));
      });
    })()`);
    if (done) {
      await page.waitForTimeout(400);
      return;
    }
    await page.waitForTimeout(250);
  } while (Date.now() - t0 < timeout);
  throw new Error('page did not settle');
}

interface Layout {
  scrollWidth: number;
  innerWidth: number;
  widgets: { tag: string; chart: boolean; error: string; width: number; height: number; outside: string[] }[];
  overlaps: string[];
}

/** The structure of what is on screen: each widget's box, drawn or not, and SVG text outside its widget. */
const LAYOUT = `(() => {
  const all = [];
  const walk = (r) => { for (const e of r.querySelectorAll('*')) { if (e.localName.startsWith('crm-')) { all.push(e); if (e.shadowRoot) walk(e.shadowRoot); } } };
  walk(document);
  const widgets = all.filter((e) => 'value' in e && e.shadowRoot).map((e) => {
    const r = e.shadowRoot;
    const box = e.getBoundingClientRect();
    const outside = [];
    for (const t of r.querySelectorAll('[part="chart"] svg text')) {
      if (t.closest('[display="none"]')) continue;
      const b = t.getBoundingClientRect();
      if (!b.width) continue;
      if (b.left < box.left - 1 || b.right > box.right + 1) outside.push(t.textContent + ' ' + Math.round(b.left) + '..' + Math.round(b.right) + ' in ' + Math.round(box.left) + '..' + Math.round(box.right));
    }
    return { tag: e.localName, chart: !!r.querySelector('[part="chart"]'), error: (r.querySelector('[part="error"]')?.textContent ?? '').trim().slice(0, 200), width: box.width, height: box.height, outside };
  });
  const overlaps = [];
  for (const m of all.filter((e) => e.localName === 'crm-profit-matrix')) {
    const ls = [...m.shadowRoot.querySelectorAll('.quadrant-label')].map((t) => [t.getAttribute('class'), t.getBoundingClientRect()]);
    for (let i = 0; i < ls.length; i++) for (let j = i + 1; j < ls.length; j++) {
      const [a, b] = [ls[i][1], ls[j][1]];
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps.push(ls[i][0] + ' / ' + ls[j][0]);
    }
  }
  return { scrollWidth: document.documentElement.scrollWidth, innerWidth: innerWidth, widgets, overlaps };
})()`;

function checkLayout(l: Layout, what: string) {
  assert.ok(l.scrollWidth <= l.innerWidth + 1, `${what}: page wider than the screen (${l.scrollWidth} > ${l.innerWidth})`);
  assert.ok(l.widgets.length >= 5, `${what}: widgets on the page`);
  for (const w of l.widgets) {
    assert.equal(w.error, '', `${what}: ${w.tag} shows no error`);
    assert.ok(w.width > 0 && w.height > 40, `${what}: ${w.tag} has a visible box`);
    assert.ok(w.width <= l.innerWidth + 1, `${what}: ${w.tag} fits the screen`);
    assert.deepEqual(w.outside, [], `${what}: ${w.tag} labels inside the widget`);
  }
  assert.deepEqual(l.overlaps, [], `${what}: quadrant labels do not overlap`);
}

async function shoot(page: Page, name: string) {
  mkdirSync(shots, { recursive: true });
  // UPDATE_SCREENSHOTS=1 refreshes the committed PNGs; otherwise look-*.actual.png (ignored by git) to compare by eye.
  await page.screenshot({ path: join(shots, process.env.UPDATE_SCREENSHOTS === '1' ? `look-${name}.png` : `look-${name}.actual.png`), fullPage: true });
}

before(async () => {
  if (!existsSync(join(dist, 'index.html')) || !existsSync(join(dist, 'crmkit/crmkit.js'))) {
    throw new Error('dist/demo is missing or incomplete: run `pnpm build:demo` first (pnpm test:e2e does).');
  }
  const s = await serve(dist, 0);
  base = s.url;
  stop = () => {
    s.server.closeAllConnections();
    s.server.close();
  };
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--font-render-hinting=none'],
  });
});

after(async () => {
  await browser?.close();
  stop();
});

describe('screenshots: the dashboard and the CMS page', { concurrency: false, skip: ONLY === 'axe' }, () => {
  const pages = [
    ['en', 'index.html'],
    ['zh-Hant', 'zh-Hant.html'],
    ['de-DE', 'index.html?lang=de-DE&currency=EUR'],
  ] as const;
  for (const [lang, file] of pages) {
    for (const width of [1440, 390]) {
      for (const scheme of ['light', 'dark'] as const) {
        it(`dashboard ${lang} ${width} px ${scheme}`, async () => {
          const { page, problems } = await open(file, { width, scheme });
          await settled(page);
          const l = (await page.evaluate(LAYOUT)) as Layout;
          checkLayout(l, `${lang} ${width} ${scheme}`);
          // the dashboard's surface follows the scheme
          const bg = (await page.evaluate(`getComputedStyle(document.querySelector('crm-dashboard').shadowRoot.querySelector('crm-kpis')).backgroundColor`)) as string;
          assert.equal(bg, scheme === 'dark' ? 'rgb(17, 24, 39)' : 'rgb(255, 255, 255)', 'KPI surface');
          await shoot(page, `dashboard-${lang}-${width}-${scheme}`);
          assert.deepEqual(problems, []);
          await page.close();
        });
      }
    }
  }

  for (const scheme of ['light', 'dark'] as const) {
    it(`CMS page with hostile CSS, ${scheme}`, async () => {
      const { page, problems } = await open('embed-cms.html', { width: 1280, scheme });
      await settled(page);
      checkLayout((await page.evaluate(LAYOUT)) as Layout, `cms ${scheme}`);
      // the page's uppercase, letter-spacing and word-spacing do not reach the sidebar's lifecycle labels
      const label = (await page.evaluate(`(() => { const t = document.querySelector('crm-lifecycle-funnel').shadowRoot.querySelector('.stage-name'); const cs = getComputedStyle(t); return [cs.textTransform, cs.letterSpacing, cs.wordSpacing]; })()`)) as string[];
      assert.deepEqual(label, ['none', 'normal', '0px']);
      await shoot(page, `cms-${scheme}`);
      assert.deepEqual(problems, []);
      await page.close();
    });
  }
});

describe('own data and paper', { concurrency: false, skip: ONLY === 'axe' }, () => {
  it('own-data: no mapping form before a file; a Big5 file\'s headers read as Chinese; a date-format control', async () => {
    const { page, problems } = await open('own-data.html', { width: 1280, scheme: 'light' });
    await page.waitForSelector('crm-source');
    assert.equal(await page.locator('form#mapping').isVisible(), false, 'the form is hidden before a file is chosen');
    await page.locator('crm-source input[type=file]').setInputFiles(join(root, 'test/fixtures/corpus/big5.csv'));
    await page.waitForSelector('form#mapping:not([hidden]) select[name=amount] option', { timeout: 60_000, state: 'attached' });
    assert.equal(await page.locator('form#mapping').isVisible(), true);
    const options = await page.$$eval('select[name=amount] option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    // the file's header row, decoded from Big5 (iconv -f big5: 客戶編號,訂單日期,金額,商品,通路)
    assert.deepEqual(options, ['', '客戶編號', '訂單日期', '金額', '商品', '通路']);
    await page.selectOption('select[name="date-format"]', '%d.%m.%Y');
    assert.equal(await page.getAttribute('crm-source', 'date-format'), '%d.%m.%Y');
    await shoot(page, 'own-data-big5');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('printing the dashboard on A4: at most two pages, no export buttons, pager or search box', async () => {
    const { page } = await open('index.html', { width: 1280, scheme: 'light' });
    await settled(page);
    await page.emulateMedia({ media: 'print' });
    const buttons = (await page.evaluate(`(() => { let n = 0; const walk = (r) => { for (const e of r.querySelectorAll('*')) { if (e.matches('[part~=export], [part~=export-button], [part~=pager], input[type=search]') && e.getClientRects().length > 0) n++; if (e.shadowRoot) walk(e.shadowRoot); } }; walk(document); return n; })()`)) as number;
    assert.equal(buttons, 0, 'export buttons, pagers or search boxes printed');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.ok(pages >= 1 && pages <= 2, `A4 pages: ${pages}`);
    await page.close();
  });
});

describe('accessibility: axe-core on every demo page, light and dark', { concurrency: false, skip: ONLY === 'shots' }, () => {
  const files = existsSync(dist) ? readdirSync(dist).filter((f) => f.endsWith('.html') && !f.startsWith('asset-base')) : [];
  const scan = (page: Page) =>
    page.evaluate(
      `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' >>> ') + ' — ' + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 240)) })))`,
    ) as Promise<unknown[]>;
  for (const file of files) {
    it(`${file}: no serious or critical violations, light and dark`, async () => {
      const { page } = await open(file, { width: 1280, scheme: 'light' });
      // own-data.html has no file until one is picked: its source stays idle
      await settled(page, file === 'own-data.html' ? 0 : 120_000).catch((e) => {
        if (file !== 'own-data.html') throw e;
      });
      await page.evaluate(AXE);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.waitForTimeout(300);
        const violations = await scan(page);
        assert.deepEqual(violations, [], `${file} ${scheme}: ${JSON.stringify(violations, null, 1)}`);
      }
      await page.close();
    });
  }
  it('no request left the machine', () => assert.deepEqual(blocked, []));
});
