import { describe, expect, it } from 'vitest';
import { dataset } from './engine.js';
import { queryRows } from '../src/engine.js';
import { ident, sql } from '../src/sql.js';
import { matrixQuadrantPredicate, matrixSettings, runProfitMatrix } from '../src/metrics/profit-matrix.js';

const day = '2024-02-01';
// revenue / cost → profit: a 100/10 → 90, b 80/50 → 30, c 40/5 → 35, d 20/30 → −10, e 60/20 → 40
const withCost = [
  { customer_id: 'a', order_date: day, amount: 100, cost: 10 },
  { customer_id: 'b', order_date: day, amount: 80, cost: 50 },
  { customer_id: 'c', order_date: day, amount: 40, cost: 5 },
  { customer_id: 'd', order_date: day, amount: 20, cost: 30 },
  { customer_id: 'e', order_date: day, amount: 60, cost: 20 },
];

describe('Profit matrix', () => {
  it('splits at medians and sums each quadrant', async () => {
    const ds = await dataset(withCost);
    const m = await runProfitMatrix(ds);
    // medians: revenue 20,40,60,80,100 → 60; cost 5,10,20,30,50 → 20; profit −10,30,35,40,90 → 35
    expect([m.xSplit, m.ySplit, m.profitSplit]).toEqual([60, 20, 35]);
    expect(m.costSource).toBe('column');
    // high = strictly above the split:
    // a (100 > 60, 10 ≤ 20) passive; b (80, 50 > 20) carriage; c (40, 5) bargain; d (20, 30) aggressive;
    // e (60 = split → low, 20 = split → low) bargain
    expect(m.quadrants).toEqual([
      { quadrant: 'carriage', n: 1, revenue: 80, cost: 50, profit: 30 },
      { quadrant: 'passive', n: 1, revenue: 100, cost: 10, profit: 90 },
      { quadrant: 'aggressive', n: 1, revenue: 20, cost: 30, profit: -10 },
      { quadrant: 'bargain', n: 2, revenue: 100, cost: 25, profit: 75 }, // c + e: 40+60, 5+20, 35+40
    ]);
    // over-served (cost > 20, profit ≤ 35): b, d → revenue 100, profit 20
    expect(m.overServed).toEqual({ n: 2, revenue: 100, profit: 20 });
    // under-served (cost ≤ 20, profit > 35): a, e (c's 35 is not above 35) → revenue 160, profit 130
    expect(m.underServed).toEqual({ n: 2, revenue: 160, profit: 130 });
    expect(m.totals).toEqual({ revenue: 300, cost: 115, profit: 185 });
    expect(m.domain).toEqual({ x: [20, 100], y: [5, 50] });
    // 5 customers ≤ threshold → points
    expect(m.mode).toBe('points');
    expect(m.points.map((p) => [p.customer_id, p.quadrant])).toEqual([
      ['a', 'passive'],
      ['b', 'carriage'],
      ['c', 'bargain'],
      ['d', 'aggressive'],
      ['e', 'bargain'],
    ]);
  });

  it('explicit splits override the medians', async () => {
    const ds = await dataset(withCost);
    const m = await runProfitMatrix(ds, { xSplit: 50, ySplit: 25, profitSplit: 0 });
    // x > 50: a, b, e; cost > 25: b, d → carriage b; passive a, e; aggressive d; bargain c
    expect(m.quadrants.map((q) => q.n)).toEqual([1, 2, 1, 1]);
    // over-served: cost > 25 and profit ≤ 0 → d only
    expect(m.overServed.n).toBe(1);
  });

  it('bins the customers in 2-D above the threshold', async () => {
    const ds = await dataset(withCost);
    const m = await runProfitMatrix(ds, { threshold: 0, bins: 2, scale: 'linear' });
    expect(m.mode).toBe('bins');
    expect(m.points).toEqual([]);
    // x 20..100 in 2 bins of 40: a 100 → last bin 1, b 80 → ⌊1.5⌋ = 1, c 40 → 0, d 20 → 0, e 60 → ⌊1⌋ = 1
    // cost 5..50 in 2 bins of 22.5: a 10 → 0, b 50 → 1, c 5 → 0, d 30 → ⌊1.11⌋ = 1, e 20 → ⌊0.67⌋ = 0
    expect(m.bins.map((b) => [b.bx, b.by, b.n])).toEqual([
      [0, 0, 1], // c
      [0, 1, 1], // d
      [1, 0, 2], // a, e
      [1, 1, 1], // b
    ]);
    const b = m.bins[2];
    expect([b.x0, b.x1, b.y0, b.y1]).toEqual([60, 100, 5, 27.5]);
    expect(b.revenue).toBe(160);
    // symlog bins still count every customer once
    const s = await runProfitMatrix(ds, { threshold: 0, bins: 8 });
    expect(s.bins.reduce((t, x) => t + x.n, 0)).toBe(5);
    // symlog edges: the first bin starts at the smallest value, the last ends at the largest
    expect(Math.min(...s.bins.map((x) => x.x0))).toBeCloseTo(20, 9);
    expect(Math.max(...s.bins.map((x) => x.y1))).toBeCloseTo(50, 9);
  });

  it('estimates cost to serve from cost-per-order and cost-per-unit without a cost column', async () => {
    // p: orders o1 (2 units, 30), o2 (1 unit, 20) → 2 orders, 3 units, revenue 50
    // q: o3 (5 units, 25) → 1 order, 5 units, revenue 25
    const ds = await dataset([
      { customer_id: 'p', order_date: day, amount: 30, quantity: 2, order_id: 'o1' },
      { customer_id: 'p', order_date: day, amount: 20, quantity: 1, order_id: 'o2' },
      { customer_id: 'q', order_date: day, amount: 25, quantity: 5, order_id: 'o3' },
    ]);
    const m = await runProfitMatrix(ds, { costPerOrder: 2, costPerUnit: 1 });
    expect(m.costSource).toBe('estimate');
    // cost p = 2·2 + 1·3 = 7, q = 2·1 + 1·5 = 7 → profit 43 and 18
    expect(m.points.map((p) => [p.customer_id, p.cost, p.profit])).toEqual([
      ['p', 7, 43],
      ['q', 7, 18],
    ]);
    // average price realised: p 50 / 3, q 25 / 5 = 5
    const price = await runProfitMatrix(ds, { x: 'price', costPerOrder: 2 });
    expect(price.points[0].x).toBeCloseTo(50 / 3, 12);
    expect(price.points[1].x).toBe(5);
    // no cost column and no cost-per-order → a message naming the attribute
    await expect(runProfitMatrix(ds)).rejects.toThrow(/cost-per-order/);
    await expect(runProfitMatrix(ds, { costPerOrder: -1 })).rejects.toThrow(/invalid cost-per-order: -1/);
    await expect(runProfitMatrix(ds, { costPerOrder: 1, x: 'margin' })).rejects.toThrow(/invalid x: margin/);
  });

  it('cost-per-unit and price need a quantity column', async () => {
    const ds = await dataset([{ customer_id: 'p', order_date: day, amount: 30 }]);
    await expect(runProfitMatrix(ds, { costPerUnit: 1 })).rejects.toThrow(/quantity column/);
    await expect(runProfitMatrix(ds, { x: 'price', costPerOrder: 1 })).rejects.toThrow(/quantity column/);
  });

  it('a quadrant becomes a predicate over the per-customer table', async () => {
    const ds = await dataset(withCost);
    const m = await runProfitMatrix(ds);
    const pred = matrixQuadrantPredicate(ds, matrixSettings(ds), 'bargain', m);
    const ids = await queryRows<{ customer_id: string }>(ds.engine, sql`SELECT customer_id FROM ${ident(ds.facts)} WHERE ${pred} ORDER BY 1`);
    expect(ids.map((r) => r.customer_id)).toEqual(['c', 'e']);
    // the filter narrows the matrix; empty filter → no customers
    const f = await runProfitMatrix(ds, {}, sql`customer_id IN ('a', 'b')`);
    expect(f.n).toBe(2);
    const none = await runProfitMatrix(ds, {}, sql`FALSE`);
    expect(none.n).toBe(0);
    expect(none.quadrants.every((q) => q.n === 0)).toBe(true);
  });
});
