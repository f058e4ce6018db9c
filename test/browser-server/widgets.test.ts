/**
 * The same widgets on CDNOW twice on one page: one source loads the file into
 * the page's engine, the other names a crmkit server (started for this run by
 * web-test-runner.server.config.mjs, native DuckDB) and its data set. Every
 * figure — first draw, and after a click in each cross-filtering widget —
 * must be the same on both, and so must the exports.
 */
import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import type { CrmSource } from '@crmkit/elements';
import '../browser/setup.js';
import { CDNOW_URL } from '../browser/cdnow.js';

type Any = HTMLElement & { value: any; updateComplete: Promise<boolean>; toCSV(): string; [k: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

const TAGS = ['crm-kpis', 'crm-segment-pyramid', 'crm-pareto-curve', 'crm-profit-matrix', 'crm-lifecycle-funnel', 'crm-customer-list'];

/** CDNOW has no cost column: the matrix takes a cost per order. */
const ATTRS: Record<string, string> = { 'crm-profit-matrix': 'cost-per-order="2"' };

let server: { url: string; dataset: string };
const sides: Record<'page' | 'server', { src: CrmSource; w: Record<string, Any> }> = {} as never;

/** Deep equality, numbers to 1e-9 relative (native DuckDB sums on two threads, the page on one). */
function close(a: unknown, b: unknown, path: string): void {
  if (typeof a === 'number' && typeof b === 'number') {
    expect(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)), `${path}: ${a} vs ${b}`).to.equal(true);
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = (o: object) => Object.keys(o).filter((k) => (o as Record<string, unknown>)[k] !== undefined).sort();
    expect(keys(a), path).to.deep.equal(keys(b));
    for (const k of keys(a)) close((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    return;
  }
  expect(a, path).to.equal(b);
}

async function settle() {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 50));
    for (const s of Object.values(sides)) await Promise.all(Object.values(s.w).map((w) => w.updateComplete));
  }
}

/**
 * Predicted-value columns (P(alive), expected purchases, CLV) come from a model fitted in the page; the
 * server does not fit it yet, so the server's list has no such columns. Everything else must match.
 */
const NOT_SERVED = ['p_alive', 'expected_purchases', 'clv'];
function served(tag: string, v: any): unknown { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (tag !== 'crm-customer-list' || !v) return v;
  return { ...v, rows: v.rows.map((r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([k]) => !NOT_SERVED.includes(k)))) };
}

function sameEverywhere(except?: string) {
  for (const tag of TAGS) {
    if (tag === except) continue;
    const p = sides.page.w[tag];
    const s = sides.server.w[tag];
    expect(p.value, `${tag} has data in the page`).to.not.equal(undefined);
    expect(s.shadowRoot!.querySelector('[part="error"]'), `${tag} shows no error on the server side`).to.equal(null);
    close(s.value, served(tag, p.value), tag);
  }
}

async function mount(attrs: string, id: string): Promise<{ src: CrmSource; w: Record<string, Any> }> {
  // Not a fixture(): those are removed after each test, and these stay for the whole file.
  const wrap = document.createElement('div');
  wrap.style.width = '720px';
  document.body.append(wrap);
  wrap.innerHTML = `<crm-source id="${id}" ${attrs}></crm-source>${TAGS.map((t) => `<${t} source="${id}" ${ATTRS[t] ?? ''}></${t}>`).join('')}`;
  const src = wrap.querySelector('crm-source') as CrmSource;
  return { src, w: Object.fromEntries(TAGS.map((t) => [t, wrap.querySelector(t) as Any])) };
}

before(async () => {
  server = await (await fetch('/__crmkit-server.json')).json();
  sides.page = await mount('', 'in-page');
  const loaded = oneEvent(sides.page.src, 'crm-load');
  sides.page.src.src = CDNOW_URL;
  await loaded;
  sides.server = await mount(`server="${server.url}" dataset="${server.dataset}"`, 'on-server');
  await waitUntil(() => sides.server.src.model, 'the server source did not describe its data', { timeout: 60_000 });
  await waitUntil(() => TAGS.every((t) => sides.page.w[t].value !== undefined && sides.server.w[t].value !== undefined), 'widgets did not draw', { timeout: 60_000 });
  await settle();
});

describe('widgets on a crmkit server', () => {
  it('describes the data as the page does: 69,659 rows, 23,570 customers', () => {
    const m = sides.server.src.model!;
    expect([m.rows, m.customerCount, m.minDate, m.maxDate, m.asOf]).to.deep.equal([69_659, 23_570, '1997-01-01', '1998-06-30', '1998-07-01']);
    expect(sides.server.src.state).to.equal('ready');
  });

  it('first draw: every widget has the in-page figures', () => {
    sameEverywhere();
    expect(sides.server.w['crm-segment-pyramid'].value.customers).to.equal(23_570);
  });

  it('a tier clicked in the pyramid filters the others alike', async () => {
    for (const s of Object.values(sides)) s.w['crm-segment-pyramid'].selectTier('gold');
    await settle();
    sameEverywhere('crm-segment-pyramid');
    // Gold is 15 % of 23,570 customers at most: 3,535.5 → the list counts at most 3,535.
    const n = sides.server.w['crm-customer-list'].value.total;
    expect(n).to.be.greaterThan(0).and.at.most(3535);
  });

  it('a Pareto rank range on top of it, then a matrix quadrant, then a lifecycle stage', async () => {
    for (const s of Object.values(sides)) s.w['crm-pareto-curve'].selectRange({ from: 1, to: 200 });
    await settle();
    sameEverywhere('crm-pareto-curve');
    for (const s of Object.values(sides)) s.w['crm-profit-matrix'].selectQuadrant('carriage');
    await settle();
    sameEverywhere('crm-profit-matrix');
    for (const s of Object.values(sides)) s.w['crm-lifecycle-funnel'].selectKey('dormant');
    await settle();
    sameEverywhere('crm-lifecycle-funnel');
  });

  it('exports the same CSV', async () => {
    for (const tag of ['crm-segment-pyramid', 'crm-customer-list', 'crm-kpis']) {
      // Cell by cell; numbers to 1e-9 relative (the last bits of a sum depend on the number of threads).
      const cells = (csv: string) => csv.split('\r\n').map((line) => line.split(','));
      const a = cells(sides.server.w[tag].toCSV());
      const page = cells(sides.page.w[tag].toCSV());
      const keep = page[0].map((h, j) => (NOT_SERVED.includes(h) ? -1 : j)).filter((j) => j >= 0);
      const b = page.map((row) => keep.map((j) => row[j] ?? ''));
      expect(a.length, tag).to.equal(b.length);
      expect(a[0], tag).to.deep.equal(b[0]);
      a.forEach((row, i) => row.forEach((cell, j) => (cell !== '' && !Number.isNaN(Number(cell)) ? close(Number(cell), Number(b[i][j]), `${tag} ${i}:${j}`) : expect(cell, `${tag} ${i}:${j}`).to.equal(b[i][j]))));
    }
  });

  it('clearing the selection brings back the whole picture', async () => {
    for (const s of Object.values(sides)) s.src.clearSelection();
    await settle();
    sameEverywhere();
    expect(sides.server.w['crm-customer-list'].value.total).to.equal(23_570);
  });

  it('the customer card of 00007 shows the same figures and timeline', async () => {
    const cards = await Promise.all(
      (['page', 'server'] as const).map(async (side) => {
        const card = document.createElement('crm-customer-card') as Any;
        card.setAttribute('source', side === 'page' ? 'in-page' : 'on-server');
        card.setAttribute('customer-id', '00007');
        sides[side].src.parentElement!.append(card);
        await waitUntil(() => card.value, `the ${side} card did not draw`, { timeout: 30_000 });
        return card.value;
      }),
    );
    // The card's labels include the predicted value in the page only (see NOT_SERVED).
    const strip = (c: any) => ({ ...c, labels: Object.fromEntries(Object.entries(c.labels).filter(([k]) => !NOT_SERVED.includes(k))) }); // eslint-disable-line @typescript-eslint/no-explicit-any
    close(strip(cards[1]), strip(cards[0]), 'card');
    expect(cards[1].customer_id).to.equal('00007');
    expect(cards[1].timeline.length).to.be.greaterThan(0);
  });

  it('a widget the server does not serve yet (predicted value) says so, in the page\'s language', async () => {
    const el = document.createElement('crm-customer-value') as Any;
    el.setAttribute('source', 'on-server');
    el.setAttribute('lang', 'zh-Hant');
    const failed = oneEvent(el, 'crm-error');
    sides.server.src.parentElement!.append(el);
    const e = await failed;
    expect([e.detail.code, e.detail.reason]).to.deep.equal(['engine', 'remote']);
    await waitUntil(() => el.shadowRoot!.querySelector('[part="error"]'), 'no error shown', { timeout: 30_000 });
    expect(el.shadowRoot!.querySelector('[part="error"]')!.textContent).to.contain('頁面不送出 SQL');
    el.remove();
  });

  it('<crm-dashboard> passes server and dataset to its source: one attribute changes where it computes', async () => {
    const dash = document.createElement('crm-dashboard') as unknown as Any;
    dash.setAttribute('server', server.url);
    dash.setAttribute('dataset', server.dataset);
    document.body.append(dash);
    const pyramid = () => dash.shadowRoot!.querySelector('[part="pyramid"]') as Any | null;
    await waitUntil(() => pyramid()?.value, 'the dashboard did not draw', { timeout: 60_000 });
    close(pyramid()!.value, sides.page.w['crm-segment-pyramid'].value, 'dashboard pyramid');
    expect(pyramid()!.value.customers).to.equal(23_570);
    dash.remove();
  });

  it('a source naming a data set it may not read, or a server that is not there, shows the error', async () => {
    const { src } = await mount(`server="${server.url}" dataset="nope"`, 'missing');
    const e = await oneEvent(src, 'crm-error');
    expect(e.detail.status).to.equal(404);
    expect(src.shadowRoot!.textContent).to.contain('nope');
  });
});
