import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { ident, queryRows, sql } from '@crmkit/core';
import { CDNOW_URL, cdnowRows, mountOnCdnow } from './cdnow.js';
import type { CrmErrorEventDetail, CrmParetoCurve, CrmSegmentPyramid, CrmSelectDetail } from '@crmkit/elements';

/** Per customer, over the orders before `asOf`: revenue, orders (rows: CDNOW has no order id) and the last order date. */
async function customers(asOf = '1998-07-01') {
  const per = new Map<string, { revenue: number; orders: number; last: string }>();
  for (const r of await cdnowRows()) {
    if (r.order_date >= asOf) continue;
    const c = per.get(r.customer_id) ?? { revenue: 0, orders: 0, last: '' };
    c.revenue += r.amount;
    c.orders += 1;
    if (r.order_date > c.last) c.last = r.order_date;
    per.set(r.customer_id, c);
  }
  return per;
}

/** k(v) = customers with a value at least v (ties included), for each value; `better(a, b)` true when a ranks above b. */
function atLeast(values: number[], better: (a: number, b: number) => boolean): Map<number, number> {
  const sorted = [...values].sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
  const k = new Map<number, number>();
  sorted.forEach((v, i) => {
    if (i === sorted.length - 1 || sorted[i + 1] !== v) k.set(v, i + 1);
  });
  return k;
}

/**
 * Value tiers by share of customers — the README's rule, in plain TS: the tiers down to a cumulative cut c hold
 * the first ⌈c · n⌉ customers by value (c · n rounded to 9 decimals first), ties and non-positive values going down.
 */
function tiers(values: number[], cuts: number[]): { customers: number; value: number }[] {
  const n = values.length;
  const k = atLeast(values, (a, b) => a > b);
  const out = [...cuts, 1].map(() => ({ customers: 0, value: 0 }));
  const room = cuts.map((c) => Math.ceil(Math.round(c * n * 1e9) / 1e9));
  for (const v of values) {
    let t = room.findIndex((r) => k.get(v)! <= r);
    if (t < 0 || v <= 0) t = cuts.length;
    out[t].customers += 1;
    out[t].value += v;
  }
  return out;
}

const mount = (attrs: string, width = 720) => mountOnCdnow<CrmSegmentPyramid>('crm-segment-pyramid', attrs, width);

const en = { n: new Intl.NumberFormat('en-US'), pct: new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }), usd: new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }) };
const lines = (el: CrmSegmentPyramid) => [...el.shadowRoot!.querySelectorAll('svg .tier-line')].map((t) => t.textContent);
const names = (el: CrmSegmentPyramid) => [...el.shadowRoot!.querySelectorAll('svg .tier-name')].map((t) => t.textContent);

describe('<crm-segment-pyramid> on CDNOW', () => {
  it('shows loading, then the diamond / gold / regular figures an independent computation gives', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div><crm-source src=${CDNOW_URL}></crm-source><crm-segment-pyramid lang="en"></crm-segment-pyramid></div>`);
    const el = wrap.querySelector('crm-segment-pyramid') as CrmSegmentPyramid;
    expect(el.shadowRoot!.querySelector('[part="loading"]'), 'loading state').to.exist;
    await waitUntil(() => el.value, 'no result', { timeout: 60_000 });
    await el.updateComplete;

    const per = await customers();
    const values = [...per.values()].map((c) => c.revenue);
    const total = values.reduce((a, b) => a + b, 0);
    const want = tiers(values, [0.05, 0.2]);
    // 23,570 customers: 5 % → ⌈1,178.5⌉ = 1,179 diamond (the 1,179th spent $381.00, the 1,180th $380.83). 20 % → ⌈4,714⌉
    // = 4,714, but the 4,714th and 4,715th both spent $133.95: the tie goes down to regular, so diamond + gold = 4,713
    // and gold = 4,713 − 1,179 = 3,534; regular 23,570 − 4,713 = 18,857.
    expect(want.map((t) => t.customers)).to.deep.equal([1179, 3534, 18857]);
    const rows = el.value!.rows;
    expect(rows.map((r) => r.customers)).to.deep.equal(want.map((t) => t.customers));
    rows.forEach((r, i) => expect(r.value).to.be.closeTo(want[i].value, 1e-6));

    expect(names(el)).to.deep.equal(['Diamond', 'Gold', 'Regular']);
    expect(lines(el)).to.deep.equal(
      want.flatMap((t) => [
        `${en.n.format(t.customers)} customers (${en.pct.format(t.customers / 23570)})`,
        `Revenue ${en.usd.format(t.value)} (${en.pct.format(t.value / total)}) · avg ${en.usd.format(t.value / t.customers)}`,
      ]),
    );
    // the first line, spelled out: 1,179 customers (5%), $917,385 (36.7%), avg $917,384.93 / 1,179 = $778
    expect(lines(el)[1]).to.equal('Revenue $917,385 (36.7%) · avg $778');

    // keyboard focus shows the numbers, with the tier's range
    const mark = el.shadowRoot!.querySelector('svg .mark[data-key="gold"]') as SVGElement;
    mark.dispatchEvent(new FocusEvent('focus'));
    const tip = el.shadowRoot!.querySelector('svg g.tooltip')!;
    expect(tip.getAttribute('display')).to.equal(null);
    const gold = per.size && [...per.values()].map((c) => c.revenue).filter((v) => v >= 133.96 && v <= 380.83 + 1e-6);
    expect(tip.textContent).to.contain(`Customers: ${en.n.format(want[1].customers)} (15% of customers)`);
    expect(tip.textContent).to.contain(`From ${en.usd.format(Math.min(...(gold as number[])))} to ${en.usd.format(Math.max(...(gold as number[])))} per customer`);
    expect(mark.getAttribute('aria-label')).to.contain('Gold, Customers: 3,534');
    mark.dispatchEvent(new FocusEvent('blur'));
    expect(tip.getAttribute('display')).to.equal('none');
  });

  it('fills its top tiers by the Pareto curve’s top-cut rule, ⌈cut · n⌉ customers, on CDNOW', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div style="width: 720px"><crm-source src=${CDNOW_URL}></crm-source>
      <crm-segment-pyramid lang="en"></crm-segment-pyramid><crm-pareto-curve cut="0.05" lang="en"></crm-pareto-curve><crm-pareto-curve cut="0.2" lang="en"></crm-pareto-curve></div>`);
    const py = wrap.querySelector('crm-segment-pyramid') as CrmSegmentPyramid;
    const [p5, p20] = [...wrap.querySelectorAll('crm-pareto-curve')] as CrmParetoCurve[];
    await waitUntil(() => py.value && p5.value && p20.value, 'the pyramid and the curves did not load', { timeout: 90_000 });
    const [diamond, gold] = py.value!.rows;
    // Revenue per customer from the file (to the cent), best first.
    const sorted = [...(await customers()).values()].map((c) => Math.round(c.revenue * 100)).sort((a, b) => b - a);
    const n = sorted.length;
    expect(p5.value!.summary.n).to.equal(n);
    // 5 %: k = ⌈0.05 × 23,570⌉ = ⌈1,178.5⌉ = 1,179 on the curve, and no tie across it (the 1,179th spent $381.00,
    // the 1,180th $380.83): the diamond tier holds exactly those 1,179.
    expect(p5.value!.summary.kCut).to.equal(1179);
    expect(sorted[1178]).to.be.greaterThan(sorted[1179]);
    expect(diamond.customers).to.equal(p5.value!.summary.kCut);
    // 20 %: k = ⌈0.2 × 23,570⌉ = 4,714 on the curve; diamond + gold have the same room, but the 4,714th and 4,715th
    // both spent $133.95, and a tie stays in one tier (going down): 4,714 − the 1 tied customer inside = 4,713.
    const k = p20.value!.summary.kCut;
    expect(k).to.equal(4714);
    const straddling = sorted.slice(0, k).filter((v) => v === sorted[k]).length;
    expect(straddling).to.equal(1);
    expect(diamond.customers + gold.customers).to.equal(k - straddling);
  });

  it('selects a tier with Enter (focus stays on it), narrows other widgets, and clears on a second click', async () => {
    const { el, src } = await mount('lang="en"');
    const diamond = () => el.shadowRoot!.querySelector('svg .mark[data-key="diamond"]') as SVGElement;
    const before = diamond();
    before.focus();
    const selected = oneEvent(el, 'crm-select');
    before.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    const detail = ((await selected) as CustomEvent<CrmSelectDetail>).detail;
    expect(detail.clause!.value).to.equal('diamond');
    expect(detail.clause!.label).to.equal('Tier: Diamond');
    await el.updateComplete;
    // the chart was redrawn (a new SVG), and the keyboard focus is on the diamond tier again
    expect(diamond()).to.not.equal(before);
    expect((el.shadowRoot!.activeElement as Element | null)?.getAttribute('data-key')).to.equal('diamond');
    expect(diamond().getAttribute('aria-pressed')).to.equal('true');
    // the predicate selects exactly the 1,179 diamond customers of the per-customer table (applied once they are worked out)
    await waitUntil(() => src.selection.size === 1, 'the selection was not applied', { timeout: 30_000 });
    const ds = src.model!;
    const [{ n }] = await queryRows<{ n: number }>(ds.engine, sql`SELECT count(*) AS n FROM ${ident(ds.facts)} WHERE ${src.selection.predicate()}`);
    expect(n).to.equal(1179);
    // another widget on the same source now counts only those customers
    const other = document.createElement('crm-segment-pyramid') as CrmSegmentPyramid;
    other.setAttribute('tiers', 'top:50,rest');
    el.parentElement!.append(other);
    await waitUntil(() => other.value, 'the second pyramid did not load', { timeout: 30_000 });
    await other.updateComplete;
    expect(other.value!.customers).to.equal(1179);
    // a click on the same tier clears
    const cleared = oneEvent(el, 'crm-select');
    diamond().dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(((await cleared) as CustomEvent<CrmSelectDetail>).detail.clause).to.equal(null);
    expect(src.selection.size).to.equal(0);
  });

  it('labels tiers in Traditional and Simplified Chinese, money in the currency given', async () => {
    const { el } = await mount('lang="zh-Hant" currency="TWD"');
    expect(names(el)).to.deep.equal(['鑽石顧客', '黃金顧客', '一般顧客']);
    const per = await customers();
    const values = [...per.values()].map((c) => c.revenue);
    const total = values.reduce((a, b) => a + b, 0);
    const want = tiers(values, [0.05, 0.2]);
    const money = new Intl.NumberFormat('zh-Hant-TW', { style: 'currency', currency: 'TWD', maximumFractionDigits: 0 });
    const pct = new Intl.NumberFormat('zh-Hant-TW', { style: 'percent', maximumFractionDigits: 1 });
    expect(lines(el)[0]).to.equal(`${new Intl.NumberFormat('zh-Hant-TW').format(want[0].customers)} 位顧客（${pct.format(want[0].customers / 23570)}）`);
    expect(lines(el)[1]).to.equal(`營收 ${money.format(want[0].value)}（${pct.format(want[0].value / total)}）· 平均 ${money.format(want[0].value / want[0].customers)}`);
    expect(el.shadowRoot!.querySelector('[part="title"]')!.textContent).to.equal('顧客價值金字塔');
    el.lang = 'zh-Hans';
    await el.updateComplete;
    expect(names(el)).to.deep.equal(['钻石顾客', '黄金顾客', '一般顾客']);
  });

  it('cuts four tiers by share of revenue, and by orders', async () => {
    const { el } = await mount('tiers="platinum:30,gold:30,iron:20,lead" tiers-by="value"');
    const per = await customers();
    const values = [...per.values()].map((c) => c.revenue);
    // by share of the (positive) total: k(v) = Σ max(w, 0) over w ≥ v
    const sorted = [...values].sort((a, b) => b - a);
    const pos = sorted.reduce((a, v) => a + Math.max(v, 0), 0);
    const cum = new Map<number, number>();
    let run = 0;
    sorted.forEach((v, i) => {
      run += Math.max(v, 0);
      if (i === sorted.length - 1 || sorted[i + 1] !== v) cum.set(v, run);
    });
    const want = [0, 0, 0, 0];
    for (const v of values) {
      const t = v <= 0 ? 3 : [0.3, 0.6, 0.8].findIndex((c) => cum.get(v)! <= c * pos + 1e-9 * pos);
      want[t < 0 ? 3 : t] += 1;
    }
    expect(el.value!.rows.map((r) => r.customers)).to.deep.equal(want);
    expect(names(el)).to.deep.equal(['Platinum', 'Gold', 'Iron', 'Lead']);
    el.by = 'orders';
    el.tiers = '';
    el.tiersBy = '';
    await waitUntil(() => el.value?.by === 'orders', 'by=orders did not run', { timeout: 30_000 });
    await el.updateComplete;
    expect(el.value!.rows.map((r) => r.customers)).to.deep.equal(tiers([...per.values()].map((c) => c.orders), [0.05, 0.2]).map((t) => t.customers));
  });

  it('takes tier colours from --crm-tier-<name>, then --crm-tier-<n>, else the default ramp', async () => {
    const { el } = await mount('tiers="platinum:30,gold:30,iron:20,lead"');
    el.style.setProperty('--crm-tier-gold', 'rgb(255, 0, 0)');
    el.style.setProperty('--crm-tier-3', 'rgb(0, 128, 0)');
    await el.updateComplete;
    const fill = (key: string) => getComputedStyle(el.shadowRoot!.querySelector(`svg .mark[data-key="${key}"]`)!).fill;
    expect(fill('gold')).to.equal('rgb(255, 0, 0)'); // by name
    expect(fill('iron')).to.equal('rgb(0, 128, 0)'); // third from the top
    expect(fill('platinum')).to.equal('rgb(30, 58, 138)'); // the ramp's dark end, #1e3a8a
    expect(fill('lead')).to.equal('rgb(191, 219, 254)'); // its light end, #bfdbfe
  });

  it('scores RFM and groups customers into the documented segments', async () => {
    const { el } = await mount('mode="rfm" lang="en"');
    const per = [...(await customers()).values()];
    const n = per.length;
    const asOf = Date.parse('1998-07-01T00:00:00Z');
    const rec = per.map((c) => (asOf - Date.parse(`${c.last}T00:00:00Z`)) / 86_400_000);
    const score = (vals: number[], better: (a: number, b: number) => boolean) => {
      const k = atLeast(vals, better);
      return vals.map((v) => 6 - Math.ceil((5 * k.get(v)!) / n));
    };
    const R = score(rec, (a, b) => a < b);
    const F = score(per.map((c) => c.orders), (a, b) => a > b);
    const M = score(per.map((c) => c.revenue), (a, b) => a > b);
    // The README's grid, rows R = 5 … 1, columns FM = 1 … 5.
    const grid = [
      ['new', 'potential-loyalists', 'potential-loyalists', 'champions', 'champions'],
      ['promising', 'potential-loyalists', 'potential-loyalists', 'loyal', 'loyal'],
      ['about-to-sleep', 'about-to-sleep', 'need-attention', 'loyal', 'loyal'],
      ['hibernating', 'hibernating', 'at-risk', 'at-risk', 'cannot-lose'],
      ['lost', 'hibernating', 'at-risk', 'at-risk', 'cannot-lose'],
    ];
    const count = new Map<string, number>();
    per.forEach((_c, i) => {
      const seg = grid[5 - R[i]][Math.floor((F[i] + M[i]) / 2) - 1];
      count.set(seg, (count.get(seg) ?? 0) + 1);
    });
    const got = Object.fromEntries(el.value!.rows.map((r) => [r.key, r.customers]));
    for (const r of el.value!.rows) expect(got[r.key], r.key).to.equal(count.get(r.key) ?? 0);
    expect(names(el)).to.deep.equal(['Champions', 'Loyal', 'Potential loyalists', 'New', 'Promising', 'Need attention', 'About to sleep', 'At risk', 'Cannot lose', 'Hibernating', 'Lost']);
    expect(el.shadowRoot!.querySelector('[part="title"]')!.textContent).to.equal('RFM segments');
    // 5 of 23,570 customers is 0.02 %: shown as "<0.1%", not "0%"
    // (empty segments take one inline line, so look the line up rather than count two a layer)
    expect(lines(el)).to.include(`${count.get('cannot-lose')} customers (<0.1%)`);
  });

  it('explains a missing cost column for by="profit", and bad tiers, in the widget and a crm-error event', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div><crm-source></crm-source><crm-segment-pyramid by="profit"></crm-segment-pyramid></div>`);
    const el = wrap.querySelector('crm-segment-pyramid') as CrmSegmentPyramid;
    const error = oneEvent(el, 'crm-error');
    wrap.querySelector('crm-source')!.src = CDNOW_URL;
    const detail = ((await error) as CustomEvent<CrmErrorEventDetail>).detail;
    expect(detail.code).to.equal('missing-column');
    expect(detail.column).to.equal('cost');
    await el.updateComplete;
    const box = el.shadowRoot!.querySelector('[part="error"]')!;
    expect(box.getAttribute('role')).to.equal('alert');
    expect(box.textContent).to.contain('by="profit" needs a cost column, and the loaded data has none');
    const next = oneEvent(el, 'crm-error');
    el.by = 'revenue';
    el.tiers = 'diamond:5,gold:15';
    expect(((await next) as CustomEvent<CrmErrorEventDetail>).detail.code).to.equal('invalid-option');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="error"]')!.textContent).to.contain('invalid tiers: "diamond:5,gold:15" — the last tier ("gold") takes the rest');
  });

  it('is empty before the first order, and follows its container’s width', async () => {
    const { el } = await mount('as-of="1996-12-01"', 700);
    expect(el.shadowRoot!.querySelector('[part="empty"]')!.textContent).to.equal('No customers to show.');
    el.asOf = '';
    await waitUntil(() => el.shadowRoot!.querySelector('[part="chart"] svg'), 'no chart', { timeout: 30_000 });
    const svgWidth = () => Number(el.shadowRoot!.querySelector('[part="chart"] svg')!.getAttribute('width'));
    // 700 px less the widget's padding (2 × 0.75 rem) and border (2 × 1 px)
    await waitUntil(() => svgWidth() === 700 - 24 - 2, `svg width ${svgWidth()}`);
    el.parentElement!.style.width = '360px';
    await waitUntil(() => svgWidth() === 360 - 24 - 2, `svg width ${svgWidth()} after resizing`);
  });
});
