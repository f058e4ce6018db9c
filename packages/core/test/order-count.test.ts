import { describe, expect, it } from 'vitest';
import { dataset, engine } from './engine.js';
import { runKpis } from '../src/metrics/kpis.js';
import { runCustomerCard } from '../src/metrics/customer-card.js';
import { runCustomerList } from '../src/metrics/customer-list.js';
import { lifecycleAssignmentQuery } from '../src/metrics/lifecycle-funnel.js';
import { toRows } from '../src/engine.js';

/**
 * One definition of an order everywhere: distinct order ids, and each row with
 * a blank order id as an order of its own (the rule without the column).
 */
const csv = (text: string) => new TextEncoder().encode(text);

// The three rows of the report: E1's two rows have no order id.
const BLANK = csv('customer_id,order_id,order_date,amount\nE1,,2024-01-01,10\nE1,,2024-01-02,20\nE2,O9,2024-01-03,30\n');

// Blank and present order ids mixed, per customer and within one customer.
const MIXED = csv(
  [
    'customer_id,order_id,order_date,amount',
    'A,,2024-01-10,10', // A: two rows without an order id = 2 orders
    'A,  ,2024-03-01,20', // (a blank of spaces is blank too)
    'B,O1,2024-02-01,40', // B: O1 (two lines) …
    'B,O1,2024-02-01,5',
    'B,,2024-02-15,15', // … and one row without an id = 2 orders
    'C,O2,2024-03-10,100', // C: O2 and a return O3 = 2 orders
    'C,O3,2024-03-10,-25',
    'D,,2024-03-20,8', // D: two equal rows without ids (kept: two purchases at a till) = 2 orders
    'D,,2024-03-20,8',
    'E,O4,2024-03-05,12', // E: one order of two lines = 1 order
    'E,O4,2024-03-05,3',
  ].join('\n') + '\n',
);

async function stages(ds: Awaited<ReturnType<typeof dataset>>): Promise<Record<string, string>> {
  const e = await engine();
  const rows = toRows<{ customer_id: string; stage: string }>(await e.query(lifecycleAssignmentQuery(ds)));
  return Object.fromEntries(rows.map((r) => [r.customer_id, r.stage]));
}

describe('orders: a blank order id is an order of its own', () => {
  it('counts the report’s file by hand in the table, KPIs and card', async () => {
    const ds = await dataset(BLANK, { format: 'csv' });
    // as-of = day after the last order (01-03) = 2024-01-04; window 365 days = [2023-01-04, 2024-01-04).
    const list = await runCustomerList(ds, { sort: 'customer_id' });
    // E1: 2 rows without ids = 2 orders, 10 + 20 = 30; E2: O9 = 1 order, 30.
    expect(list.rows.map((r) => [r.customer_id, r.orders, r.revenue])).toEqual([
      ['E1', 2, 30],
      ['E2', 1, 30],
    ]);
    const k = await runKpis(ds);
    // revenue 10 + 20 + 30 = 60; orders 2 + 1 = 3; aov 60 / 3 = 20; repeaters: E1 (2 orders) → 1 / 2
    expect([k.current.active, k.current.revenue, k.current.orders, k.current.aov, k.current.repeatRate]).toEqual([2, 60, 3, 20, 0.5]);
    const card = await runCustomerCard(ds, 'E1');
    expect([card.orders, card.lines, card.revenue]).toEqual([2, 2, 30]);
    // Jan 2024: the two rows, 2 orders, 30
    expect(card.timeline).toEqual([{ month: Date.UTC(2024, 0, 1), orders: 2, revenue: 30 }]);
  });

  it('counts a mixed file alike in every figure, and makes repeat buyers without ids core', async () => {
    const ds = await dataset(MIXED, { format: 'csv' });
    // as-of = 2024-03-21 (last order 03-20)
    const list = await runCustomerList(ds, { sort: 'customer_id' });
    // A 2 orders (10 + 20 = 30), B 2 (40 + 5 + 15 = 60), C 2 (100 − 25 = 75), D 2 (8 + 8 = 16), E 1 (12 + 3 = 15)
    expect(list.rows.map((r) => [r.customer_id, r.orders, r.revenue])).toEqual([
      ['A', 2, 30],
      ['B', 2, 60],
      ['C', 2, 75],
      ['D', 2, 16],
      ['E', 1, 15],
    ]);
    const cards = await Promise.all(['A', 'B', 'C', 'D', 'E'].map((id) => runCustomerCard(ds, id)));
    expect(cards.map((c) => c.orders)).toEqual([2, 2, 2, 2, 1]);
    // A's timeline: Jan one order (10), Mar one order (20); B's: Feb, O1 + the row without an id = 2, 60
    expect(cards[0].timeline).toEqual([
      { month: Date.UTC(2024, 0, 1), orders: 1, revenue: 10 },
      { month: Date.UTC(2024, 2, 1), orders: 1, revenue: 20 },
    ]);
    expect(cards[1].timeline).toEqual([{ month: Date.UTC(2024, 1, 1), orders: 2, revenue: 60 }]);

    // Whole year: orders 2 + 2 + 2 + 2 + 1 = 9 (the table's sum); revenue 30 + 60 + 75 + 16 + 15 = 196;
    // aov 196 / 9; repeaters A, B, C, D of 5 active = 0.8.
    const year = await runKpis(ds);
    expect(year.current.orders).toBe(list.rows.reduce((s, r) => s + r.orders, 0));
    expect([year.current.active, year.current.revenue, year.current.orders, year.current.repeatRate]).toEqual([5, 196, 9, 0.8]);
    expect(year.current.aov).toBeCloseTo(196 / 9, 12);

    // 30 days: current [02-20, 03-21): A's 03-01 row (1 order, 20), C 2 (75), D 2 (16), E 1 (15):
    // active 4, orders 6, revenue 126, aov 21, repeaters C, D → 2 / 4.
    // prior [01-21, 02-20): B only, O1 + the row without an id = 2 orders, 60: aov 30, repeat 1 / 1.
    const month = await runKpis(ds, { days: 30 });
    expect(month.window).toEqual({ from: '2024-02-20', to: '2024-03-21', days: 30 });
    expect([month.current.active, month.current.orders, month.current.revenue, month.current.aov, month.current.repeatRate]).toEqual([4, 6, 126, 21, 0.5]);
    expect([month.prior.active, month.prior.orders, month.prior.revenue, month.prior.aov, month.prior.repeatRate]).toEqual([1, 2, 60, 30, 1]);

    // Lifecycle at 2024-03-21: A first 01-10 (tenure 71 > 30), last 03-01 (20 days ≤ 90), 2 orders → core;
    // B first 02-01 (49), last 02-15 (35), 2 orders → core; C (tenure 11), D (1), E (16) → new.
    expect(await stages(ds)).toEqual({ A: 'core', B: 'core', C: 'new', D: 'new', E: 'new' });
  });

  it('reads blank order ids from JS rows the same way', async () => {
    const ds = await dataset([
      { customer_id: 'E1', order_id: '', order_date: '2024-01-01', amount: 10 },
      { customer_id: 'E1', order_id: null, order_date: '2024-01-02', amount: 20 },
      { customer_id: 'E2', order_id: 'O9', order_date: '2024-01-03', amount: 30 },
    ]);
    const k = await runKpis(ds);
    // as the CSV: orders 2 + 1 = 3, aov 60 / 3 = 20, repeat 1 / 2
    expect([k.current.orders, k.current.aov, k.current.repeatRate]).toEqual([3, 20, 0.5]);
    expect((await runCustomerCard(ds, 'E1')).orders).toBe(2);
  });
});
