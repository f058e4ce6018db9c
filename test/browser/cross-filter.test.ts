import { expect, oneEvent } from '@open-wc/testing';
import { toRows } from '@crmkit/core';
import './setup.js';
import { CDNOW_URL } from './cdnow.js';
import type { CrmDashboard, CrmKpis, CrmCustomerList, CrmSource } from '@crmkit/elements';

/**
 * Cross-filtering on the real CDNOW data, driven by the keyboard only: select
 * a mark in each widget and check every other widget and the KPIs against SQL
 * written here, over the raw transactions (not the per-customer table or the
 * widgets' own queries).
 */
type Any = HTMLElement & { value: any; updateComplete: Promise<boolean> }; // eslint-disable-line @typescript-eslint/no-explicit-any

const AS_OF = "DATE '1998-07-01'";
const KPI_FROM = "DATE '1997-07-01'";

let dash: CrmDashboard;
let src: CrmSource;
const part = (name: string) => dash.shadowRoot!.querySelector(`[part="${name}"]`) as Any;

async function settle() {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 30));
    await Promise.all(['kpis', 'pyramid', 'funnel', 'pareto', 'matrix', 'list'].map((p) => part(p).updateComplete));
  }
}

async function q<T>(text: string): Promise<T[]> {
  return toRows<T>(await src.model!.engine.query(text));
}

/** Customers of an independent set (SQL yielding customer_id) and their revenue in the KPI window. */
async function expected(set: string) {
  const tx = `"${src.model!.transactions}"`;
  const [r] = await q<{ n: number; revenue: number; active: number }>(`
    WITH s AS (${set})
    SELECT (SELECT count(*) FROM s) AS n,
      (SELECT coalesce(sum(amount), 0) FROM ${tx} WHERE customer_id IN (SELECT customer_id FROM s) AND order_date >= ${KPI_FROM} AND order_date < ${AS_OF}) AS revenue,
      (SELECT count(DISTINCT customer_id) FROM ${tx} WHERE customer_id IN (SELECT customer_id FROM s) AND order_date >= ${KPI_FROM} AND order_date < ${AS_OF}) AS active`);
  return r;
}

/** What the widgets other than `except` count now. */
function counts(except: string) {
  const c: Record<string, number> = {
    pyramid: part('pyramid').value.customers,
    funnel: part('funnel').value.customers,
    pareto: part('pareto').value.summary.n,
    matrix: part('matrix').value.n,
    list: (part('list') as unknown as CrmCustomerList).value!.total,
    kpis: (part('kpis') as unknown as CrmKpis).value!.current.customers,
  };
  delete c[except];
  return c;
}

function expectFiltered(except: string, e: { n: number; revenue: number; active: number }) {
  for (const [name, n] of Object.entries(counts(except))) expect(n, `${name} counts the selected customers`).to.equal(e.n);
  const k = (part('kpis') as unknown as CrmKpis).value!.current;
  expect(k.active, 'KPI active customers').to.equal(e.active);
  expect(k.revenue, 'KPI revenue').to.be.closeTo(e.revenue, 1e-6);
}

/** Keyboard only: focus a mark and press a key. */
async function press(el: Element, key = 'Enter') {
  (el as HTMLElement).focus();
  el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
  await settle();
}

const mark = (widget: string, selector: string) => part(widget).shadowRoot!.querySelector(selector)!;

const totals = { n: 23570 };
const revenueOf = `SELECT customer_id, sum(amount) AS v FROM "__TX__" GROUP BY customer_id`;
const withTx = (s: string) => s.replaceAll('__TX__', src.model!.transactions);

describe('cross-filtering in <crm-dashboard> on CDNOW', () => {
  before(async () => {
    // Not a fixture: fixtures are removed after each test, and these tests share one loaded dashboard.
    dash = document.createElement('crm-dashboard') as CrmDashboard;
    dash.setAttribute('lang', 'en');
    dash.setAttribute('cost-per-order', '5');
    document.body.append(dash);
    await dash.updateComplete;
    src = dash.shadowRoot!.querySelector('crm-source')!;
    const loaded = oneEvent(src, 'crm-load');
    dash.setAttribute('src', CDNOW_URL);
    await loaded;
    await settle();
  });

  after(() => dash.remove());

  afterEach(async () => {
    src.clearSelection();
    await settle();
  });

  it('starts unfiltered', async () => {
    for (const n of Object.values(counts(''))) expect(n).to.equal(totals.n);
  });

  it('a pyramid tier filters the other widgets and the KPIs; pressing it again clears', async () => {
    // diamond: the first ⌈5 % · n⌉ customers by revenue (ties share a tier, a tie across the line goes down):
    // k = customers with revenue ≥ theirs, k ≤ ⌈n / 20⌉ ⟺ k − 1 < n / 20 ⟺ (k − 1) × 20 < n
    const diamond = withTx(`WITH r AS (${revenueOf}),
      k AS (SELECT customer_id, rank() OVER (ORDER BY v DESC) + count(*) OVER (PARTITION BY v) - 1 AS at_least, count(*) OVER () AS n FROM r)
      SELECT customer_id FROM k WHERE (at_least - 1) * 20 < n`);
    const e = await expected(diamond);
    expect(e.n).to.be.within(1100, 1180); // about 5 % of 23,570
    await press(mark('pyramid', '.mark[data-key="diamond"]'));
    expect(src.selection.size).to.equal(1);
    expectFiltered('pyramid', e);
    // the chip shows it
    const chip = dash.shadowRoot!.querySelector('crm-filter-chips')!.shadowRoot!.querySelector('[part="chip"]')!;
    expect(chip.textContent).to.contain('Diamond');
    await press(mark('pyramid', '.mark[data-key="diamond"]'));
    expect(src.selection.size).to.equal(0);
    for (const n of Object.values(counts('pyramid'))) expect(n).to.equal(totals.n);
  });

  it('a lifecycle stage filters the others', async () => {
    // core at 1998-07-01: first order more than 30 days before, last order within 90 days, two or more orders
    const core = withTx(`SELECT customer_id FROM "__TX__" GROUP BY customer_id
      HAVING date_diff('day', min(order_date), ${AS_OF}) > 30 AND date_diff('day', max(order_date), ${AS_OF}) <= 90 AND count(*) >= 2`);
    const e = await expected(core);
    expect(e.n).to.be.greaterThan(100);
    await press(mark('funnel', '.mark[data-key="core"]'));
    expectFiltered('funnel', e);
  });

  it('a profit-matrix quadrant filters the others', async () => {
    // cost to serve = $5 × orders; carriage trade: revenue above the median and cost above the median
    const carriage = withTx(`WITH c AS (SELECT customer_id, sum(amount) AS revenue, 5.0 * count(*) AS cost FROM "__TX__" GROUP BY customer_id),
      m AS (SELECT quantile_cont(revenue, 0.5) AS mr, quantile_cont(cost, 0.5) AS mc FROM c)
      SELECT customer_id FROM c, m WHERE revenue > mr AND cost > mc`);
    const e = await expected(carriage);
    expect(e.n).to.be.greaterThan(1000);
    await press(mark('matrix', '.mark.quadrant[data-quadrant="carriage"]'));
    expectFiltered('matrix', e);
  });

  it('a Pareto range (keyboard: Enter at the focus point) filters the others', async () => {
    await press(mark('pareto', '.mark.focus-point'));
    const range = (part('pareto') as unknown as { selectedRange: { from: number; to: number } }).selectedRange;
    expect(range.from).to.equal(1);
    // the focus point starts near the top 20 %
    expect(range.to / totals.n).to.be.within(0.18, 0.22);
    const top = withTx(`SELECT customer_id FROM (${revenueOf}) ORDER BY v DESC, customer_id ASC LIMIT ${range.to}`);
    expectFiltered('pareto', await expected(top));
  });

  it('selections from several widgets combine with AND', async () => {
    await press(mark('pyramid', '.mark[data-key="diamond"]'));
    await press(mark('funnel', '.mark[data-key="core"]'));
    const both = withTx(`WITH r AS (${revenueOf}),
      k AS (SELECT customer_id, rank() OVER (ORDER BY v DESC) + count(*) OVER (PARTITION BY v) - 1 AS at_least, count(*) OVER () AS n FROM r),
      core AS (SELECT customer_id FROM "__TX__" GROUP BY customer_id
        HAVING date_diff('day', min(order_date), ${AS_OF}) > 30 AND date_diff('day', max(order_date), ${AS_OF}) <= 90 AND count(*) >= 2)
      SELECT customer_id FROM k WHERE (at_least - 1) * 20 < n AND customer_id IN (SELECT customer_id FROM core)`);
    const e = await expected(both);
    expect(src.selection.size).to.equal(2);
    expect((part('kpis') as unknown as CrmKpis).value!.current.customers).to.equal(e.n);
    expect((part('list') as unknown as CrmCustomerList).value!.total).to.equal(e.n);
    expect(part('matrix').value.n).to.equal(e.n);
    expect(part('pareto').value.summary.n).to.equal(e.n);
    // "Clear filter" removes both
    (dash.shadowRoot!.querySelector('crm-filter-chips')!.shadowRoot!.querySelector('[part="clear"]') as HTMLButtonElement).click();
    await settle();
    expect(src.selection.size).to.equal(0);
    expect((part('kpis') as unknown as CrmKpis).value!.current.customers).to.equal(totals.n);
  });

  it('rapid clicks end on the last selection (stale results are dropped)', async () => {
    const quads = ['carriage', 'passive', 'aggressive', 'bargain'];
    for (const qd of quads) {
      (mark('matrix', `.mark.quadrant[data-quadrant="${qd}"]`) as HTMLElement).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    }
    await settle();
    const bargain = withTx(`WITH c AS (SELECT customer_id, sum(amount) AS revenue, 5.0 * count(*) AS cost FROM "__TX__" GROUP BY customer_id),
      m AS (SELECT quantile_cont(revenue, 0.5) AS mr, quantile_cont(cost, 0.5) AS mc FROM c)
      SELECT customer_id FROM c, m WHERE revenue <= mr AND cost <= mc`);
    expectFiltered('matrix', await expected(bargain));
  });

  it('host pages can filter through the JS API', async () => {
    const { sql } = await import('@crmkit/elements');
    src.select({ client: 'host', predicate: sql`revenue >= ${1000}`, label: 'Revenue ≥ 1,000' });
    await settle();
    const e = await expected(withTx(`SELECT customer_id FROM (${revenueOf}) WHERE v >= 1000`));
    expectFiltered('none', e);
  });

  it('a predicate that cannot run is refused with crm-error and filters nothing', async () => {
    const { sql } = await import('@crmkit/elements');
    const err = oneEvent(src, 'crm-error');
    src.select({ client: 'host', predicate: sql`no_such_column > ${1}`, label: 'Broken' });
    expect((await err).detail.message).to.contain('The filter "Broken" cannot be applied');
    await settle();
    expect(src.selection.size).to.equal(0);
    for (const n of Object.values(counts(''))) expect(n).to.equal(totals.n);
  });
});
