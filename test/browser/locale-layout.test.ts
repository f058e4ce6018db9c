/**
 * Locales beyond the three catalogues, plural rules, the heading level and the room a widget keeps while its data loads.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { CrmSource } from '@crmkit/elements';
import { defaultCurrency, intlLocale } from '../../packages/elements/src/i18n/locale.js';
import { CDNOW_URL, cdnowRows } from './cdnow.js';
import './setup.js';

type Widget = HTMLElement & { value?: unknown; updateComplete: Promise<boolean> };

async function load(src: CrmSource, url = CDNOW_URL) {
  const loaded = oneEvent(src, 'crm-load');
  src.src = url;
  await loaded;
}

describe('locales', () => {
  it('the default currency follows the locale: zh-Hant → TWD, zh-Hans → CNY, de → EUR, en-US → USD', () => {
    expect(['zh-Hant', 'zh-TW', 'zh-Hans', 'zh-CN', 'de', 'de-DE', 'de-AT', 'en', 'en-US', 'en-GB', 'fr-FR', 'ja'].map(defaultCurrency)).to.deep.equal([
      'TWD', 'TWD', 'CNY', 'CNY', 'EUR', 'EUR', 'EUR', 'USD', 'USD', 'GBP', 'EUR', 'JPY',
    ]);
    expect([intlLocale('de-DE'), intlLocale('zh-TW'), intlLocale(''), intlLocale('not a tag!')]).to.deep.equal(['de-DE', 'zh-Hant-TW', 'en-US', 'en-US']);
  });

  it('lang="de-DE" currency="EUR": German number and money format, English labels; a zh-Hant page counts in NT$ unless told', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div style="width: 900px">
      <crm-source></crm-source>
      <crm-kpis lang="de-DE" currency="EUR"></crm-kpis>
      <crm-kpis lang="en"></crm-kpis>
      <crm-kpis lang="zh-Hant"></crm-kpis>
    </div>`);
    await load(wrap.querySelector('crm-source') as CrmSource);
    const [de, en, zh] = [...wrap.querySelectorAll('crm-kpis')] as Widget[];
    await waitUntil(() => [de, en, zh].every((w) => w.shadowRoot!.querySelector('[data-kpi="revenue"]')), 'KPIs did not draw', { timeout: 90_000 });
    // Revenue of the 365 days before 1998-07-01, summed here from the CSV (an independent path).
    const rows = await cdnowRows();
    const revenue = rows.filter((r) => r.order_date >= '1997-07-01' && r.order_date < '1998-07-01').reduce((s, r) => s + r.amount, 0);
    const value = (w: Widget) => w.shadowRoot!.querySelector('[data-kpi="revenue"] [part~="value"]')!.textContent!.trim();
    const deWant = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(revenue);
    expect(deWant).to.match(/^\d{1,3}(\.\d{3})+\s€$/); // e.g. 1.069.356 € — dots for thousands, the sign after
    expect(value(de)).to.equal(deWant);
    expect(value(en)).to.equal(new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(revenue));
    expect(value(zh)).to.equal(new Intl.NumberFormat('zh-Hant-TW', { style: 'currency', currency: 'TWD', maximumFractionDigits: 0 }).format(revenue));
    // labels: German has no catalogue, so English
    const title = (w: Widget) => w.shadowRoot!.querySelector('[part="title"]')!.textContent;
    expect(title(de)).to.equal(title(en));
  });

  it('counts follow plural rules: "1 customer", "2 customers"', async () => {
    // A (100 revenue, 1 order), B (10, 1), C (50, 3); cost 5 an order → 5, 5, 15; profit 95, 5, 35.
    // Splits (medians): cost 5, profit 35. Over-served (cost > 5, profit ≤ 35): C. Under-served (cost ≤ 5, profit > 35): A.
    const wrap = await fixture<HTMLDivElement>(html`<div style="width: 600px"><crm-source></crm-source><crm-profit-matrix cost-per-order="5" lang="en"></crm-profit-matrix></div>`);
    const src = wrap.querySelector('crm-source') as CrmSource & { data: unknown };
    const loaded = oneEvent(src, 'crm-load');
    src.data = [
      { customer_id: 'A', order_date: '2024-01-02', amount: 100 },
      { customer_id: 'B', order_date: '2024-01-03', amount: 10 },
      { customer_id: 'C', order_date: '2024-01-04', amount: 20 },
      { customer_id: 'C', order_date: '2024-02-04', amount: 20 },
      { customer_id: 'C', order_date: '2024-03-04', amount: 10 },
    ];
    await loaded;
    const m = wrap.querySelector('crm-profit-matrix') as Widget;
    await waitUntil(() => m.shadowRoot!.querySelector('[data-callout="over"]'), 'no callouts', { timeout: 60_000 });
    expect(m.shadowRoot!.querySelector('[data-callout="over"]')!.textContent).to.contain('1 customer (');
    expect(m.shadowRoot!.querySelector('[data-callout="under"]')!.textContent).to.contain('1 customer (');
    expect(m.shadowRoot!.querySelector('[data-callout="over"]')!.textContent).not.to.contain('1 customers');
  });
});

describe('heading level and reserved room', () => {
  it('the title is a heading of level 3 by default, heading-level="2" makes it 2', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div><crm-source></crm-source><crm-pareto-curve></crm-pareto-curve><crm-pareto-curve heading-level="2"></crm-pareto-curve></div>`);
    const [a, b] = [...wrap.querySelectorAll('crm-pareto-curve')] as Widget[];
    await a.updateComplete;
    await b.updateComplete;
    const t = (w: Widget) => w.shadowRoot!.querySelector('[part="title"]')!;
    expect([t(a).getAttribute('role'), t(a).getAttribute('aria-level')]).to.deep.equal(['heading', '3']);
    expect(t(b).getAttribute('aria-level')).to.equal('2');
  });

  it('while the data loads, each widget keeps about the height it will have (no layout jump)', async () => {
    const tags = ['crm-kpis', 'crm-segment-pyramid', 'crm-lifecycle-funnel', 'crm-pareto-curve', 'crm-profit-matrix'];
    const wrap = await fixture<HTMLDivElement>(html`<div style="width: 560px"><crm-source></crm-source></div>`);
    wrap.insertAdjacentHTML('beforeend', tags.map((t) => `<${t} ${t === 'crm-profit-matrix' ? 'cost-per-order="5"' : ''}></${t}>`).join(''));
    const widgets = tags.map((t) => wrap.querySelector(t) as Widget);
    for (const w of widgets) await w.updateComplete;
    const before = widgets.map((w) => w.getBoundingClientRect().height);
    await load(wrap.querySelector('crm-source') as CrmSource);
    await waitUntil(() => widgets.every((w) => w.value !== undefined && w.shadowRoot!.querySelector('[part="chart"]')), 'widgets did not draw', { timeout: 90_000 });
    for (const w of widgets) await w.updateComplete;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const after = widgets.map((w) => w.getBoundingClientRect().height);
    const report = tags.map((t, i) => `${t} ${Math.round(before[i])} → ${Math.round(after[i])}`).join(', ');
    for (let i = 0; i < tags.length; i++) expect(Math.abs(after[i] - before[i]) / after[i], report).to.be.at.most(0.2);
  });
});

describe('KPI tiles say what they cover', () => {
  it('the period is on screen, and zero new customers in the window is neutral, not a red drop', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div style="width: 900px"><crm-source></crm-source><crm-kpis lang="en"></crm-kpis></div>`);
    await load(wrap.querySelector('crm-source') as CrmSource);
    const k = wrap.querySelector('crm-kpis') as Widget;
    await waitUntil(() => k.shadowRoot!.querySelector('[data-kpi="newCustomers"]'), 'KPIs did not draw', { timeout: 90_000 });
    // CDNOW: last order 1998-06-30, so as-of 1998-07-01 and the 365-day window is 1997-07-01 … 1998-06-30.
    const period = k.shadowRoot!.querySelector('[part="period"]')!;
    expect(period.textContent).to.equal('Jul 1, 1997 – Jun 30, 1998 · vs previous 365 days');
    expect(getComputedStyle(period).display).not.to.equal('none');
    // Every CDNOW customer first bought in early 1997, before the window: no new customers in it.
    const rows = await cdnowRows();
    const first = new Map<string, string>();
    for (const r of rows) if (!first.has(r.customer_id) || r.order_date < first.get(r.customer_id)!) first.set(r.customer_id, r.order_date);
    expect([...first.values()].filter((d) => d >= '1997-07-01').length).to.equal(0);
    const tile = k.shadowRoot!.querySelector('[data-kpi="newCustomers"]')!;
    expect(tile.querySelector('[part~="value"]')!.textContent!.trim()).to.equal('0');
    const delta = tile.querySelector('[part~="delta"]')!;
    expect(delta.classList.contains('bad')).to.equal(false);
    expect(getComputedStyle(delta).color).to.equal(getComputedStyle(k.shadowRoot!.querySelector('[data-kpi="customers"] [part~="label"]')!).color);
  });
});

describe('RFM segments nobody is in', () => {
  it('are drawn as thin one-line bands, not as tall as the full ones', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div style="width: 560px"><crm-source></crm-source><crm-segment-pyramid mode="rfm"></crm-segment-pyramid></div>`);
    await load(wrap.querySelector('crm-source') as CrmSource);
    const p = wrap.querySelector('crm-segment-pyramid') as Widget & { value?: { rows: { key: string; customers: number }[] } };
    await waitUntil(() => p.value && p.shadowRoot!.querySelector('rect.hit'), 'pyramid did not draw', { timeout: 90_000 });
    const rows = p.value!.rows;
    const hits = [...p.shadowRoot!.querySelectorAll('rect.hit')].map((r) => r.getBoundingClientRect().height);
    expect(hits.length).to.equal(rows.length);
    const empty = rows.map((r, i) => [r, hits[i]] as const).filter(([r]) => r.customers === 0);
    const full = rows.map((r, i) => [r, hits[i]] as const).filter(([r]) => r.customers > 0);
    expect(empty.length, 'CDNOW has an RFM segment with no customer').to.be.greaterThan(0);
    for (const [r, h] of empty) expect(h, r.key).to.be.at.most(24);
    for (const [r, h] of full) expect(h, r.key).to.be.at.least(40);
  });
});
