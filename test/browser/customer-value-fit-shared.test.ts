import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { modelFit, runValidation, scoreCustomerValue } from '@crmkit/core';
import type { CrmCustomerValue, CrmSource } from '@crmkit/elements';
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

describe('<crm-customer-value>: one fit per load, the holdout check after the first draw', function () {
  this.timeout(240_000);

  it('draws tiers before the holdout check, then the check; the widget, card and list share one fit', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div style="width: 760px"><crm-source></crm-source></div>`);
    wrap.insertAdjacentHTML(
      'beforeend',
      '<crm-customer-value calibration-end="1997-09-30" lang="en"></crm-customer-value><crm-customer-card customer-id="1" lang="en"></crm-customer-card><crm-customer-list lang="en" page-size="5"></crm-customer-list>',
    );
    const src = wrap.querySelector('crm-source') as CrmSource;
    const el = wrap.querySelector('crm-customer-value') as CrmCustomerValue;
    const card = wrap.querySelector('crm-customer-card')!;
    const list = wrap.querySelector('crm-customer-list')!;
    const loaded = oneEvent(src, 'crm-load');
    src.data = await sampleRows();
    await loaded;
    // the tiers are drawn while the holdout check (a second fit, on the calibration window) is still being worked out
    let drawnBeforeCheck = false;
    await waitUntil(
      () => {
        if (el.shadowRoot!.querySelector('svg .tier-figures') && el.shadowRoot!.querySelector('[part="validation"][aria-busy="true"]')) drawnBeforeCheck = true;
        return el.value?.validation !== undefined;
      },
      'crm-customer-value did not finish',
      { timeout: 120_000, interval: 5 },
    );
    await el.updateComplete;
    expect(drawnBeforeCheck).to.equal(true);
    expect(el.shadowRoot!.querySelector('[part="validation"][aria-busy]')).to.equal(null);
    expect(el.shadowRoot!.querySelectorAll('[part="validation"] svg circle.actual').length).to.equal(8);
    await waitUntil(() => card.value && list.value, 'card and list did not finish', { timeout: 60_000 });
    const ds = src.model!;
    const v = el.value!;
    // the very same objects: fitted once per load, not refitted by the card, the list or a second call
    expect((await scoreCustomerValue(ds)).fit).to.equal(v.fit);
    expect(await modelFit(ds, v.settings.scoreEnd, v.settings.unit)).to.equal(v.fit);
    expect(await runValidation(ds, v.settings)).to.equal(v.validation);
    expect(v.validation!.fit.bgnbd.params.r.toFixed(3)).to.equal('0.243');
  });
});
