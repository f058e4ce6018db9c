import { describe, expect, it } from 'vitest';
import { dataset } from './engine.js';
import { runCustomerList, likePattern } from '../src/metrics/customer-list.js';
import { ident, sql } from '../src/sql.js';

const rows = [
  { customer_id: 'c1', order_date: '2024-01-01', amount: 100, cost: 30 },
  { customer_id: 'c1', order_date: '2024-02-01', amount: 50, cost: 10 },
  { customer_id: 'c2', order_date: '2024-01-15', amount: 300, cost: 290 },
  { customer_id: 'c3', order_date: '2024-03-01', amount: 80, cost: 20 },
  { customer_id: 'c4_x', order_date: '2024-03-05', amount: 10, cost: 1 },
];
const customers = [
  { customer_id: 'c1', name: 'Alice Chen', email: 'alice@example.com', phone: '0912-345-123' },
  { customer_id: 'c2', name: '王小明', email: 'wang@example.tw', phone: '0988-111-222' },
  { customer_id: 'c3', name: 'Bob 100%', email: 'bob@example.com', phone: '02-2345-6789' },
];

describe('customer list', () => {
  it('sorts and pages in SQL', async () => {
    const ds = await dataset(rows, { customers });
    // revenue: c2 300, c1 150, c3 80, c4_x 10; profit: c1 110, c3 60, c4_x 9, c2 10
    const p1 = await runCustomerList(ds, { sort: 'revenue', pageSize: 2 });
    expect(p1.total).toBe(4);
    expect(p1.pages).toBe(2);
    expect(p1.rows.map((r) => [r.customer_id, r.revenue, r.orders])).toEqual([
      ['c2', 300, 1],
      ['c1', 150, 2],
    ]);
    const p2 = await runCustomerList(ds, { sort: 'revenue', pageSize: 2, page: 2 });
    expect(p2.rows.map((r) => r.customer_id)).toEqual(['c3', 'c4_x']);
    const byProfit = await runCustomerList(ds, { sort: 'profit' });
    expect(byProfit.rows.map((r) => [r.customer_id, r.profit])).toEqual([
      ['c1', 110],
      ['c3', 60],
      ['c2', 10],
      ['c4_x', 9],
    ]);
    const byLast = await runCustomerList(ds, { sort: 'last_order', dir: 'asc' });
    expect(byLast.rows.map((r) => r.customer_id)).toEqual(['c2', 'c1', 'c3', 'c4_x']);
  });

  it('searches id, name, email and phone literally', async () => {
    const ds = await dataset(rows, { customers });
    expect((await runCustomerList(ds, { search: 'ALICE' })).rows.map((r) => r.customer_id)).toEqual(['c1']);
    expect((await runCustomerList(ds, { search: '王' })).rows.map((r) => r.customer_id)).toEqual(['c2']);
    expect((await runCustomerList(ds, { search: '0988' })).rows.map((r) => r.customer_id)).toEqual(['c2']);
    // `%` and `_` are literal: "100%" matches Bob only, "_x" only c4_x (not every id)
    expect((await runCustomerList(ds, { search: '100%' })).rows.map((r) => r.customer_id)).toEqual(['c3']);
    expect((await runCustomerList(ds, { search: '_x' })).rows.map((r) => r.customer_id)).toEqual(['c4_x']);
    // an injection attempt is just text that matches nothing
    const evil = await runCustomerList(ds, { search: "' OR 1=1; DROP TABLE x; --" });
    expect(evil.total).toBe(0);
    expect(likePattern('a%b_c\\')).toBe('%a\\%b\\_c\\\\%');
    // With PII masked the phone is not searchable (a hit would confirm it); id and name still are.
    expect((await runCustomerList(ds, { search: '0988', maskPii: true })).total).toBe(0);
    expect((await runCustomerList(ds, { search: 'ALICE', maskPii: true })).rows.map((r) => r.customer_id)).toEqual(['c1']);
  });

  it('follows the selection, joins labels and masks PII', async () => {
    const ds = await dataset(rows, { customers });
    const tier = { column: 'tier', query: sql`SELECT customer_id, CASE WHEN revenue >= 150 THEN 'gold' ELSE 'regular' END AS tier FROM ${ident(ds.facts)}` };
    // selection: revenue > 50 → c2, c1, c3 (c4_x has 10)
    // a selection shaped like the widgets' (customer_id IN …) next to profile and label joins that also have customer_id
    const page = await runCustomerList(ds, { maskPii: true, labels: [tier] }, sql`customer_id IN (SELECT customer_id FROM ${ident(ds.facts)} WHERE revenue > 50)`);
    expect(page.rows.map((r) => [r.customer_id, r.tier, r.email, r.phone])).toEqual([
      ['c2', 'gold', 'w***@example.tw', '09xx-xxx-222'],
      ['c1', 'gold', 'a***@example.com', '09xx-xxx-123'],
      ['c3', 'regular', 'b***@example.com', '02-xxxx-x789'],
    ]);
  });

  it('refuses bad options', async () => {
    const ds = await dataset(rows);
    await expect(runCustomerList(ds, { sort: 'revenue; DROP TABLE x' as never })).rejects.toThrow(/invalid sort/);
    await expect(runCustomerList(ds, { pageSize: 10_000 })).rejects.toThrow('invalid page-size: 10000 (expected an integer ≥ 1 and ≤ 500)');
    await expect(runCustomerList(ds, { page: 0 })).rejects.toThrow('invalid page: 0 (expected an integer ≥ 1)');
    await expect(runCustomerList(ds, { labels: [{ column: 'x" --', query: sql`SELECT 1` }] })).rejects.toThrow(/invalid label/);
  });
});
