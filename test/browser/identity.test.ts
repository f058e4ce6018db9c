/**
 * merge-identities on <crm-source>, on the real engine: a web and a store register that hold the same
 * people under slightly different contact details; merged, the analyses count each person once.
 */
import { expect, fixture, html } from '@open-wc/testing';
import './setup.js';
import { ident, queryRows, sql } from '@crmkit/core';
import type { CrmSource } from '@crmkit/elements';
import { outcome } from './loading.js';

const TX = [
  { customer_id: 'W1', order_date: '2024-01-05', amount: 100, channel: 'web' },
  { customer_id: 'S1', order_date: '2024-02-01', amount: 40, channel: 'store' },
  { customer_id: 'W2', order_date: '2024-01-09', amount: 30, channel: 'web' },
  { customer_id: 'S2', order_date: '2024-03-01', amount: 20, channel: 'store' },
  { customer_id: 'S3', order_date: '2024-03-02', amount: 10, channel: 'store' },
];
const REGISTER = [
  { customer_id: 'W1', email: 'Amy.Lin@example.com', phone: '0912-345-678', name: '林小美' },
  { customer_id: 'S1', email: 'amy.lin@example.com ', phone: '+886 912 345 678', name: '林小美' }, // W1, other spelling
  { customer_id: 'W2', email: 'bob@example.com', phone: '０９２２０００１１１', name: 'Bob' }, // full-width digits
  { customer_id: 'S2', phone: '+886922000111', name: 'Bob' }, // W2's phone
  { customer_id: 'S3', email: 'carol@example.com', phone: '0922000111', name: 'Carol' }, // shares Bob's phone: a conflict
];

async function load(merge: boolean) {
  const wrap = await fixture<HTMLDivElement>(html`<div><crm-source ?merge-identities=${merge}></crm-source></div>`);
  const src = wrap.querySelector('crm-source') as CrmSource;
  const got = outcome(src);
  src.customersData = REGISTER;
  src.data = TX;
  const r = await got;
  expect(r.type, JSON.stringify(r.detail)).to.equal('crm-load');
  const ds = src.model!;
  const facts = await queryRows<{ customer_id: string; revenue: number; orders: number }>(ds.engine, sql`SELECT customer_id, revenue, orders FROM ${ident(ds.facts)} ORDER BY customer_id`);
  return { r: r as Extract<typeof r, { type: 'crm-load' }>, facts: facts.map((f) => [f.customer_id, Number(f.revenue), Number(f.orders)]) };
}

describe('merge-identities', function () {
  this.timeout(120_000);

  it('counts one customer per person, and reports each merge and the conflict', async () => {
    const { r, facts } = await load(true);
    // W1 + S1 (email), W2 + S2 (phone); S3 shares W2's phone with another email: not merged.
    expect(r.detail.customers).to.equal(3);
    expect(r.detail.identity).to.deep.equal({
      records: 5,
      customers: 3,
      merges: [
        { ids: ['S1', 'W1'], by: 'email', key: 'amy.lin@example.com' },
        { ids: ['S2', 'W2'], by: 'phone', key: '+886922000111' },
      ],
      // The phone's records in id order S2, S3, W2: S3 (Carol) contradicts S2 (Bob); W2 joins S2.
      conflicts: [{ ids: ['S2', 'S3'], by: 'phone', key: '+886922000111', reason: 'different-name' }],
    });
    // The merged customer keeps the smallest id: S1 (= W1) 100 + 40, S2 (= W2) 30 + 20, S3 10.
    expect(facts).to.deep.equal([
      ['S1', 140, 2],
      ['S2', 50, 2],
      ['S3', 10, 1],
    ]);
  });

  it('leaves every record its own customer when off', async () => {
    const { r, facts } = await load(false);
    expect(r.detail.customers).to.equal(5);
    expect(facts.length).to.equal(5);
    expect(r.detail.identity).to.equal(undefined);
  });
});
