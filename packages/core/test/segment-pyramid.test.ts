import { describe, expect, it } from 'vitest';
import { dataset, engine } from './engine.js';
import {
  parseTiers,
  runSegmentPyramid,
  segmentAssignmentQuery,
  segmentPyramidQuery,
  tierPredicate,
  type PyramidTier,
} from '../src/metrics/segment-pyramid.js';
import { ident, queryRows, sql } from '../src/index.js';

const pad = (i: number) => String(i).padStart(2, '0');
/** One order per customer, customer c<i> spending values[i - 1]. */
const oneOrderEach = (values: number[], date = '2024-01-10') => values.map((amount, i) => ({ customer_id: `c${pad(i + 1)}`, order_date: date, amount }));
/** c01 = 200, c02 = 190, …, c20 = 10: twenty distinct values, total 10 × (1 + … + 20) = 2100. */
const twenty = Array.from({ length: 20 }, (_, i) => 200 - 10 * i);

const pick = (tiers: PyramidTier[]) => tiers.map((t) => [t.tier, t.customers, t.value]);

describe('segment pyramid: tiers by share of customers', () => {
  it('cuts 20 distinct customers into 1 diamond, 3 gold, 16 regular', async () => {
    const ds = await dataset(oneOrderEach(twenty));
    const r = await runSegmentPyramid(ds);
    // n = 20, k = #{value ≥ v}. diamond: k ≤ ⌈5 % × 20⌉ = ⌈1⌉ = 1 → c01 (200).
    // gold: k ≤ ⌈20 % × 20⌉ = 4 → c02, c03, c04 = 190 + 180 + 170 = 540.
    // regular: c05..c20 = 160 + … + 10 = 10 × (1 + … + 16) = 1360.
    expect(pick(r.tiers)).toEqual([
      ['diamond', 1, 200],
      ['gold', 3, 540],
      ['regular', 16, 1360],
    ]);
    expect(r.tiers.map((t) => t.customerShare)).toEqual([1 / 20, 3 / 20, 16 / 20]);
    expect(r.tiers[0].valueShare).toBeCloseTo(200 / 2100, 12);
    expect(r.tiers[1].valueShare).toBeCloseTo(540 / 2100, 12);
    expect(r.tiers[2].valueShare).toBeCloseTo(1360 / 2100, 12);
    // averages: 200 / 1, 540 / 3 = 180, 1360 / 16 = 85
    expect(r.tiers.map((t) => t.average)).toEqual([200, 180, 85]);
    expect(r.tiers.map((t) => [t.minValue, t.maxValue])).toEqual([
      [200, 200],
      [170, 190],
      [10, 160],
    ]);
    expect(r.customers).toBe(20);
    expect(r.value).toBe(2100);
    expect(r.asOf).toBe('2024-01-11');
    expect(r.from).toBe(null);
  });

  it('keeps a tie at the top together and moves it down: no diamond', async () => {
    // c01 = c02 = 200, then 180, 170, …, 10. For both 200s, k = #{value ≥ 200} = 2 > ⌈5 % × 20⌉ = 1: not diamond; 2 ≤ ⌈20 % × 20⌉ = 4: gold.
    // gold: k ≤ 4 → 200, 200, 180, 170 = 750. regular: 160 … 10 = 1360.
    const ds = await dataset(oneOrderEach([200, 200, ...twenty.slice(2)]));
    const r = await runSegmentPyramid(ds);
    expect(pick(r.tiers)).toEqual([
      ['diamond', 0, 0],
      ['gold', 4, 750],
      ['regular', 16, 1360],
    ]);
    expect(r.tiers[0].customerShare).toBe(0);
    expect(r.tiers[0].average).toBe(null);
    expect(r.tiers[0].minValue).toBe(null);
  });

  it('moves a tie straddling the gold/regular line down to regular', async () => {
    // 200, 190, 180, 170, 170, 150, …: the two 170s (4th and 5th) have k = 5 > ⌈20 % × 20⌉ = 4: both regular.
    // diamond c01 = 200; gold c02, c03 = 370; regular 170 + 170 + (150 + … + 10) = 340 + 10 × (1 + … + 15) = 340 + 1200 = 1540.
    const values = [200, 190, 180, 170, 170, ...twenty.slice(5)];
    const ds = await dataset(oneOrderEach(values));
    const r = await runSegmentPyramid(ds);
    expect(pick(r.tiers)).toEqual([
      ['diamond', 1, 200],
      ['gold', 2, 370],
      ['regular', 17, 1540],
    ]);
    // The assignment puts both tied customers in the same tier.
    const a = await queryRows<{ customer_id: string; tier: string }>(ds.engine, sql`SELECT customer_id, tier FROM (${segmentAssignmentQuery(ds)}) WHERE value = 170 ORDER BY 1`);
    expect(a).toEqual([
      { customer_id: 'c04', tier: 'regular' },
      { customer_id: 'c05', tier: 'regular' },
    ]);
  });

  it('puts a single customer in the top tier (k = 1 ≤ ⌈5 % × 1⌉ = ⌈0.05⌉ = 1)', async () => {
    const ds = await dataset([{ customer_id: 'solo', order_date: '2024-02-01', amount: 50 }]);
    const r = await runSegmentPyramid(ds);
    expect(pick(r.tiers)).toEqual([
      ['diamond', 1, 50],
      ['gold', 0, 0],
      ['regular', 0, 0],
    ]);
    expect(r.tiers[0].customerShare).toBe(1);
    expect(r.tiers[0].valueShare).toBe(1);
  });

  it('rounds the room of a tier up: 21 customers give ⌈1.05⌉ = 2 diamonds and ⌈4.2⌉ = 5 in diamond + gold', async () => {
    // c01 = 210, c02 = 200, …, c21 = 10 (10 × (21 … 1)), Σ = 10 × 231 = 2310.
    // diamond k ≤ ⌈5 % × 21⌉ = ⌈1.05⌉ = 2: 210 + 200 = 410. gold k ≤ ⌈20 % × 21⌉ = ⌈4.2⌉ = 5: 190 + 180 + 170 = 540.
    // regular: 160 + … + 10 = 10 × (1 + … + 16) = 1360. (410 + 540 + 1360 = 2310.)
    const ds = await dataset(oneOrderEach(Array.from({ length: 21 }, (_, i) => 210 - 10 * i)));
    const r = await runSegmentPyramid(ds);
    expect(pick(r.tiers)).toEqual([
      ['diamond', 2, 410],
      ['gold', 3, 540],
      ['regular', 16, 1360],
    ]);
    // with a tie across the gold line the room is the same, and the tie still goes down: 21 customers 210, 200, 190,
    // 180, 170, 170, 150, …: the 170s have k = 6 > 5 → regular; gold 190 + 180 = 370 (2 customers).
    const tied = await runSegmentPyramid(await dataset(oneOrderEach([210, 200, 190, 180, 170, 170, ...Array.from({ length: 15 }, (_, i) => 150 - 10 * i)])));
    // regular: 170 + 170 + (150 + … + 10) = 340 + 10 × (1 + … + 15) = 340 + 1200 = 1540.
    expect(pick(tied.tiers)).toEqual([
      ['diamond', 2, 410],
      ['gold', 2, 370],
      ['regular', 17, 1540],
    ]);
  });

  it('puts customers with only zero or negative amounts in the last tier', async () => {
    const rows = [
      { customer_id: 'a', order_date: '2024-01-01', amount: 100 },
      { customer_id: 'b', order_date: '2024-01-02', amount: 0 }, // free order
      { customer_id: 'c', order_date: '2024-01-03', amount: -30 }, // only a return
      { customer_id: 'd', order_date: '2024-01-04', amount: 20 }, // bought and returned: net 0
      { customer_id: 'd', order_date: '2024-01-05', amount: -20 },
    ];
    const ds = await dataset(rows);
    // top:25,mid:25,rest with n = 4: a has k = 1 ≤ ⌈25 % × 4⌉ = 1: top. b, c, d have value ≤ 0: rest, whatever their rank
    // (c at −30 would otherwise be nothing special; b and d tie at 0). mid is empty.
    const r = await runSegmentPyramid(ds, { tiers: 'top:25,mid:25,rest' });
    expect(pick(r.tiers)).toEqual([
      ['top', 1, 100],
      ['mid', 0, 0],
      ['rest', 3, -30],
    ]);
    // Σ value = 100 − 30 = 70: shares of the net total.
    expect(r.tiers[0].valueShare).toBeCloseTo(100 / 70, 12);
    expect(r.tiers[2].valueShare).toBeCloseTo(-30 / 70, 12);
    expect(r.tiers[2].customerShare).toBe(3 / 4);
  });

  it('has no value shares when nobody has a positive value', async () => {
    const ds = await dataset([
      { customer_id: 'b', order_date: '2024-01-02', amount: 0 },
      { customer_id: 'c', order_date: '2024-01-03', amount: -30 },
    ]);
    const r = await runSegmentPyramid(ds);
    // Both value ≤ 0 → regular; Σ = −30 ≤ 0 → value shares undefined.
    expect(pick(r.tiers)).toEqual([
      ['diamond', 0, 0],
      ['gold', 0, 0],
      ['regular', 2, -30],
    ]);
    expect(r.tiers.map((t) => t.valueShare)).toEqual([null, null, null]);
  });

  it('cuts 100 customers into platinum/gold/iron/lead', async () => {
    // c_i spends i (1 … 100). platinum:1 → k ≤ ⌈1 % × 100⌉ = 1: 100. gold:4 → k ≤ ⌈5 % × 100⌉ = 5: 99 + 98 + 97 + 96 = 390.
    // iron:15 → k ≤ ⌈20 % × 100⌉ = 20: 81 … 95 = (81 + 95) × 15 / 2 = 1320. lead: 1 … 80 = 80 × 81 / 2 = 3240. Σ 5050.
    const rows = Array.from({ length: 100 }, (_, i) => ({ customer_id: `c${String(i + 1).padStart(3, '0')}`, order_date: '2024-01-01', amount: i + 1 }));
    const ds = await dataset(rows);
    const r = await runSegmentPyramid(ds, { tiers: 'platinum:1, gold:4, iron:15, lead' });
    expect(pick(r.tiers)).toEqual([
      ['platinum', 1, 100],
      ['gold', 4, 390],
      ['iron', 15, 1320],
      ['lead', 80, 3240],
    ]);
    expect(r.value).toBe(5050);
  });
});

describe('segment pyramid: tiers by share of value', () => {
  it('cuts by cumulative share of the positive total; ties and non-positive values go down', async () => {
    // values 50, 30, 10, 5, 5 and −10; Σ max(v, 0) = 100. a:50,b:30,c.
    // 50: cumulative 50 → 50 % ≤ 50 %: a. 30: 80 % ≤ 80 %: b. 10: 90 %: c. the two 5s: 100 %: c. −10: value ≤ 0: c.
    const ds = await dataset(oneOrderEach([50, 30, 10, 5, 5, -10]));
    const r = await runSegmentPyramid(ds, { tiers: 'a:50,b:30,c', tiersBy: 'value' });
    // c: 10 + 5 + 5 − 10 = 10; Σ value = 90
    expect(pick(r.tiers)).toEqual([
      ['a', 1, 50],
      ['b', 1, 30],
      ['c', 4, 10],
    ]);
    expect(r.tiers[0].valueShare).toBeCloseTo(50 / 90, 12);
  });

  it('moves a tied group that crosses a value line down', async () => {
    // 40, 30, 30 (Σ 100): 40 → 40 % ≤ 50 %: a. Each 30: cumulative with the tie = 100 % > 80 %: both c; b is empty.
    const ds = await dataset(oneOrderEach([40, 30, 30]));
    const r = await runSegmentPyramid(ds, { tiers: 'a:50,b:30,c', tiersBy: 'value' });
    expect(pick(r.tiers)).toEqual([
      ['a', 1, 40],
      ['b', 0, 0],
      ['c', 2, 60],
    ]);
  });
});

describe('segment pyramid: measures, window, filter', () => {
  const rows = [
    // x: two orders (o1, o2), revenue 100 + 50 = 150, cost 40 + 10 = 50 → profit 100
    { customer_id: 'x', order_date: '2024-01-05', amount: 100, cost: 40, order_id: 'o1' },
    { customer_id: 'x', order_date: '2024-02-20', amount: 50, cost: 10, order_id: 'o2' },
    // y: one order of two lines (o3), revenue 300, cost 290 → profit 10
    { customer_id: 'y', order_date: '2024-02-25', amount: 200, cost: 200, order_id: 'o3' },
    { customer_id: 'y', order_date: '2024-02-25', amount: 100, cost: 90, order_id: 'o3' },
    // z: three orders, revenue 30, no cost on one line (counts 0) → cost 5, profit 25; last order on 2024-02-29
    { customer_id: 'z', order_date: '2024-01-01', amount: 10, cost: 5, order_id: 'o4' },
    { customer_id: 'z', order_date: '2024-02-10', amount: 10, order_id: 'o5' },
    { customer_id: 'z', order_date: '2024-02-29', amount: 10, cost: 0, order_id: 'o6' },
  ];
  // two tiers over three customers: top:34 → k ≤ ⌈34 % × 3⌉ = ⌈1.02⌉ = 2 → the best two; over two: ⌈0.68⌉ = 1 → the best one.
  const tiers = 'top:34,rest';

  it('ranks by revenue, profit or orders', async () => {
    const ds = await dataset(rows);
    // revenue: y 300 > x 150 > z 30 → top y + x = 450, rest z 30
    expect(pick((await runSegmentPyramid(ds, { tiers })).tiers)).toEqual([
      ['top', 2, 450],
      ['rest', 1, 30],
    ]);
    // profit: x 100 > z 25 > y 10 → top x + z = 125, rest y 10
    expect(pick((await runSegmentPyramid(ds, { tiers, by: 'profit' })).tiers)).toEqual([
      ['top', 2, 125],
      ['rest', 1, 10],
    ]);
    // orders: z 3 > x 2 > y 1 (two lines of o3 are one order) → top 3 + 2 = 5, rest 1
    expect(pick((await runSegmentPyramid(ds, { tiers, by: 'orders' })).tiers)).toEqual([
      ['top', 2, 5],
      ['rest', 1, 1],
    ]);
  });

  it('counts only orders in the window before as-of', async () => {
    const ds = await dataset(rows);
    // as-of 2024-02-29 (exclusive), window 10 days → orders on 2024-02-19 … 2024-02-28:
    // x 50 (02-20), y 300 (02-25); z's 02-10 is before, 02-29 is on as-of: z is not a customer of this window.
    const r = await runSegmentPyramid(ds, { tiers, asOf: '2024-02-29', window: 10 });
    expect(r.from).toBe('2024-02-19');
    expect(pick(r.tiers)).toEqual([
      ['top', 1, 300], // k ≤ ⌈34 % × 2⌉ = ⌈0.68⌉ = 1: y
      ['rest', 1, 50],
    ]);
    // "all" means every order before as-of: x 150, y 300, z 20 (the 02-29 order is excluded); k ≤ ⌈1.02⌉ = 2: y + x.
    const all = await runSegmentPyramid(ds, { tiers, asOf: '2024-02-29', window: 'all' });
    expect(pick(all.tiers)).toEqual([
      ['top', 2, 450],
      ['rest', 1, 20],
    ]);
  });

  it('explains that profit needs a cost column', async () => {
    const ds = await dataset(rows.map(({ cost: _c, ...r }) => r));
    const err = await runSegmentPyramid(ds, { by: 'profit' }).catch((e) => e);
    expect(err.code).toBe('missing-column');
    expect(err.detail.column).toBe('cost');
    expect(err.message).toContain('by="profit" needs a cost column');
    expect(err.message).toContain('map-cost');
  });

  it('keeps the cut-offs when other widgets filter, and counts only the selected customers', async () => {
    const ds = await dataset(oneOrderEach(twenty));
    // revenue ≥ 150 selects c01..c06 (200 … 150). Cut-offs stay those of all 20 customers:
    // diamond c01; gold c02..c04 (540); regular c05, c06 (160 + 150 = 310). Shares of the 6 counted.
    const r = await runSegmentPyramid(ds, {}, sql`revenue >= 150`);
    expect(pick(r.tiers)).toEqual([
      ['diamond', 1, 200],
      ['gold', 3, 540],
      ['regular', 2, 310],
    ]);
    expect(r.tiers.map((t) => t.customerShare)).toEqual([1 / 6, 3 / 6, 2 / 6]);
    expect(r.customers).toBe(6);
  });

  it('turns a tier into a selection predicate over the per-customer table', async () => {
    const ds = await dataset(oneOrderEach(twenty));
    const p = tierPredicate(ds, {}, 'gold');
    const ids = await queryRows<{ customer_id: string }>(ds.engine, sql`SELECT customer_id FROM ${ident(ds.facts)} WHERE ${p} ORDER BY 1`);
    // gold = c02, c03, c04 (see the first test)
    expect(ids.map((r) => r.customer_id)).toEqual(['c02', 'c03', 'c04']);
  });
});

describe('segment pyramid: options', () => {
  it('parses tiers', () => {
    expect(parseTiers('diamond:5,gold:15,regular')).toEqual([
      { name: 'diamond', percent: 5, upToBp: 500 },
      { name: 'gold', percent: 15, upToBp: 2000 },
      { name: 'regular', percent: null, upToBp: 10000 },
    ]);
    expect(parseTiers('鑽石:0.5%, 黃金:12.25 ,一般').map((t) => t.upToBp)).toEqual([50, 1275, 10000]);
  });

  it.each([
    ['diamond', 'at least two tiers are needed'],
    ['diamond:5,gold:15', 'the last tier ("gold") takes the rest'],
    ['diamond:60,gold:40,regular', 'add up to 100 %'],
    ['diamond:x,regular', '"x" (for diamond) is not a percentage'],
    ['diamond:0,regular', '"0" (for diamond) is not a percentage above 0'],
    ['diamond:-5,regular', 'is not a percentage above 0'],
    ['diamond:1.234,regular', 'more than two decimals'],
    ['diamond:5,diamond', '"diamond" appears twice'],
    ['diamond,regular', '"diamond" needs a percentage'],
    [':5,regular', 'tier 1 has no name'],
    ["a'b:5,regular", `"a'b" is not a tier name`],
  ])('rejects tiers=%s', async (tiers, why) => {
    const ds = await dataset(oneOrderEach([1, 2]));
    const err = await runSegmentPyramid(ds, { tiers }).catch((e) => e);
    expect(err.code).toBe('invalid-option');
    expect(err.message).toContain(`invalid tiers: "${tiers}"`);
    expect(err.message).toContain(why);
    expect(err.message).toContain('e.g. "diamond:5,gold:15,regular"');
  });

  it('rejects unknown by, tiers-by, window and as-of', async () => {
    const ds = await dataset(oneOrderEach([1, 2]));
    const msg = (o: object) => runSegmentPyramid(ds, o).catch((e) => (expect(e.code).toBe('invalid-option'), e.message));
    expect(await msg({ by: 'margin' })).toBe('invalid by: margin (expected one of revenue, profit, orders)');
    expect(await msg({ tiersBy: 'revenue' })).toBe('invalid tiers-by: revenue (expected one of customers, value)');
    expect(await msg({ window: 0 })).toBe('invalid window: 0 (expected a whole number of days from 1 to 36500)');
    expect(await msg({ window: '7.5' })).toContain('invalid window: 7.5');
    expect(await msg({ asOf: '2024-02-30' })).toBe('invalid as-of: 2024-02-30 (expected a date as YYYY-MM-DD, e.g. 2024-03-31)');
  });

  it('builds SQL DuckDB accepts (EXPLAIN)', async () => {
    const ds = await dataset(oneOrderEach(twenty));
    const e = await engine();
    for (const o of [{}, { tiersBy: 'value', tiers: 'a:50,b:30,c' }, { by: 'orders', window: 30, asOf: '2024-01-05' }]) {
      await e.query(sql`EXPLAIN ${segmentPyramidQuery(ds, o, sql`revenue > 0`)}`);
      await e.query(sql`EXPLAIN ${segmentAssignmentQuery(ds, o)}`);
    }
  });
});
