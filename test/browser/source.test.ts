import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { dataset } from './setup.js';
import type { CrmSource, CrmLoadDetail } from '@crmkit/elements';

describe('crm-source on the real CDNOW data', () => {
  it('loads every transaction and customer (counts from the dataset README)', async () => {
    const el = await fixture<CrmSource>(html`<crm-source></crm-source>`);
    const loaded = oneEvent(el, 'crm-load');
    el.src = dataset('cdnow/cdnow_transactions.csv');
    const ev = (await loaded) as CustomEvent<CrmLoadDetail>;
    expect(ev.detail.rows).to.equal(69659);
    expect(ev.detail.customers).to.equal(23570);
    expect(ev.detail.file).to.equal('cdnow_transactions.csv');
  });
});
