import { describe, expect, it } from 'vitest';
import { dataset } from './engine.js';
import { runCustomerCard } from '../src/metrics/customer-card.js';
import { ident, sql } from '../src/sql.js';

const rows = [
  { customer_id: 'c1', order_date: '2024-01-03', amount: 100, cost: 30, order_id: 'o1', channel: 'web', product: 'Tea' },
  { customer_id: 'c1', order_date: '2024-01-03', amount: 20, cost: 5, order_id: 'o1', channel: 'web', product: 'Cup' },
  { customer_id: 'c1', order_date: '2024-01-20', amount: 50, cost: 10, order_id: 'o2', channel: 'store', product: 'Tea' },
  { customer_id: 'c1', order_date: '2024-03-10', amount: -20, cost: 0, order_id: 'o3', channel: 'store', product: 'Cup' },
  { customer_id: 'c2', order_date: '2024-02-01', amount: 999, cost: 1, order_id: 'o4', channel: 'web', product: 'Pot' },
];
const customers = [
  { customer_id: 'c1', name: '陳美玲', email: 'meiling@example.tw', phone: '0912-345-123', birthday: '1990-05-17', address: '台北市信義路五段7號', tags: 'vip, 茶友；newsletter' },
  { customer_id: 'c2', name: 'Bob' },
];

describe('customer card', () => {
  it('gathers one customer by hand-checked figures', async () => {
    const ds = await dataset(rows, { customers });
    const tier = { column: 'tier', query: sql`SELECT customer_id, 'gold' AS tier FROM ${ident(ds.facts)}` };
    const c = await runCustomerCard(ds, 'c1', { labels: [tier] });
    // orders o1, o2, o3 = 3; lines 4; revenue 100+20+50-20 = 150; cost 45; profit 105
    expect([c.orders, c.lines, c.revenue, c.cost, c.profit]).toEqual([3, 4, 150, 45, 105]);
    // as-of = day after the last order in the data (2024-03-10) = 2024-03-11; c1's last order 03-10 → 1 day
    expect(c.recency_days).toBe(1);
    expect(c.first_order).toBe(Date.UTC(2024, 0, 3));
    expect(c.labels).toEqual({ tier: 'gold' });
    // Jan: o1 + o2 = 2 orders, 170; Mar: o3, -20
    expect(c.timeline).toEqual([
      { month: Date.UTC(2024, 0, 1), orders: 2, revenue: 170 },
      { month: Date.UTC(2024, 2, 1), orders: 1, revenue: -20 },
    ]);
    expect(c.channels).toEqual([
      { channel: 'web', orders: 1, revenue: 120 },
      { channel: 'store', orders: 2, revenue: 30 },
    ]);
    expect(c.products).toEqual([
      { product: 'Tea', orders: 2, revenue: 150 },
      { product: 'Cup', orders: 2, revenue: 0 },
    ]);
    expect(c.tags).toEqual(['vip', '茶友', 'newsletter']);
    expect(c.profile.email).toBe('meiling@example.tw');
  });

  it('masks PII when asked', async () => {
    const ds = await dataset(rows, { customers });
    const c = await runCustomerCard(ds, 'c1', { maskPii: true });
    expect(c.profile.email).toBe('m***@example.tw');
    expect(c.profile.phone).toBe('09xx-xxx-123');
    expect(c.profile.birthday).toBe('****-05-**');
    expect(c.profile.address).toBe('台北市***');
    expect(JSON.stringify(c)).not.toContain('meiling@');
    expect(JSON.stringify(c)).not.toContain('345');
  });

  it('says clearly when the customer does not exist', async () => {
    const ds = await dataset(rows);
    await expect(runCustomerCard(ds, "x' OR '1'='1")).rejects.toThrow(/No customer has the id "x' OR '1'='1"/);
    await expect(runCustomerCard(ds, '')).rejects.toThrow(/invalid customer-id/);
  });
});
