import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import './setup.js';
import { CDNOW_URL, cdnowRows } from './cdnow.js';
import type { CrmKpis, CrmSource } from '@crmkit/elements';

/** KPIs of a window [from, to) computed in plain TS over the parsed rows. */
async function expected(from: string, to: string) {
  const rows = await cdnowRows();
  const first = new Map<string, string>();
  for (const r of rows) if (!first.has(r.customer_id) || r.order_date < first.get(r.customer_id)!) first.set(r.customer_id, r.order_date);
  const inWin = rows.filter((r) => r.order_date >= from && r.order_date < to);
  const perCustomer = new Map<string, number>();
  for (const r of inWin) perCustomer.set(r.customer_id, (perCustomer.get(r.customer_id) ?? 0) + 1);
  const revenue = inWin.reduce((s, r) => s + r.amount, 0);
  const firsts = [...first.values()];
  return {
    customers: firsts.filter((d) => d < to).length,
    active: perCustomer.size,
    revenue,
    orders: inWin.length,
    repeatRate: [...perCustomer.values()].filter((n) => n >= 2).length / perCustomer.size,
    newCustomers: firsts.filter((d) => d >= from && d < to).length,
  };
}

/** A source and KPI tiles in `wrap` (which holds them), CDNOW loaded and the tiles drawn. */
async function mountKpis(wrap: Promise<HTMLDivElement>): Promise<CrmKpis> {
  const el = await wrap;
  const src = el.querySelector('crm-source')!;
  const kpis = el.querySelector('crm-kpis') as CrmKpis;
  const loaded = oneEvent(src, 'crm-load');
  src.src = CDNOW_URL;
  await loaded;
  await kpis.updateComplete;
  return kpis;
}

describe('<crm-kpis> on CDNOW', () => {
  it('shows the window figures an independent computation gives', async () => {
    const src = await fixture<CrmSource>(html`<div><crm-source id="k1"></crm-source><crm-kpis source="k1" days="365" lang="en"></crm-kpis></div>`).then((d) => d.querySelector('crm-source')!);
    const kpis = src.parentElement!.querySelector('crm-kpis') as CrmKpis;
    const loaded = oneEvent(src, 'crm-load');
    src.src = CDNOW_URL;
    await loaded;
    await kpis.updateComplete;
    const d = kpis.value!;
    // last order 1998-06-30 → as-of 1998-07-01; 365 days back → 1997-07-01
    expect(d.window).to.deep.equal({ from: '1997-07-01', to: '1998-07-01', days: 365 });
    const cur = await expected('1997-07-01', '1998-07-01');
    expect(d.current.customers).to.equal(cur.customers);
    expect(d.current.customers).to.equal(23570);
    expect(d.current.active).to.equal(cur.active);
    expect(d.current.orders).to.equal(cur.orders);
    expect(d.current.revenue).to.be.closeTo(cur.revenue, 1e-6);
    expect(d.current.repeatRate!).to.be.closeTo(cur.repeatRate, 1e-12);
    // The CDNOW cohort all bought first in Q1 1997: nobody is new in the last year.
    expect(d.current.newCustomers).to.equal(0);
    expect(cur.newCustomers).to.equal(0);
    const prior = await expected('1996-07-01', '1997-07-01');
    expect(d.prior.active).to.equal(prior.active);
    expect(d.prior.revenue).to.be.closeTo(prior.revenue, 1e-6);
    expect(d.prior.newCustomers).to.equal(23570);
    // The tile shows the same revenue, formatted in en-US dollars.
    const tile = kpis.shadowRoot!.querySelector('[data-kpi="revenue"] [part~="value"]')!;
    expect(tile.textContent!.trim()).to.equal(new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(cur.revenue));
    // No customer table: no unit acquisition cost tile.
    expect(kpis.shadowRoot!.querySelector('[data-kpi="unitAcquisitionCost"]')).to.equal(null);
    // CSV export carries the same figures.
    const csv = kpis.toCSV();
    expect(csv.split('\r\n')[0]).to.equal('kpi,label,current,previous,from,to');
    expect(csv).to.contain(`active,Active customers,${cur.active},${prior.active},1997-07-01,1998-07-01`);
  });

  it('labels tiles in Traditional Chinese', async () => {
    const kpis = await mountKpis(fixture<HTMLDivElement>(html`<div lang="zh-Hant"><crm-source id="k2"></crm-source><crm-kpis source="k2"></crm-kpis></div>`));
    const label = kpis.shadowRoot!.querySelector('[data-kpi="revenue"] [part~="label"]')!;
    expect(label.textContent).to.equal('營收');
    expect(kpis.shadowRoot!.querySelector('[part="title"]')!.textContent).to.equal('關鍵指標');
  });

  it('keeps every figure on one line inside its tile, however narrow', async () => {
    const kpis = await mountKpis(
      fixture<HTMLDivElement>(html`<div style="width: 400px" lang="zh-Hant"><crm-source id="k3"></crm-source><crm-kpis source="k3" currency="USD" style="--crm-kpi-min-width: 7rem"></crm-kpis></div>`),
    );
    const values = [...kpis.shadowRoot!.querySelectorAll<HTMLElement>('[part~="value"]')];
    expect(values.map((v) => v.textContent)).to.include('US$1,069,356');
    for (const v of values) {
      const tile = v.parentElement!;
      const lineHeight = parseFloat(getComputedStyle(v).lineHeight) || parseFloat(getComputedStyle(v).fontSize) * 1.4;
      expect(v.getClientRects().length, v.textContent!).to.equal(1);
      expect(v.getBoundingClientRect().height, `${v.textContent} on one line`).to.be.below(lineHeight * 1.5);
      expect(v.scrollWidth, `${v.textContent} fits its tile`).to.be.at.most(tile.clientWidth);
    }
    // short figures keep the full size; the long one is smaller
    const size = (k: string) => parseFloat(getComputedStyle(kpis.shadowRoot!.querySelector<HTMLElement>(`[data-kpi="${k}"] [part~="value"]`)!).fontSize);
    expect(size('revenue')).to.be.below(size('repeatRate'));
  });
});
