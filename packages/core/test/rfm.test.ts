import { describe, expect, it } from 'vitest';
import { dataset, engine } from './engine.js';
import { RFM_SEGMENTS, RFM_SEGMENT_ORDER, rfmScoresQuery, rfmSegmentPredicate, rfmSegmentsQuery, runRfm } from '../src/metrics/rfm.js';
import { ident, queryRows, sql } from '../src/index.js';

const AS_OF = '2024-01-31';
/** The ISO date `n` days before AS_OF. */
const ago = (n: number) => new Date(Date.parse(`${AS_OF}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

// customer: [days ago of each order], amount per order
//   A: 5 orders, last 1 day ago, 100 each → recency 1, F 5, M 500
//   B: 3 orders, last 10 days ago, 100 each → recency 10, F 3, M 300
//   C: 1 order 10 days ago, 50 → recency 10, F 1, M 50
//   D: 4 orders, last 100 days ago, 100 each → recency 100, F 4, M 400
//   E: 1 order 200 days ago, 20 → recency 200, F 1, M 20
const plan: Record<string, [number[], number]> = {
  A: [[40, 30, 20, 10, 1], 100],
  B: [[60, 30, 10], 100],
  C: [[10], 50],
  D: [[400, 300, 200, 100], 100],
  E: [[200], 20],
};
const rows = Object.entries(plan).flatMap(([id, [days, amount]]) => days.map((d) => ({ customer_id: id, order_date: ago(d), amount })));

describe('RFM', () => {
  it('scores quintiles by hand, ties sharing the lower score', async () => {
    const ds = await dataset(rows);
    const s = await queryRows<Record<string, unknown>>(ds.engine, sql`SELECT customer_id, recency_days, frequency, monetary, r, f, m, fm, segment FROM (${rfmScoresQuery(ds, { asOf: AS_OF })}) ORDER BY 1`);
    // n = 5, score = 6 − ⌈5k/5⌉ = 6 − k, k = customers at least as good (ties included).
    // R (fewest days first): A 1 → k 1 → 5; B, C 10 → k 3 → 3 (tie: both get the lower); D 100 → k 4 → 2; E 200 → 1.
    // F (most first): A 5 → 5; D 4 → 4; B 3 → 3; C, E 1 → k 5 → 1.
    // M: A 500 → 5; D 400 → 4; B 300 → 3; C 50 → 2; E 20 → 1.
    // FM = ⌊(F + M)/2⌋: A 5, B 3, C ⌊3/2⌋ = 1, D 4, E 1.
    // segments: A R5 FM5 champions; B R3 FM3 need attention; C R3 FM1 about to sleep; D R2 FM4 at risk; E R1 FM1 lost.
    expect(s).toEqual([
      { customer_id: 'A', recency_days: 1, frequency: 5, monetary: 500, r: 5, f: 5, m: 5, fm: 5, segment: 'champions' },
      { customer_id: 'B', recency_days: 10, frequency: 3, monetary: 300, r: 3, f: 3, m: 3, fm: 3, segment: 'need-attention' },
      { customer_id: 'C', recency_days: 10, frequency: 1, monetary: 50, r: 3, f: 1, m: 2, fm: 1, segment: 'about-to-sleep' },
      { customer_id: 'D', recency_days: 100, frequency: 4, monetary: 400, r: 2, f: 4, m: 4, fm: 4, segment: 'at-risk' },
      { customer_id: 'E', recency_days: 200, frequency: 1, monetary: 20, r: 1, f: 1, m: 1, fm: 1, segment: 'lost' },
    ]);
  });

  it('counts customers per segment, every segment listed in order', async () => {
    const ds = await dataset(rows);
    const r = await runRfm(ds, { asOf: AS_OF });
    expect(r.segments.map((x) => x.segment)).toEqual([...RFM_SEGMENT_ORDER]);
    const by = Object.fromEntries(r.segments.map((x) => [x.segment, [x.customers, x.value]]));
    expect(by).toEqual({
      champions: [1, 500],
      loyal: [0, 0],
      'potential-loyalists': [0, 0],
      new: [0, 0],
      promising: [0, 0],
      'need-attention': [1, 300],
      'about-to-sleep': [1, 50],
      'at-risk': [1, 400],
      'cannot-lose': [0, 0],
      hibernating: [0, 0],
      lost: [1, 20],
    });
    // Σ M = 500 + 300 + 50 + 400 + 20 = 1270
    expect(r.value).toBe(1270);
    expect(r.segments[0].valueShare).toBeCloseTo(500 / 1270, 12);
    expect(r.segments[0].customerShare).toBe(1 / 5);
    expect(r.segments[0].recencyDays).toBe(1);
    expect(r.segments[0].frequency).toBe(5);
  });

  it('scores one customer 1, 1, 1 (lost)', async () => {
    const ds = await dataset([{ customer_id: 'solo', order_date: '2024-01-30', amount: 10 }]);
    const s = await queryRows<Record<string, unknown>>(ds.engine, sql`SELECT r, f, m, segment FROM (${rfmScoresQuery(ds)})`);
    // k = n = 1 on every measure → 6 − ⌈5⌉ = 1.
    expect(s).toEqual([{ r: 1, f: 1, m: 1, segment: 'lost' }]);
  });

  it('ranks customers with only zero or negative amounts last on M', async () => {
    const ds = await dataset([
      { customer_id: 'p', order_date: '2024-01-10', amount: 10 },
      { customer_id: 'z', order_date: '2024-01-10', amount: 0 },
      { customer_id: 'n', order_date: '2024-01-10', amount: -5 },
    ]);
    const s = await queryRows<{ customer_id: string; m: number }>(ds.engine, sql`SELECT customer_id, m FROM (${rfmScoresQuery(ds)}) ORDER BY m DESC`);
    // n = 3: p k 1 → 6 − ⌈5/3⌉ = 4; z k 2 → 6 − ⌈10/3⌉ = 2; n k 3 → 1.
    expect(s).toEqual([
      { customer_id: 'p', m: 4 },
      { customer_id: 'z', m: 2 },
      { customer_id: 'n', m: 1 },
    ]);
  });

  it('tiles the R × FM grid exactly as documented', () => {
    const first = (r: number, fm: number) => RFM_SEGMENTS.find((x) => r >= x.r[0] && r <= x.r[1] && fm >= x.fm[0] && fm <= x.fm[1])?.segment;
    const grid = [5, 4, 3, 2, 1].map((r) => [1, 2, 3, 4, 5].map((fm) => first(r, fm)));
    // The table in rfm.ts and the README, typed out by hand.
    expect(grid).toEqual([
      ['new', 'potential-loyalists', 'potential-loyalists', 'champions', 'champions'],
      ['promising', 'potential-loyalists', 'potential-loyalists', 'loyal', 'loyal'],
      ['about-to-sleep', 'about-to-sleep', 'need-attention', 'loyal', 'loyal'],
      ['hibernating', 'hibernating', 'at-risk', 'at-risk', 'cannot-lose'],
      ['lost', 'hibernating', 'at-risk', 'at-risk', 'cannot-lose'],
    ]);
    expect(new Set(grid.flat())).toEqual(new Set(RFM_SEGMENT_ORDER));
  });

  it('uses profit for M with by=profit, and explains a missing cost column', async () => {
    const ds = await dataset([
      { customer_id: 'a', order_date: '2024-01-10', amount: 100, cost: 90 }, // profit 10
      { customer_id: 'b', order_date: '2024-01-10', amount: 50, cost: 10 }, // profit 40
    ]);
    const s = await queryRows<{ customer_id: string; monetary: number; m: number }>(ds.engine, sql`SELECT customer_id, monetary, m FROM (${rfmScoresQuery(ds, { by: 'profit' })}) ORDER BY 1`);
    // n = 2: b (40) k 1 → 6 − ⌈5/2⌉ = 3; a (10) k 2 → 1.
    expect(s).toEqual([
      { customer_id: 'a', monetary: 10, m: 1 },
      { customer_id: 'b', monetary: 40, m: 3 },
    ]);
    const noCost = await dataset(rows);
    await expect(runRfm(noCost, { by: 'profit' })).rejects.toThrow('by="profit" needs a cost column');
    await expect(runRfm(noCost, { by: 'orders' })).rejects.toThrow('invalid by: orders (expected one of revenue, profit)');
  });

  it('selects a segment and counts only filtered customers', async () => {
    const ds = await dataset(rows);
    const p = rfmSegmentPredicate(ds, { asOf: AS_OF }, 'at-risk');
    const ids = await queryRows<{ customer_id: string }>(ds.engine, sql`SELECT customer_id FROM ${ident(ds.facts)} WHERE ${p}`);
    expect(ids).toEqual([{ customer_id: 'D' }]);
    // Scores stay those of all five; the filter keeps A and D only.
    const r = await runRfm(ds, { asOf: AS_OF }, sql`customer_id IN ('A', 'D')`);
    expect(r.segments.filter((x) => x.customers > 0).map((x) => [x.segment, x.customers, x.customerShare])).toEqual([
      ['champions', 1, 0.5],
      ['at-risk', 1, 0.5],
    ]);
    const e = await engine();
    await e.query(sql`EXPLAIN ${rfmSegmentsQuery(ds, { window: 90 }, sql`revenue > 0`)}`);
  });
});
