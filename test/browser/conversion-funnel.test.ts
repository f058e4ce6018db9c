import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { ident, queryRows, sql } from '@crmkit/core';
import type { CrmConversionFunnel, CrmSelectDetail, CrmSource } from '@crmkit/elements';
import './setup.js';

// The hand-made events of packages/core/test/conversion-funnel.test.ts, as files (test/fixtures/funnel/).
// Steps visit → add_to_cart → purchase, window 7 d, in order: people [8, 6, 3] (worked out there, row by row):
// level 3: A, D, E; level 2: B, C, c7; level 1: G, H. Breakdown: ads [5, 3, 1], email [3, 3, 2].
const BASE = '/test/fixtures/funnel/';

async function mount(attrs: string, events = 'events.csv', lang = 'en') {
  const wrap = await fixture<HTMLDivElement>(html`<div style="width: 640px" lang=${lang}><crm-source></crm-source></div>`);
  wrap.insertAdjacentHTML('beforeend', `<crm-conversion-funnel ${attrs}></crm-conversion-funnel>`);
  const src = wrap.querySelector('crm-source') as CrmSource;
  const el = wrap.querySelector('crm-conversion-funnel') as CrmConversionFunnel;
  src.setAttribute('events', BASE + events);
  src.src = BASE + 'transactions.csv';
  return { el, src };
}

const ready = async (el: CrmConversionFunnel) => {
  const src = el.parentElement!.querySelector('crm-source') as CrmSource;
  await waitUntil(() => el.value !== undefined || src.error, 'the funnel did not finish', { timeout: 60_000 });
  if (src.error) throw new Error(`source: ${src.error.message}`);
  await el.updateComplete;
};

describe('<crm-conversion-funnel> on hand-made events', () => {
  it('counts people per step, in order, within the window (exactly 7 d counts)', async () => {
    const { el } = await mount('steps="visit,add_to_cart,purchase" window="7d" lang="en"');
    await ready(el);
    expect(el.value!.steps.map((s) => s.people)).to.deep.equal([8, 6, 3]);
    expect(el.value!.steps.map((s) => s.dropOff)).to.deep.equal([0, 2, 3]);
    // medians from the core test: 86400 s for both steps
    expect(el.value!.steps.map((s) => s.medianSeconds)).to.deep.equal([null, 86_400, 86_400]);
    const figures = [...el.shadowRoot!.querySelectorAll('svg .step-figures')].map((t) => t.textContent);
    expect(figures).to.deep.equal(['8 · 100%', '6 · 75% · 1 d', '3 · 37.5% · 1 d']);
    // strict order: C, D, c7 and H stop at step 1 → [8, 3, 2]
    el.order = 'strict';
    await waitUntil(() => el.value?.settings.order === 'strict', 'strict', { timeout: 30_000 });
    expect(el.value!.steps.map((s) => s.people)).to.deep.equal([8, 3, 2]);
  });

  it('speaks zh-Hant and zh-Hans', async () => {
    const { el } = await mount('steps="visit,add_to_cart,purchase" window="7d" lang="zh-Hant"');
    await ready(el);
    expect(el.shadowRoot!.querySelector('[part="title"]')!.textContent).to.equal('轉換漏斗');
    expect(el.shadowRoot!.querySelector('[part="caption"]')!.textContent).to.contain('7 天內依序完成後續步驟');
    el.lang = 'zh-Hans';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="title"]')!.textContent).to.equal('转化漏斗');
    expect(el.shadowRoot!.querySelector('[part="hint"]')!.textContent).to.contain('点击长条');
  });

  it('breaks down by channel (first touch) in a table', async () => {
    const { el } = await mount('steps="visit,add_to_cart,purchase" window="7d" breakdown="channel" lang="en"');
    await ready(el);
    const rows = [...el.shadowRoot!.querySelectorAll('[part="breakdown"] tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent!.replace(/\s+/g, ' ').trim()));
    expect(rows).to.deep.equal([
      ['ads', '5', '3 (60%)', '1 (20%)'],
      ['email', '3', '3 (100%)', '2 (66.7%)'],
    ]);
  });

  it('clicking a step selects its converted or dropped-off customers for the other widgets', async () => {
    const { el, src } = await mount('steps="visit,add_to_cart,purchase" window="7d" lang="en"');
    await ready(el);
    const who = async () => {
      const ds = src.model!;
      return (await queryRows<{ customer_id: string }>(ds.engine, sql`SELECT customer_id FROM ${ident(ds.facts)} WHERE ${src.selection.predicate()} ORDER BY 1`)).map((r) => r.customer_id);
    };
    let picked = oneEvent(el, 'crm-select');
    (el.shadowRoot!.querySelector('svg .mark[data-key="converted:3"]') as SVGElement).dispatchEvent(new MouseEvent('click'));
    let ev = (await picked) as CustomEvent<CrmSelectDetail>;
    expect(ev.detail.clause?.label).to.equal('Funnel: reached purchase');
    await waitUntil(async () => (await who()).length === 3, 'selection', { timeout: 30_000 });
    expect(await who()).to.deep.equal(['A', 'D', 'E']);
    picked = oneEvent(el, 'crm-select');
    (el.shadowRoot!.querySelector('svg .mark[data-key="dropped:2"]') as SVGElement).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    ev = (await picked) as CustomEvent<CrmSelectDetail>;
    expect(ev.detail.clause?.label).to.equal('Funnel: dropped off before add_to_cart');
    await waitUntil(async () => (await who()).join() === 'G,H', 'selection 2', { timeout: 30_000 });
  });

  it('a bad events file stops with the loader’s clear error, in Chinese too', async () => {
    const { src } = await mount('steps="visit,purchase"', 'events-bad.csv', 'zh-Hant');
    const err = (await oneEvent(src, 'crm-error')) as CustomEvent<{ code: string; column: string; row: number; expected: string }>;
    expect(err.detail).to.include({ code: 'invalid-value', column: 'timestamp', row: 2, expected: 'timestamp' });
    await src.updateComplete;
    const box = src.shadowRoot!.querySelector('[part="error"]')!.textContent!;
    expect(box).to.contain('events-bad.csv');
    expect(box).to.contain('不是日期');
  });
});
