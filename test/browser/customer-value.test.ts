import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { ident, queryRows, scoreCustomerValue, sql, type SQL } from '@crmkit/core';
import type { CrmCustomerValue, CrmErrorEventDetail, CrmSelectDetail, CrmSource } from '@crmkit/elements';
import { dataset } from './setup.js';

/** CDNOW_sample.txt (2,357 customers): customer id, sample id, YYYYMMDD, cds, dollars; the sample id as the customer. */
async function sampleRows() {
  const text = await (await fetch(dataset('cdnow/CDNOW_sample.txt'))).text();
  return text
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .map(([, id, date, cds, dollars]) => ({ customer_id: String(Number(id)), order_date: date, quantity: Number(cds), amount: Number(dollars) }));
}

async function mount(rows: Record<string, unknown>[], attrs: string, width = 760) {
  const wrap = await fixture<HTMLDivElement>(html`<div style="width: ${width}px"><crm-source></crm-source></div>`);
  wrap.insertAdjacentHTML('beforeend', `<crm-customer-value ${attrs}></crm-customer-value>`);
  const src = wrap.querySelector('crm-source') as CrmSource;
  const el = wrap.querySelector('crm-customer-value') as CrmCustomerValue;
  const errors: CrmErrorEventDetail[] = [];
  el.addEventListener('crm-error', (e) => errors.push((e as CustomEvent<CrmErrorEventDetail>).detail));
  const loaded = oneEvent(src, 'crm-load');
  src.data = rows;
  await loaded;
  await waitUntil(() => el.value !== undefined || el.shadowRoot!.querySelector('[part="error"], .error, [role="alert"]'), 'crm-customer-value did not finish', { timeout: 120_000 });
  await el.updateComplete;
  return { el, src, errors };
}

const shadowText = (el: HTMLElement) => el.shadowRoot!.textContent ?? '';

describe('<crm-customer-value> on the CDNOW sample', function () {
  this.timeout(240_000);

  it('fits the published BG/NBD and Gamma-Gamma figures in the page and draws tiers, P(alive), win-back and the holdout check', async () => {
    const rows = await sampleRows();
    const { el, errors } = await mount(rows, 'calibration-end="1997-09-30" lang="en"');
    const d = el.value!;
    // the holdout check's fit is the paper's: calibration 1997-01-01 … 09-30 in weeks
    const v = d.validation!;
    expect([v.fit.bgnbd.params.r, v.fit.bgnbd.params.alpha, v.fit.bgnbd.params.a, v.fit.bgnbd.params.b].map((x) => x.toFixed(3))).to.deep.equal(['0.243', '4.414', '0.793', '2.426']);
    expect(v.fit.bgnbd.logLikelihood.toFixed(1)).to.equal('-9582.4');
    expect([v.fit.gammaGamma.params.p, v.fit.gammaGamma.params.q, v.fit.gammaGamma.params.gamma].map((x) => x.toFixed(2))).to.deep.equal(['6.25', '3.74', '15.44']);
    // holdout 1997-10-01 … 1998-06-30 = 273 days = 39 weeks; actual purchase days counted here from the rows
    expect(v.holdout).to.equal(39);
    const hold = new Map<string, Set<string>>();
    for (const r of rows) if (r.order_date > '19970930') (hold.get(r.customer_id) ?? hold.set(r.customer_id, new Set()).get(r.customer_id)!).add(r.order_date);
    expect(v.actualTotal).to.equal([...hold.values()].reduce((a, s) => a + s.size, 0));
    // tiers: ⌈0.05 · 2357⌉ = 118, 472 − 118 = 354, 1179 − 472 = 707, 2357 − 1179 = 1178
    expect(d.tiers.map((t) => t.customers)).to.deep.equal([118, 354, 707, 1178]);
    const figures = [...el.shadowRoot!.querySelectorAll('svg .tier-figures')].map((t) => t.textContent);
    expect(figures[0]).to.match(/^118 customers · \d+ likely active$/);
    expect(el.shadowRoot!.querySelectorAll('svg rect.bin-bar').length).to.equal(10);
    expect(el.shadowRoot!.querySelectorAll('[part="validation"] svg circle.actual').length).to.equal(8);
    // the scoring fit (every order, to 1998-06-30) is what the parameters line shows
    const b = d.fit.bgnbd.params;
    expect(d.fit.end).to.equal('1998-06-30');
    expect(el.shadowRoot!.querySelector('[part="params"]')!.textContent!.replace(/\s+/g, ' ').trim()).to.match(
      new RegExp(`^BG/NBD: r = ${b.r.toFixed(3)}, α = ${b.alpha.toFixed(3)}, a = ${b.a.toFixed(3)}, b = ${b.b.toFixed(3)}; log-likelihood -[\\d,]+\\.\\d; 2,357 customers`),
    );
    expect(shadowText(el)).to.contain('Worth winning back');
    expect(shadowText(el)).not.to.match(/NaN|undefined|Infinity/);
    expect(errors).to.deep.equal([]);
  });

  it('selects a tier and the worth-winning-back group: each crm-select clause picks exactly those customers; the same again clears', async () => {
    const { el, src } = await mount(await sampleRows(), 'calibration-end="1997-09-30" lang="zh-Hant"');
    const ds = src.model!;
    const count = async (predicate: SQL) => (await queryRows<{ n: number }>(ds.engine, sql`SELECT count(*)::INTEGER AS n FROM ${ident(ds.facts)} WHERE ${predicate}`))[0].n;
    let picked = oneEvent(el, 'crm-select');
    (el.shadowRoot!.querySelector('svg .mark[data-key="tier:top"]') as SVGElement).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    let { detail } = (await picked) as CustomEvent<CrmSelectDetail>;
    expect(detail.clause!.label).to.equal('潛在價值：前 5%');
    expect(await count(detail.clause!.predicate)).to.equal(118);
    // the same again clears
    picked = oneEvent(el, 'crm-select');
    (el.shadowRoot!.querySelector('svg .mark[data-key="tier:top"]') as SVGElement).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    ({ detail } = (await picked) as CustomEvent<CrmSelectDetail>);
    expect(detail.clause).to.equal(null);
    // worth winning back: as many customers as the call-out says
    picked = oneEvent(el, 'crm-select');
    (el.shadowRoot!.querySelector('[part="winback-select"]') as HTMLButtonElement).click();
    ({ detail } = (await picked) as CustomEvent<CrmSelectDetail>);
    expect(detail.clause!.label).to.equal('值得挽回');
    expect(await count(detail.clause!.predicate)).to.equal(el.value!.winBack.customers);
    expect(shadowText(el)).to.contain('潛在價值');
  });

  it('gives the customer card and list P(alive), expected purchases and CLV', async () => {
    const { el, src } = await mount(await sampleRows(), 'lang="en"');
    const wrap = el.parentElement!;
    wrap.insertAdjacentHTML('beforeend', '<crm-customer-card customer-id="1" lang="en"></crm-customer-card><crm-customer-list lang="en" page-size="5" sort="customer_id"></crm-customer-list>');
    const card = wrap.querySelector('crm-customer-card')!;
    const list = wrap.querySelector('crm-customer-list')!;
    await waitUntil(() => card.value && list.value, 'card and list did not finish', { timeout: 60_000 });
    await card.updateComplete;
    await list.updateComplete;
    // customer 1 scored by the engine (the same scores the widget's tiers are built on)
    const ds = src.model!;
    const [one] = await queryRows<{ p_alive: number; expected: number; clv: number }>(ds.engine, sql`SELECT p_alive, expected, clv FROM (${(await scoreCustomerValue(ds)).assignment}) WHERE customer_id = '1'`);
    const pct = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 }).format(one.p_alive);
    const cardText = card.shadowRoot!.textContent!.replace(/\s+/g, ' ');
    expect(cardText).to.contain(`P(alive)${pct}`);
    expect(cardText).to.contain(`Expected purchases (90 days)${new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(one.expected)}`);
    const heads = [...list.shadowRoot!.querySelectorAll('thead th')].map((t) => t.textContent!.trim());
    expect(heads).to.include.members(['P(alive)', 'Expected purchases (90 days)', 'Predicted value (12 months)']);
    const firstRow = list.shadowRoot!.querySelector('tbody tr[data-customer="1"]')!;
    expect(firstRow.textContent).to.contain(pct);
    expect(list.shadowRoot!.textContent).not.to.match(/NaN/);
  });

  it('refuses a bad option with its name, in the widget and in crm-error', async () => {
    const { el, errors } = await mount(await sampleRows(), 'unit="months" lang="zh-Hant"');
    await waitUntil(() => errors.length > 0, 'no crm-error', { timeout: 30_000 });
    expect(errors[0].code).to.equal('invalid-option');
    expect(errors[0].option).to.equal('unit');
    expect(errors[0].message).to.equal('invalid unit: months (expected one of weeks, days)');
    const text = shadowText(el);
    expect(text).to.contain('unit');
    expect(text).to.contain('months');
    expect(text).not.to.match(/NaN/);
  });

  it('says in the widget and in crm-error why thin data cannot be fitted, in English and Chinese', async () => {
    const rows = (await sampleRows()).filter((r) => Number(r.customer_id) <= 20);
    const { el, errors } = await mount(rows, 'lang="zh-Hant"');
    await waitUntil(() => errors.length > 0, 'no crm-error', { timeout: 30_000 });
    expect(errors[0].code).to.equal('model-fit');
    expect(errors[0].model).to.deep.equal({ name: 'bgnbd', problem: 'too-few-customers', count: 20, needed: 30 });
    expect(errors[0].message).to.equal('The BG/NBD model needs at least 30 customers in the calibration period; there are 20.');
    const text = shadowText(el);
    expect(text).to.contain('資料不足以建立潛在價值模型');
    expect(text).to.contain('購買次數模型（BG/NBD）在校準期內至少需要 30 位顧客，目前只有 20 位。');
    expect(text).not.to.match(/NaN/);
  });
});
