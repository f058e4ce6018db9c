import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dataset } from './engine.js';
import { queryRows } from '../src/engine.js';
import { sql, ident } from '../src/sql.js';
import { paretoCurveQuery, paretoRangePredicate, paretoSeriesQuery, paretoSettings, paretoSummaryQuery, runParetoCurve } from '../src/metrics/pareto-curve.js';

const day = '2024-01-05';

describe('Pareto curve', () => {
  // a 50 (two orders 40 + 20 and a return −10), b 30, c 10, and a tie at 5 between 'z' and 'm'.
  const rows = [
    { customer_id: 'a', order_date: day, amount: 40 },
    { customer_id: 'a', order_date: day, amount: 20 },
    { customer_id: 'a', order_date: day, amount: -10 },
    { customer_id: 'b', order_date: day, amount: 30 },
    { customer_id: 'c', order_date: day, amount: 10 },
    { customer_id: 'z', order_date: day, amount: 5 },
    { customer_id: 'm', order_date: day, amount: 5 },
  ];

  it('ranks, shares, top-20 % share, customers for 80 % and Gini of a known distribution', async () => {
    const ds = await dataset(rows);
    const r = (await runParetoCurve(ds))!;
    // ranks: a 50, b 30, c 10, m 5, z 5 (tie → customer_id asc); cum 50, 80, 90, 95, 100 of total 100
    expect(r.series.map((p) => [p.rank, p.x, p.y])).toEqual([
      [0, 0, 0],
      [1, 0.2, 0.5],
      [2, 0.4, 0.8],
      [3, 0.6, 0.9],
      [4, 0.8, 0.95],
      [5, 1, 1],
    ]);
    const s = r.summary;
    expect(s.n).toBe(5);
    expect(s.total).toBe(100);
    // top 20 %: k = ⌈0.2 · 5⌉ = 1 → 50 / 100
    expect(s.kCut).toBe(1);
    expect(s.topShare).toBe(0.5);
    // smallest k with cum / total ≥ 0.8: k = 2 (80 / 100 = 0.8 exactly)
    expect(s.kTarget).toBe(2);
    expect(s.kTargetShare).toBe(0.4);
    // Gini: Σ k·v = 1·50 + 2·30 + 3·10 + 4·5 + 5·5 = 185; G = 6/5 − 2·185/(5·100) = 1.2 − 0.74 = 0.46
    // pairwise check: Σ_{i<j} |vi − vj| = 20+40+45+45+20+25+25+5+5+0 = 230; G = 2·230 / (2·5²·20) = 0.46
    expect(s.gini).toBeCloseTo(0.46, 12);
    expect(s.negatives).toBe(0);
    expect(s.lossStart).toBeNull();
    // peak: cum is largest (100) first at rank 5
    expect(s.peakRank).toBe(5);
  });

  it('an all-equal distribution is the diagonal with Gini 0', async () => {
    const ds = await dataset(['w', 'x', 'y', 'v'].map((id) => ({ customer_id: id, order_date: day, amount: 25 })));
    const r = (await runParetoCurve(ds))!;
    // 4 customers × 25: y = x at every rank; ties ordered by id: v, w, x, y
    for (const p of r.series) expect(p.y).toBeCloseTo(p.x, 12);
    expect(r.series.map((p) => p.rank)).toEqual([0, 1, 2, 3, 4]);
    // Σ k·v = 25·(1+2+3+4) = 250; G = 5/4 − 2·250/(4·100) = 1.25 − 1.25 = 0
    expect(r.summary.gini).toBeCloseTo(0, 12);
    // top 20 %: k = ⌈0.8⌉ = 1 → 25 %; 80 %: 3/4 = 0.75 < 0.8, 4/4 ≥ 0.8 → k = 4
    expect(r.summary.topShare).toBe(0.25);
    expect(r.summary.kTarget).toBe(4);
    // the selection of ranks 1..2 is the first two ids in tie order
    const pred = paretoRangePredicate(ds, paretoSettings(ds), 1, 2);
    const ids = await queryRows<{ customer_id: string }>(ds.engine, sql`SELECT customer_id FROM ${ident(ds.facts)} WHERE ${pred} ORDER BY 1`);
    expect(ids.map((d) => d.customer_id)).toEqual(['v', 'w']);
  });

  it('profit mode draws the whale curve: peak above 100 % and the loss-making tail', async () => {
    // revenue / cost → profit: a 100/20 → 80, b 60/10 → 50, e 20/20 → 0, c 30/40 → −10, d 10/30 → −20
    const ds = await dataset([
      { customer_id: 'a', order_date: day, amount: 100, cost: 20 },
      { customer_id: 'b', order_date: day, amount: 60, cost: 10 },
      { customer_id: 'c', order_date: day, amount: 30, cost: 40 },
      { customer_id: 'd', order_date: day, amount: 10, cost: 30 },
      { customer_id: 'e', order_date: day, amount: 20, cost: 20 },
    ]);
    const r = (await runParetoCurve(ds, { by: 'profit' }))!;
    // total profit 100; cum 80, 130, 130, 120, 100 → y 0.8, 1.3, 1.3, 1.2, 1.0
    expect(r.series.slice(1).map((p) => [p.rank, p.value, p.y])).toEqual([
      [1, 80, 0.8],
      [2, 50, 1.3],
      [3, 0, 1.3],
      [4, -10, 1.2],
      [5, -20, 1],
    ]);
    const s = r.summary;
    // peak: the first rank where cum reaches its maximum 130 → rank 2, 130 %
    expect(s.peakRank).toBe(2);
    expect(s.peakShare).toBe(1.3);
    // loss tail: c and d (v < 0) → ranks 4..5, −30 in all
    expect(s.negatives).toBe(2);
    expect(s.lossStart).toBe(4);
    expect(s.negativeTotal).toBe(-30);
    // Σ k·v = 80 + 100 + 0 − 40 − 100 = 40; G = 1.2 − 2·40/500 = 1.04 (> 1: negatives used as they are)
    // pairwise: Σ_{i<j}|vi − vj| = 30+80+90+100+50+60+70+10+20+10 = 520; 2·520/(2·25·20) = 1.04
    expect(s.gini).toBeCloseTo(1.04, 12);
    expect(s.kTarget).toBe(1); // 80 / 100 ≥ 0.8
    expect(s.costSource).toBe('column');
  });

  it('profit mode without a cost column uses cost-per-order, or says which attribute to set', async () => {
    // p: 2 orders, revenue 50; q: 1 order, revenue 25. cost-per-order 10 → profit p 30, q 15; total 45
    const ds = await dataset([
      { customer_id: 'p', order_date: day, amount: 30, order_id: 'o1' },
      { customer_id: 'p', order_date: day, amount: 20, order_id: 'o2' },
      { customer_id: 'q', order_date: day, amount: 25, order_id: 'o3' },
    ]);
    const r = (await runParetoCurve(ds, { by: 'profit', costPerOrder: 10 }))!;
    expect(r.summary.total).toBe(45);
    expect(r.series.map((p) => p.value)).toEqual([null, 30, 15]);
    expect(r.summary.costSource).toBe('estimate');
    await expect(runParetoCurve(ds, { by: 'profit' })).rejects.toThrow(/cost-per-order/);
    // a total of zero or less has no shares
    await expect(runParetoCurve(ds, { by: 'profit', costPerOrder: 100 })).rejects.toThrow(/not positive/);
  });

  it('downsamples to about `points` series points, keeping the key ranks', async () => {
    // 1000 customers, c0001 … c1000 with revenue 1 … 1000; rank k has value 1001 − k
    const ds = await dataset(Array.from({ length: 1000 }, (_, i) => ({ customer_id: `c${String(i + 1).padStart(4, '0')}`, order_date: day, amount: i + 1 })));
    const r = (await runParetoCurve(ds, { points: 100 }))!;
    const s = r.summary;
    // step = ⌈1000 / 100⌉ = 10
    expect(s.step).toBe(10);
    // cum(k) = 1000k − k(k−1)/2, total 500500; 0.8 · 500500 = 400400:
    // k = 553 → 553000 − 152628 = 400372 < 400400; k = 554 → 554000 − 153181 = 400819 ≥ → 554
    expect(s.kTarget).toBe(554);
    // top 20 %: k = 200 → (200000 − 19900) / 500500
    expect(s.topShare).toBeCloseTo(180100 / 500500, 14);
    // Gini of 1..n = (n − 1) / (3n) = 999 / 3000
    expect(s.gini).toBeCloseTo(999 / 3000, 12);
    // series: origin + 100 multiples of 10 + rank 1 + rank 554 = 103 points
    expect(r.series).toHaveLength(103);
    expect(r.series.map((p) => p.rank)).toContain(554);
    expect(r.series.at(-1)!.y).toBe(1);
    // filter: revenue > 500 keeps 500 customers
    const f = (await runParetoCurve(ds, {}, sql`revenue > 500`))!;
    expect(f.summary.n).toBe(500);
  });

  it('rejects bad options with the option name', async () => {
    const ds = await dataset(rows);
    await expect(runParetoCurve(ds, { by: 'margin' })).rejects.toThrow(/invalid by: margin/);
    await expect(runParetoCurve(ds, { cut: 1.5 })).rejects.toThrow(/invalid cut: 1.5/);
    await expect(runParetoCurve(ds, { target: 0 })).rejects.toThrow(/invalid target: 0/);
    await expect(runParetoCurve(ds, { points: 1 })).rejects.toThrow(/invalid points: 1/);
    expect(await runParetoCurve(ds, {}, sql`FALSE`)).toBeNull();
  });
});

/**
 * The real CDNOW data: the three annotations recomputed in plain TypeScript
 * over the parsed CSV (no SQL) must agree with the SQL.
 */
describe('Pareto curve on CDNOW (independent check)', () => {
  const path = fileURLToPath(new URL('../../../datasets/cdnow/cdnow_transactions.csv', import.meta.url));

  function independent(text: string, cut = 0.2, target = 0.8) {
    const lines = text.trim().split(/\r?\n/);
    const head = lines[0].split(',');
    const ci = head.indexOf('customer_id');
    const ai = head.indexOf('amount');
    const by = new Map<string, number>();
    for (let i = 1; i < lines.length; i++) {
      const f = lines[i].split(',');
      by.set(f[ci], (by.get(f[ci]) ?? 0) + Number(f[ai]));
    }
    const v = [...by.entries()].sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0)).map((e) => e[1]);
    const n = v.length;
    const total = v.reduce((a, b) => a + b, 0);
    const cum: number[] = [];
    v.reduce((acc, x, i) => (cum[i] = acc + x), 0);
    const kCut = Math.ceil(Number((cut * n).toFixed(9)));
    const topShare = cum[kCut - 1] / total;
    const kTarget = cum.findIndex((c) => c / total >= target) + 1;
    // Gini as 1 − twice the Lorenz area (trapezoids over the ascending order)
    const asc = [...v].reverse();
    let L = 0;
    let area = 0;
    for (const x of asc) {
      const next = L + x / total;
      area += (L + next) / (2 * n);
      L = next;
    }
    return { n, total, kCut, topShare, kTarget, gini: 1 - 2 * area };
  }

  it('top-20 % share, customers for 80 % and Gini match', async () => {
    const bytes = readFileSync(path);
    const want = independent(bytes.toString('utf8'));
    const ds = await dataset(new Uint8Array(bytes), { name: 'cdnow_transactions.csv' });
    const got = (await runParetoCurve(ds))!.summary;
    expect(got.n).toBe(23570);
    expect(got.n).toBe(want.n);
    expect(got.kCut).toBe(want.kCut);
    expect(got.kTarget).toBe(want.kTarget);
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
    expect(rel(got.total, want.total)).toBeLessThan(1e-9);
    expect(rel(got.topShare, want.topShare)).toBeLessThan(1e-9);
    expect(rel(got.gini, want.gini)).toBeLessThan(1e-9);
  });
});

describe('Pareto curve from one ranking', () => {
  it('gives the same summary and series as ranking with ties broken by customer_id, ties and a loss tail included', async () => {
    // 60 customers in 6 groups of equal values (ties everywhere), two of them loss-making: values 30, 20, 10, 5, 0, −4.
    const values = [30, 20, 10, 5, 0, -4];
    const rows = Array.from({ length: 60 }, (_, i) => ({ customer_id: `k${String(59 - i).padStart(2, '0')}`, order_date: '2024-01-05', amount: values[i % 6] }));
    const ds = await dataset(rows);
    const s = paretoSettings(ds, { points: 7 });
    const summary = (await queryRows<Record<string, unknown>>(ds.engine, paretoSummaryQuery(ds, s)))[0];
    const series = await queryRows<Record<string, unknown>>(ds.engine, paretoSeriesQuery(ds, s));
    const one = await queryRows<Record<string, unknown>>(ds.engine, paretoCurveQuery(ds, s));
    const { rank: _r, x: _x, y: _y, value: _v, cum: _c, ...oneSummary } = one[0];
    expect(oneSummary).toEqual(summary);
    expect(one.map(({ rank, x, y, value, cum }) => ({ rank, x, y, value, cum }))).toEqual(series);
    // Total 10 × (30 + 20 + 10 + 5 + 0 − 4) = 610; the peak is after the 40 customers with value > 0: cum 650.
    expect(summary.total).toBe(610);
    expect(summary.peak_rank).toBe(40);
    expect(summary.negatives).toBe(10);
    // The runner returns the same as before: series points at every 9th rank (step ⌈60 / 7⌉ = 9) and the key ranks.
    const r = (await runParetoCurve(ds, { points: 7 }))!;
    expect(r.summary.peakRank).toBe(40);
    expect(r.series).toEqual(series);
  });
});
