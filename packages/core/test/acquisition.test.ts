import { describe, expect, it } from 'vitest';
import { dataset } from './engine.js';
import { acquisitionChannelPredicate, runAcquisition } from '../src/metrics/acquisition.js';
import { ident, queryRows, sql } from '../src/index.js';

// Register: a1 ads 30, a2 ads 50, a3 ads (no cost), e1 email 5, e2 email 5; x1 is not in it (first order's channel: store).
// Orders (amount / cost):                                   orders revenue profit  stage at 2024-07-01
//   a1 01-05 100/60 (web), 03-01 50/30 (web)                2      150     60      last 03-01, 122 d → dozing
//   a2 01-20 40/20 (web)                                    1       40     20      163 d → dozing
//   a3 02-10 80/40 (web)                                    1       80     40      142 d → dozing
//   e1 02-01, 02-15, 06-30 30/10 each (web)                 3       90     60      1 d, 3 orders → core
//   e2 06-01 20/10 (web)                                    1       20     10      tenure 30 d → new
//   x1 03-03 10/5 (store)                                   1       10      5      120 d → dozing
const tx = [
  ['a1', '2024-01-05', 100, 60, 'web'], ['a1', '2024-03-01', 50, 30, 'web'], ['a2', '2024-01-20', 40, 20, 'web'], ['a3', '2024-02-10', 80, 40, 'web'],
  ['e1', '2024-02-01', 30, 10, 'web'], ['e1', '2024-02-15', 30, 10, 'web'], ['e1', '2024-06-30', 30, 10, 'web'], ['e2', '2024-06-01', 20, 10, 'web'], ['x1', '2024-03-03', 10, 5, 'store'],
].map(([customer_id, order_date, amount, cost, channel]) => ({ customer_id, order_date, amount, cost, channel }));
const customers = [
  { customer_id: 'a1', acquisition_channel: 'ads', acquisition_cost: 30 },
  { customer_id: 'a2', acquisition_channel: 'ads', acquisition_cost: 50 },
  { customer_id: 'a3', acquisition_channel: 'ads', acquisition_cost: null },
  { customer_id: 'e1', acquisition_channel: 'email', acquisition_cost: 5 },
  { customer_id: 'e2', acquisition_channel: 'email', acquisition_cost: 5 },
];

describe('acquisition by channel (hand-worked)', () => {
  it('register channels and costs, what the customers became, payback', async () => {
    const ds = await dataset(tx, { customers });
    const r = await runAcquisition(ds);
    expect(r.source).toBe('register');
    expect(r.value).toBe('profit');
    expect(r.channels.map((c) => c.channel)).toEqual(['ads', 'email', 'store']);
    const [ads, email, store] = r.channels;
    // ads: 3 customers, 2 with a cost, Σ 80 → unit 40; repeat 1/3; revenue 270, profit 120 → 40 a customer; net 40 − 40 = 0; ratio 1.
    expect(ads).toMatchObject({ customers: 3, withCost: 2, acquisitionCost: 80, unitCost: 40, revenue: 270, profit: 120, profitPerCustomer: 40, netPerCustomer: 0, paybackRatio: 1 });
    expect(ads.repeatRate).toBeCloseTo(1 / 3, 12);
    expect(ads.stages).toEqual({ new: 0, core: 0, dozing: 3, 'half-asleep': 0, dormant: 0 });
    // email: unit 10 / 2 = 5; repeat 1/2; revenue 110, profit 70 → 35 a customer; net 30; ratio 7.
    expect(email).toMatchObject({ customers: 2, unitCost: 5, repeatRate: 0.5, revenue: 110, profit: 70, profitPerCustomer: 35, netPerCustomer: 30, paybackRatio: 7 });
    expect(email.stages).toEqual({ new: 1, core: 1, dozing: 0, 'half-asleep': 0, dormant: 0 });
    // store (x1, from its first order): no cost → unit, net and ratio unknown.
    expect(store).toMatchObject({ customers: 1, withCost: 0, unitCost: null, netPerCustomer: null, paybackRatio: null, revenue: 10, profit: 5, repeatRate: 0 });
    expect(r.months).toEqual([
      { channel: 'ads', month: '2024-01', customers: 2 },
      { channel: 'ads', month: '2024-02', customers: 1 },
      { channel: 'email', month: '2024-02', customers: 1 },
      { channel: 'store', month: '2024-03', customers: 1 },
      { channel: 'email', month: '2024-06', customers: 1 },
    ]);
    // selecting a channel, and a filter from other widgets (revenue ≥ 40: a1, a2, a3, e1 → ads 3, email 1)
    const ids = await queryRows<{ customer_id: string }>(ds.engine, sql`SELECT customer_id FROM ${ident(ds.facts)} WHERE ${acquisitionChannelPredicate(ds, 'email')} ORDER BY 1`);
    expect(ids.map((x) => x.customer_id)).toEqual(['e1', 'e2']);
    const f = await runAcquisition(ds, {}, sql`revenue >= 40`);
    expect(f.channels.map((c) => [c.channel, c.customers])).toEqual([['ads', 3], ['email', 1]]);
  });

  it('predicted value that cannot be fitted is reported, not thrown; the other figures stay', async () => {
    const ds = await dataset(tx, { customers });
    const r = await runAcquisition(ds, { predictedValue: true });
    // six customers are too few for the model: the reason comes back (model-fit) and no channel gets a CLV
    expect(r.clvError?.code).toBe('model-fit');
    expect(r.channels.map((c) => c.clvPerCustomer)).toEqual([null, null, null]);
    expect(r.channels.map((c) => c.customers)).toEqual([3, 2, 1]);
  });

  it('without a register: the first order’s channel, revenue as the value', async () => {
    const ds = await dataset(tx.map(({ cost: _c, ...t }) => t));
    const r = await runAcquisition(ds);
    expect(r.source).toBe('first-order');
    expect(r.value).toBe('revenue');
    // web: a1 a2 a3 e1 e2 → revenue 150 + 40 + 80 + 90 + 20 = 380 → 76 a customer; store: x1 10.
    expect(r.channels.map((c) => [c.channel, c.customers, c.revenue, c.valuePerCustomer, c.unitCost])).toEqual([
      ['web', 5, 380, 76, null],
      ['store', 1, 10, 10, null],
    ]);
  });
});
