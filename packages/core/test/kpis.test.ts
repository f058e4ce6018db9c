import { describe, expect, it } from 'vitest';
import { dataset } from './engine.js';
import { runKpis, kpiWindow } from '../src/metrics/kpis.js';
import { sql } from '../src/sql.js';
import { cachedTables } from '../src/cache.js';

// Window of 10 days ending 2024-01-21 (exclusive): current = [01-11, 01-21), prior = [01-01, 01-11).
const rows = [
  // a: first 01-02 (prior), orders 01-02 (prior) and 01-12, 01-15 (current, 2 orders)
  { customer_id: 'a', order_date: '2024-01-02', amount: 100, order_id: 'o1' },
  { customer_id: 'a', order_date: '2024-01-12', amount: 50, order_id: 'o2' },
  { customer_id: 'a', order_date: '2024-01-15', amount: 30, order_id: 'o3' },
  // b: first 01-05 (prior), one order in prior only; two lines of one order
  { customer_id: 'b', order_date: '2024-01-05', amount: 20, order_id: 'o4' },
  { customer_id: 'b', order_date: '2024-01-05', amount: 20, order_id: 'o4' },
  // c: new in current, one order, with a return line in the same order
  { customer_id: 'c', order_date: '2024-01-18', amount: 80, order_id: 'o5' },
  { customer_id: 'c', order_date: '2024-01-18', amount: -10, order_id: 'o5' },
  // d: acquired before both windows (2023-12-20), active in current once
  { customer_id: 'd', order_date: '2023-12-20', amount: 10, order_id: 'o6' },
  { customer_id: 'd', order_date: '2024-01-20', amount: 40, order_id: 'o7' },
];
const customers = [
  { customer_id: 'a', signup_date: '2024-01-01', acquisition_cost: 12 },
  { customer_id: 'b', signup_date: '2024-01-05', acquisition_cost: 8 },
  { customer_id: 'c', signup_date: '2024-01-17', acquisition_cost: 30 },
  { customer_id: 'd', signup_date: '2023-12-01', acquisition_cost: 5 },
];

describe('KPIs', () => {
  it('computes both windows by hand', async () => {
    const ds = await dataset(rows, { customers });
    const k = await runKpis(ds, { days: 10, asOf: '2024-01-21' });
    expect(k.window).toEqual({ from: '2024-01-11', to: '2024-01-21', days: 10 });
    expect(k.previous).toEqual({ from: '2024-01-01', to: '2024-01-11' });
    // current: customers with first order < 01-21: a, b, c, d = 4
    // active: a (o2, o3), c (o5), d (o7) = 3; revenue 50+30+80-10+40 = 190; orders 2+1+1 = 4
    // aov 190/4 = 47.5; repeaters: a only → 1/3
    // new (signup in [01-11, 01-21)): c → 1; before start (signup < 01-11): a, b, d = 3 → 1/3
    // unit acquisition cost: 30 / 1 = 30
    expect(k.current).toEqual({
      customers: 4,
      active: 3,
      revenue: 190,
      orders: 4,
      aov: 47.5,
      repeatRate: 1 / 3,
      newCustomers: 1,
      acquisitionRate: 1 / 3,
      unitAcquisitionCost: 30,
    });
    // prior [01-01, 01-11): customers with first order < 01-11: a, b, d = 3
    // active: a (o1), b (o4) = 2; revenue 100+20+20 = 140; orders 1+1 = 2; aov 70; repeaters 0 → 0
    // new: a (01-01), b (01-05) = 2; before 01-01: d = 1 → 2/1 = 2; cac (12+8)/2 = 10
    expect(k.prior).toEqual({
      customers: 3,
      active: 2,
      revenue: 140,
      orders: 2,
      aov: 70,
      repeatRate: 0,
      newCustomers: 2,
      acquisitionRate: 2,
      unitAcquisitionCost: 10,
    });
    expect(k.has).toEqual({ acquisitionCost: true, signupDate: true });
  });

  it('uses first orders and leaves acquisition cost empty without a customer table', async () => {
    const ds = await dataset(rows.map(({ order_id, ...r }) => r));
    const k = await runKpis(ds, { days: 10, asOf: '2024-01-21' });
    // no order_id: each row is an order. current rows: a×2, c×2, d×1 → orders 5, aov 190/5 = 38
    // repeaters: a (2 rows), c (2 rows) → 2/3
    // new by first order in [01-11,01-21): c → 1; first order before 01-11: a, b, d → 1/3
    expect(k.current.orders).toBe(5);
    expect(k.current.aov).toBe(38);
    expect(k.current.repeatRate).toBeCloseTo(2 / 3, 12);
    expect(k.current.newCustomers).toBe(1);
    expect(k.current.acquisitionRate).toBeCloseTo(1 / 3, 12);
    expect(k.current.unitAcquisitionCost).toBeNull();
    expect(k.has.acquisitionCost).toBe(false);
  });

  it('restricts every figure to a selection', async () => {
    const ds = await dataset(rows, { customers });
    const k = await runKpis(ds, { days: 10, asOf: '2024-01-21' }, sql`customer_id IN ('a', 'c')`);
    // a and c: customers 2, active 2, revenue 50+30+70 = 150, orders 3
    expect(k.current.customers).toBe(2);
    expect(k.current.active).toBe(2);
    expect(k.current.revenue).toBe(150);
    expect(k.current.orders).toBe(3);
  });

  it('keeps each window’s per-customer figures per load: a later selection reads them, with the same figures', async () => {
    const ds = await dataset(rows, { customers });
    const all = await runKpis(ds, { days: 10, asOf: '2024-01-21' });
    expect(cachedTables(ds).filter((t) => t.includes('_kpi_'))).toHaveLength(1);
    // b and d from the kept table: current — d only active (o7, 40); prior — b (o4, 20 + 20 = 40, one order)
    const k = await runKpis(ds, { days: 10, asOf: '2024-01-21' }, sql`customer_id IN ('b', 'd')`);
    expect(cachedTables(ds).filter((t) => t.includes('_kpi_'))).toHaveLength(1);
    expect([k.current.customers, k.current.active, k.current.revenue, k.current.orders, k.current.repeatRate]).toEqual([2, 1, 40, 1, 0]);
    expect([k.prior.customers, k.prior.active, k.prior.revenue, k.prior.orders]).toEqual([2, 1, 40, 1]);
    // Everyone again: the first run's figures.
    expect(await runKpis(ds, { days: 10, asOf: '2024-01-21' })).toEqual(all);
    // Another window is another table.
    await runKpis(ds, { days: 5, asOf: '2024-01-21' });
    expect(cachedTables(ds).filter((t) => t.includes('_kpi_'))).toHaveLength(2);
  });

  it('rejects a bad window', () => {
    expect(() => kpiWindow({ asOf: '2024-01-01' }, { days: 0 })).toThrow(/invalid days/);
    expect(() => kpiWindow({ asOf: '2024-01-01' }, { asOf: "2024-01-01'; DROP TABLE x; --" })).toThrow("invalid as-of: 2024-01-01'; DROP TABLE x; -- (expected a date as YYYY-MM-DD, e.g. 2024-03-31)");
  });
});
