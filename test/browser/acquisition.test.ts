import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { ident, queryRows, sql } from '@crmkit/core';
import type { CrmAcquisition, CrmSelectDetail, CrmSource } from '@crmkit/elements';
import './setup.js';

// The hand-worked data of packages/core/test/acquisition.test.ts as files: ads 3 customers, unit cost 80 / 2 = 40,
// profit 120 / 3 = 40 a customer; email 2, unit 10 / 2 = 5, profit 70 / 2 = 35; store 1 (x1, first order), no cost, profit 5.
describe('<crm-acquisition> on hand-made files', () => {
  it('shows cost against value per channel, new customers by month, and selects a channel', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div style="width: 640px"><crm-source></crm-source><crm-acquisition lang="en" currency="USD"></crm-acquisition></div>`);
    const src = wrap.querySelector('crm-source') as CrmSource;
    const el = wrap.querySelector('crm-acquisition') as CrmAcquisition;
    src.customers = '/test/fixtures/funnel/acq-customers.csv';
    src.src = '/test/fixtures/funnel/acq-transactions.csv';
    await waitUntil(() => el.value !== undefined, 'acquisition', { timeout: 60_000 });
    await el.updateComplete;
    expect([...el.shadowRoot!.querySelectorAll('svg .channel-name')].map((t) => t.textContent)).to.deep.equal(['ads', 'email', 'store']);
    const figs = [...el.shadowRoot!.querySelectorAll('svg .channel-figures')].map((t) => t.textContent);
    expect(figs).to.deep.equal(['cost $40 · value $40', 'cost $5.00 · value $35', 'cost – · value $5.00']);
    // months × channels: 2024-01 ads 2; 2024-02 ads 1, email 1; 2024-03 store 1; 2024-06 email 1
    const months = [...el.shadowRoot!.querySelectorAll('[part="months"] tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(months).to.deep.equal([
      ['2024-01', '2', '0', '0'],
      ['2024-02', '1', '1', '0'],
      ['2024-03', '0', '0', '1'],
      ['2024-06', '0', '1', '0'],
    ]);
    const picked = oneEvent(el, 'crm-select');
    (el.shadowRoot!.querySelector('svg .mark[data-key="=email"]') as SVGElement).dispatchEvent(new MouseEvent('click'));
    const ev = (await picked) as CustomEvent<CrmSelectDetail>;
    expect(ev.detail.clause?.label).to.equal('Acquired via email');
    const ds = src.model!;
    await waitUntil(async () => (await queryRows(ds.engine, sql`SELECT customer_id FROM ${ident(ds.facts)} WHERE ${src.selection.predicate()}`)).length === 2, 'selection', { timeout: 30_000 });
  });
});
