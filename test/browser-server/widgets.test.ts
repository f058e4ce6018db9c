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
import { settle as settleWidgets } from '../browser/helpers.js';

type Any = HTMLElement & { value: any; updateComplete: Promise<boolean>; toCSV(): string; [k: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

const TAGS = ['crm-kpis', 'crm-segment-pyramid', 'crm-pareto-curve', 'crm-profit-matrix', 'crm-lifecycle-funnel', 'crm-customer-list', 'crm-acquisition'];

/** CDNOW has no cost column: the matrix and the list take a cost per order. The acquisition view adds each channel's predicted CLV. */
const ATTRS: Record<string, string> = { 'crm-profit-matrix': 'cost-per-order="2"', 'crm-customer-list': 'cost-per-order="2"', 'crm-acquisition': 'predicted-value' };

let server: { url: string; dataset: string };
const sides: Record<'page' | 'server', { src: CrmSource; w: Record<string, Any> }> = {} as never;

/** The list's and the card's predicted-value columns (the customer-value model's scores). */
const VALUE_COLUMNS = ['p_alive', 'expected_purchases', 'clv'];

/**
 * Deep equality, numbers to `tol` relative (default 1e-9: native DuckDB sums on two threads, the page on
 * one). A model fit (predicted value) stops at its gradient tolerance from sums that differ so: along the
 * likelihood's flattest direction (BG/NBD's b) a parameter moves by about 1e-6 relative, far inside its
 * standard error; its standard errors (differences of the gradient) agree to about 1e-5, and its step count
 * (`evals`) is not compared. Scores from the fit (the list's and card's P(alive), expected purchases and
 * CLV, a channel's mean CLV) agree to 1e-5 relative.
 */
function close(a: unknown, b: unknown, path: string, tol = 1e-9): void {
  if (typeof a === 'number' && typeof b === 'number') {
    const scored = VALUE_COLUMNS.some((c) => path.endsWith(`.${c}`)) || path.endsWith('.clvPerCustomer');
    const t = path.includes('.se.') ? Math.max(tol, 1e-4) : scored ? Math.max(tol, 1e-5) : tol;
    expect(Math.abs(a - b) <= t * Math.max(1, Math.abs(a), Math.abs(b)), `${path}: ${a} vs ${b}`).to.equal(true);
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = (o: object) => Object.keys(o).filter((k) => (o as Record<string, unknown>)[k] !== undefined && k !== 'evals').sort();
    expect(keys(a), path).to.deep.equal(keys(b));
    for (const k of keys(a)) close((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, tol);
    return;
  }
  expect(a, path).to.equal(b);
}

/** Every widget of both sides settled (see helpers.ts). */
const settle = () => settleWidgets(Object.values(sides).flatMap((s) => Object.values(s.w)), 50);

function sameEverywhere(except?: string) {
  for (const tag of TAGS) {
    if (tag === except) continue;
    const p = sides.page.w[tag];
    const s = sides.server.w[tag];
    expect(p.value, `${tag} has data in the page`).to.not.equal(undefined);
    expect(s.shadowRoot!.querySelector('[part="error"]'), `${tag} shows no error on the server side`).to.equal(null);
    close(s.value, p.value, tag);
  }
}

/** The exports (CSV) of the pyramid, the list and the KPI tiles are the same on both sides, cell by cell. */
function sameCSV() {
  for (const tag of ['crm-segment-pyramid', 'crm-customer-list', 'crm-kpis']) {
    // Cell by cell; numbers to 1e-9 relative (the last bits of a sum depend on the number of threads).
    const cells = (csv: string) => csv.split('\r\n').map((line) => line.split(','));
    const a = cells(sides.server.w[tag].toCSV());
    const b = cells(sides.page.w[tag].toCSV());
    expect(a.length, tag).to.equal(b.length);
    expect(a[0], tag).to.deep.equal(b[0]);
    // The predicted values are written to the cent: scores that agree to 1e-5 may round a cent apart.
    const near = (x: number, y: number, path: string) => expect(Math.abs(x - y) <= 0.01 + 1e-5 * Math.abs(y), `${path}: ${x} vs ${y}`).to.equal(true);
    a.forEach((row, i) =>
      row.forEach((cell, j) =>
        cell !== '' && !Number.isNaN(Number(cell))
          ? VALUE_COLUMNS.includes(a[0][j])
            ? near(Number(cell), Number(b[i][j]), `${tag} ${i}:${a[0][j]}`)
            : close(Number(cell), Number(b[i][j]), `${tag} ${i}:${j}`)
          : expect(cell, `${tag} ${i}:${j}`).to.equal(b[i][j]),
      ),
    );
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
  await waitUntil(() => TAGS.every((t) => sides.page.w[t].value !== undefined && sides.server.w[t].value !== undefined), 'widgets did not draw', { timeout: 60_000 }).catch((e) => {
    // Which widget, on which side, and what it shows.
    const state = (['page', 'server'] as const).flatMap((side) =>
      TAGS.map((t) => `${side} ${t}: ${sides[side].w[t].value === undefined ? 'none' : 'drawn'} ${sides[side].w[t].shadowRoot?.querySelector('[part="error"]')?.textContent ?? ''}`),
    );
    throw new Error(`${(e as Error).message}: ${state.join('; ')}`);
  });
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
    // The list's predicted-value columns are served: P(alive) a probability, CLV a sum of money, on every row.
    const rows = sides.server.w['crm-customer-list'].value.rows as Record<string, number>[];
    expect(rows.length).to.equal(10);
    for (const r of rows) {
      expect(r.p_alive, r.customer_id as never).to.be.within(0, 1);
      expect(r.clv).to.be.a('number');
      expect(r.expected_purchases).to.be.at.least(0);
    }
    expect([...sides.server.w['crm-customer-list'].shadowRoot!.querySelectorAll('thead th')].length).to.equal([...sides.page.w['crm-customer-list'].shadowRoot!.querySelectorAll('thead th')].length);
    // CDNOW has no channel: one group of every customer, its predicted CLV the mean of all the scores.
    const acq = sides.server.w['crm-acquisition'].value;
    expect([acq.source, acq.channels.length, acq.channels[0].customers]).to.deep.equal(['none', 1, 23_570]);
    expect(acq.channels[0].clvPerCustomer).to.be.greaterThan(0);
    // The list's cost per order reaches the server: profit = revenue − 2 × orders on every row.
    for (const r of rows) expect(Math.abs(r.profit - (r.revenue - 2 * r.orders)), r.customer_id as never).to.be.below(1e-9 * r.revenue + 1e-9);
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
    sameCSV();
  });

  it('clearing the selection brings back the whole picture', async () => {
    for (const s of Object.values(sides)) s.src.clearSelection();
    await settle();
    sameEverywhere();
    expect(sides.server.w['crm-customer-list'].value.total).to.equal(23_570);
    // The list's CSV of the whole data: its predicted-value columns too.
    sameCSV();
    expect(sides.server.w['crm-customer-list'].toCSV().split('\r\n')[0].split(',')).to.include.members(VALUE_COLUMNS);
  });

  it('a click on the acquisition view (CDNOW: no channel known) filters the others alike', async () => {
    for (const s of Object.values(sides)) s.w['crm-acquisition'].selectKey('?');
    await settle();
    sameEverywhere('crm-acquisition');
    expect(sides.server.w['crm-customer-list'].value.total).to.equal(23_570);
    for (const s of Object.values(sides)) s.src.clearSelection();
    await settle();
  });

  it('a saved segment (conditions of the pyramid and the matrix, worked out again) filters the others alike', async () => {
    const segment = {
      name: 'gold carriage',
      tags: [],
      mode: 'or',
      rules: [],
      conditions: [
        { condition: { widget: 'segment-pyramid', options: {}, key: 'gold' }, label: 'gold' },
        // No splits: the medians of all customers, on whichever engine works it out.
        { condition: { widget: 'profit-matrix', options: { costPerOrder: 2 }, key: 'carriage' }, label: 'carriage' },
      ],
    };
    const tags = (['page', 'server'] as const).map((side) => {
      const t = document.createElement('crm-tags') as Any;
      t.setAttribute('source', side === 'page' ? 'in-page' : 'on-server');
      sides[side].src.parentElement!.append(t);
      return t;
    });
    await waitUntil(() => tags.every((t) => t.value), 'tags did not draw', { timeout: 60_000 });
    for (const t of tags) t.applySegment(segment);
    await settle();
    await waitUntil(() => sides.server.src.selection.list().length === 2, 'the segment was not applied on the server side', { timeout: 30_000 });
    await settle();
    expect(sides.server.src.shadowRoot?.querySelector('[part="error"]') ?? null).to.equal(null);
    sameEverywhere();
    const n = sides.server.w['crm-customer-list'].value.total;
    expect(n).to.equal(sides.page.w['crm-customer-list'].value.total);
    expect(n).to.be.greaterThan(0).and.lessThan(3536);
    for (const s of Object.values(sides)) s.src.clearSelection();
    await settle();
    for (const t of tags) t.remove();
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
    // The predicted value is served too: the card's labels are the page's, P(alive), expected purchases and CLV included.
    close(cards[1], cards[0], 'card');
    expect(Object.keys(cards[1].labels)).to.include.members(VALUE_COLUMNS);
    expect(cards[1].labels.p_alive).to.be.within(0, 1);
    expect(cards[1].customer_id).to.equal('00007');
    expect(cards[1].timeline.length).to.be.greaterThan(0);
  });

  it('predicted value and tags draw the in-page figures, and cross-filter each other alike', async () => {
    const extra = (['page', 'server'] as const).map((side) => {
      const source = side === 'page' ? 'in-page' : 'on-server';
      const value = document.createElement('crm-customer-value') as Any;
      const tags = document.createElement('crm-tags') as Any;
      value.setAttribute('source', source);
      tags.setAttribute('source', source);
      tags.setAttribute('rules', JSON.stringify([{ name: 'big', rule: 'orders >= 5 and revenue > 200' }]));
      sides[side].src.parentElement!.append(value, tags);
      return { value, tags };
    });
    const [page, onServer] = extra;
    const drawn = async () => {
      await waitUntil(() => extra.every((e) => e.value.value?.validation && e.tags.value), 'value or tags did not draw', { timeout: 120_000 });
      await Promise.all(extra.flatMap((e) => [e.value.updateComplete, e.tags.updateComplete]));
      await settle();
    };
    await drawn();
    for (const e of [onServer.value, onServer.tags]) expect(e.shadowRoot!.querySelector('[part="error"]'), e.localName).to.equal(null);
    close(onServer.value.value, page.value.value, 'customer-value', 1e-5);
    close(onServer.tags.value, page.tags.value, 'tags');
    expect(onServer.value.value.customers).to.equal(23_570);
    expect(onServer.tags.value.tags.some((t: { tag: string }) => t.tag === 'rule:big')).to.equal(true);

    // A click on the top value tier: the tags of those customers, the same on both sides.
    for (const e of extra) e.value.selectKey('tier:top');
    await settle();
    await waitUntil(() => extra.every((e) => e.tags.value.customers === page.value.value.tiers.find((t: { tier: string }) => t.tier === 'top').customers), 'tags did not follow the value tier', { timeout: 60_000 });
    close(onServer.tags.value, page.tags.value, 'tags under the top tier');
    sameEverywhere();
    // Then a tag on top of it: the value widget counts the loyal customers among the top tier.
    for (const e of extra) e.tags.selectTags(['loyal']);
    await settle();
    await Promise.all(extra.map((e) => e.value.updateComplete));
    close(onServer.value.value, page.value.value, 'customer-value under loyal', 1e-5);
    expect(onServer.value.value.customers).to.equal(page.value.value.customers);
    expect(onServer.value.value.customers).to.be.lessThan(23_570);
    // The campaign export of that selection (top value tier and loyal): the server writes the same rows and CSV.
    const [pageExport, serverExport] = await Promise.all(extra.map((e) => e.tags.exportCampaign({ download: false })));
    // Every widget's clause, the value widget's and the tags' own included: the customers the list shows.
    expect(serverExport.count).to.equal(sides.server.w['crm-customer-list'].value.total);
    expect(serverExport.count).to.be.greaterThan(0).and.lessThan(onServer.value.value.customers);
    expect(serverExport.columns).to.deep.equal(pageExport.columns);
    close(serverExport.rows, pageExport.rows, 'campaign export');
    expect(serverExport.csv).to.equal(pageExport.csv);
    for (const s of Object.values(sides)) s.src.clearSelection();
    await settle();
    for (const e of extra) e.value.remove(), e.tags.remove();
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

  it('a precomputed per-customer table on the server: the pyramid and Pareto curve as on the raw data, the KPI tiles say they need the transactions (zh-Hant)', async () => {
    const wrap = document.createElement('div');
    wrap.style.width = '720px';
    document.body.append(wrap);
    wrap.innerHTML = `<crm-source id="facts-only" server="${server.url}" dataset="cdnow-facts"></crm-source>
      <crm-segment-pyramid source="facts-only"></crm-segment-pyramid><crm-pareto-curve source="facts-only"></crm-pareto-curve>
      <crm-kpis source="facts-only" lang="zh-Hant"></crm-kpis>`;
    const [pyramid, pareto, funnel] = ['crm-segment-pyramid', 'crm-pareto-curve', 'crm-kpis'].map((t) => wrap.querySelector(t) as Any);
    const failed = oneEvent(funnel, 'crm-error');
    await waitUntil(() => pyramid.value && pareto.value, 'the facts-only widgets did not draw', { timeout: 60_000 });
    // Same customers and figures as the raw transactions give (the table holds every customer's totals).
    for (const s of Object.values(sides)) s.src.clearSelection();
    await settle();
    close(pyramid.value, sides.page.w['crm-segment-pyramid'].value, 'pyramid on facts');
    close(pareto.value, sides.page.w['crm-pareto-curve'].value, 'pareto on facts');
    expect(pyramid.value.customers).to.equal(23_570);
    const e = await failed;
    expect([e.detail.code, e.detail.dataset, e.detail.analysis]).to.deep.equal(['needs-transactions', 'cdnow-facts', 'kpis']);
    await waitUntil(() => funnel.shadowRoot!.querySelector('[part="error"]'), 'no error shown', { timeout: 30_000 });
    expect(funnel.shadowRoot!.querySelector('[part="error"]')!.textContent).to.contain('原始交易資料');
    wrap.remove();
  });

  it('the data-quality report and the conversion funnel, whose inputs the page loads, say to load the data in the page (en, zh-Hant, zh-Hans)', async () => {
    const cases: [string, string, string][] = [
      ['crm-data-quality', 'en', '<crm-source src="…">'],
      ['crm-data-quality', 'zh-Hant', '請在頁面中載入'],
      ['crm-conversion-funnel', 'zh-Hans', 'events="…"'],
      ['crm-conversion-funnel', 'en', 'events="…"'],
    ];
    for (const [tag, lang, words] of cases) {
      const el = document.createElement(tag) as Any;
      el.setAttribute('source', 'on-server');
      el.setAttribute('lang', lang);
      const failed = oneEvent(el, 'crm-error');
      sides.server.src.parentElement!.append(el);
      const e = await failed;
      expect([e.detail.code, e.detail.reason, e.detail.analysis], tag).to.deep.equal(['engine', 'page-only', tag.slice(4)]);
      await waitUntil(() => el.shadowRoot!.querySelector('[part="error"]'), `${tag}: no error shown`, { timeout: 30_000 });
      expect(el.shadowRoot!.querySelector('[part="error"]')!.textContent, `${tag} ${lang}`).to.contain(words);
      el.remove();
    }
  });

  it('a source naming a data set it may not read, or a server that is not there, shows the error', async () => {
    const { src } = await mount(`server="${server.url}" dataset="nope"`, 'missing');
    const e = await oneEvent(src, 'crm-error');
    expect(e.detail.status).to.equal(404);
    expect(src.shadowRoot!.textContent).to.contain('nope');
  });
});
