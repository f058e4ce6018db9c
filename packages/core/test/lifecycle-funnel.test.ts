import { describe, expect, it } from 'vitest';
import { dataset, engine } from './engine.js';
import {
  lifecycleAssignmentQuery,
  lifecycleFunnelQuery,
  lifecycleTransitionsQuery,
  runLifecycleFunnel,
  stagePredicate,
  transitionPredicate,
} from '../src/metrics/lifecycle-funnel.js';
import { ident, queryRows, sql } from '../src/index.js';

const A = '2024-12-31';
/** The ISO date `n` days before A. */
const ago = (n: number) => new Date(Date.parse(`${A}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
const B = ago(100); // the comparison date, 100 days earlier

// customer → the days before A of each order (10 each). At A (exclusive):
//   n1 [30]            tenure 30 ≤ 30                        → new (boundary included)
//   n2 [10, 5, 2]      tenure 10, 3 orders: new before core  → new
//   g1 [31]            one order, 31 days: past new, not core → dozing (the defined gap)
//   g2 [90]            one order, 90 days                     → dozing (the defined gap)
//   c1 [200, 90]       recency 90 ≤ 90, 2 orders               → core (boundary included)
//   c2 [400, 300, 50, 5] + an order ON A (excluded)          → core
//   z1 [120, 91]       recency 91                              → dozing
//   z2 [180]           recency 180                             → dozing (boundary included)
//   h1 [181]           recency 181                             → half-asleep
//   h2 [500, 365]      recency 365                             → half-asleep (boundary included)
//   d1 [366]           recency 366                             → dormant
//   f1 [−3]            only ordered after A: not a customer yet
const plan: Record<string, number[]> = {
  n1: [30],
  n2: [10, 5, 2],
  g1: [31],
  g2: [90],
  c1: [200, 90],
  c2: [400, 300, 50, 5],
  z1: [120, 91],
  z2: [180],
  h1: [181],
  h2: [500, 365],
  d1: [366],
  f1: [-3],
};
const rows = [
  ...Object.entries(plan).flatMap(([id, days]) => days.map((d) => ({ customer_id: id, order_date: ago(d), amount: 10 }))),
  { customer_id: 'c2', order_date: A, amount: 1000 },
];

describe('lifecycle funnel', () => {
  it('places each customer by the rules, boundaries and the gap included', async () => {
    const ds = await dataset(rows);
    const a = await queryRows<{ customer_id: string; stage: string }>(ds.engine, sql`SELECT customer_id, stage FROM (${lifecycleAssignmentQuery(ds, { asOf: A })}) ORDER BY 1`);
    expect(Object.fromEntries(a.map((x) => [x.customer_id, x.stage]))).toEqual({
      c1: 'core',
      c2: 'core',
      d1: 'dormant',
      g1: 'dozing',
      g2: 'dozing',
      h1: 'half-asleep',
      h2: 'half-asleep',
      n1: 'new',
      n2: 'new',
      z1: 'dozing',
      z2: 'dozing',
    });
  });

  it('counts customers, shares and revenue per stage', async () => {
    const ds = await dataset(rows);
    const r = await runLifecycleFunnel(ds, { asOf: A });
    // revenue = 10 × orders before A: new n1 10 + n2 30 = 40; core c1 20 + c2 40 = 60 (the 1000 on A is excluded);
    // dozing g1 10 + g2 10 + z1 20 + z2 10 = 50; half-asleep h1 10 + h2 20 = 30; dormant d1 10. Σ 190, 11 customers.
    expect(r.stages.map((s) => [s.stage, s.customers, s.revenue])).toEqual([
      ['new', 2, 40],
      ['core', 2, 60],
      ['dozing', 4, 50],
      ['half-asleep', 2, 30],
      ['dormant', 1, 10],
    ]);
    expect(r.customers).toBe(11);
    expect(r.revenue).toBe(190);
    expect(r.stages[2].share).toBe(4 / 11);
    expect(r.stages[1].revenueShare).toBeCloseTo(60 / 190, 12);
    expect(r.compare).toBeUndefined();
  });

  it('follows the threshold attributes', async () => {
    const ds = await dataset(rows);
    // new-days 7, active-days 60, half-asleep-days 100, dormant-days 200:
    // n1 (one order, 30 d): not new, not core (1 order), 30 ≤ 100 → dozing. n2: tenure 10 > 7, 3 orders, recency 2 → core.
    // g1 31 → dozing; g2 90 → dozing; c1 recency 90 > 60 → dozing; c2 recency 5 → core; z1 91 → dozing;
    // z2 180 → half-asleep; h1 181 → half-asleep; h2 365 → dormant; d1 366 → dormant.
    const r = await runLifecycleFunnel(ds, { asOf: A, newDays: 7, activeDays: 60, halfAsleepDays: 100, dormantDays: 200 });
    expect(r.stages.map((s) => [s.stage, s.customers])).toEqual([
      ['new', 0],
      ['core', 2],
      ['dozing', 5],
      ['half-asleep', 2],
      ['dormant', 2],
    ]);
  });

  it('counts the moves between an earlier date and as-of', async () => {
    const ds = await dataset(rows);
    // At B = A − 100 days (orders more than 100 days before A; days before B = days before A − 100):
    //   c1 [100]: 1 order, tenure 100 → dozing;  c2 [300, 200]: recency 200, 2 orders → half-asleep
    //   z1 [20]: tenure 20 → new;  z2 [80]: one order → dozing;  h1 [81] → dozing;  h2 [400, 265] → half-asleep
    //   d1 [266] → half-asleep;  n1, n2, g1, g2: no order yet → none
    const r = await runLifecycleFunnel(ds, { asOf: A, compareTo: B });
    expect(r.compare!.from).toBe(B);
    expect(r.compare!.to).toBe(A);
    expect(r.compare!.flows).toEqual([
      { from: 'none', to: 'new', customers: 2 }, // n1, n2
      { from: 'none', to: 'dozing', customers: 2 }, // g1, g2
      { from: 'new', to: 'dozing', customers: 1 }, // z1
      { from: 'dozing', to: 'core', customers: 1 }, // c1
      { from: 'dozing', to: 'dozing', customers: 1 }, // z2
      { from: 'dozing', to: 'half-asleep', customers: 1 }, // h1
      { from: 'half-asleep', to: 'core', customers: 1 }, // c2
      { from: 'half-asleep', to: 'half-asleep', customers: 1 }, // h2
      { from: 'half-asleep', to: 'dormant', customers: 1 }, // d1
    ]);
    // slipping to a sleepier stage: z1 new → dozing, h1 dozing → half-asleep, d1 half-asleep → dormant = 3
    // (g1, g2 none → dozing are newcomers, z2 stays). returning from dozing or sleepier: c1 → core, c2 → core = 2.
    expect(r.compare!.slipping).toBe(3);
    expect(r.compare!.returning).toBe(2);
    // compare-to later than as-of: the same flows, earlier date first.
    const swapped = await runLifecycleFunnel(ds, { asOf: B, compareTo: A });
    expect(swapped.compare!.flows).toEqual(r.compare!.flows);
    expect(swapped.compare!.from).toBe(B);
    // …while the stage counts are those at as-of (B): new 1 (z1), dozing 3 (c1, z2, h1), half-asleep 3 (c2, h2, d1).
    expect(swapped.stages.map((s) => s.customers)).toEqual([1, 0, 3, 3, 0]);
  });

  it('selects a stage or a move as a predicate over the per-customer table', async () => {
    const ds = await dataset(rows);
    const ids = async (p: ReturnType<typeof stagePredicate>) =>
      (await queryRows<{ customer_id: string }>(ds.engine, sql`SELECT customer_id FROM ${ident(ds.facts)} WHERE ${p} ORDER BY 1`)).map((x) => x.customer_id);
    expect(await ids(stagePredicate(ds, { asOf: A }, 'dozing'))).toEqual(['g1', 'g2', 'z1', 'z2']);
    expect(await ids(stagePredicate(ds, { asOf: A, compareTo: B }, 'half-asleep', B))).toEqual(['c2', 'd1', 'h2']);
    expect(await ids(transitionPredicate(ds, { asOf: A, compareTo: B }, 'dozing', 'core'))).toEqual(['c1']);
    expect(await ids(transitionPredicate(ds, { asOf: A, compareTo: B }, 'none', 'new'))).toEqual(['n1', 'n2']);
    // one side only: everyone who was half-asleep at B (the same as the stage at B), or is dozing at A
    expect(await ids(transitionPredicate(ds, { asOf: A, compareTo: B }, 'half-asleep', null))).toEqual(['c2', 'd1', 'h2']);
    expect(await ids(transitionPredicate(ds, { asOf: A, compareTo: B }, null, 'dozing'))).toEqual(['g1', 'g2', 'z1', 'z2']);
  });

  it('counts only the customers other widgets select', async () => {
    const ds = await dataset(rows);
    // facts cover every order (f1 and the order on A too): revenue ≥ 20 → n2 30, c1 20, c2 1040, z1 20, h2 20.
    const r = await runLifecycleFunnel(ds, { asOf: A, compareTo: B }, sql`revenue >= 20`);
    expect(r.stages.map((s) => s.customers)).toEqual([1, 2, 1, 1, 0]);
    expect(r.compare!.flows.reduce((a, f) => a + f.customers, 0)).toBe(5);
  });

  it('defaults as-of to the day after the last order; has nobody before the first order', async () => {
    const ds = await dataset([
      { customer_id: 'a', order_date: '2024-03-01', amount: 5 },
      { customer_id: 'a', order_date: '2024-03-10', amount: 5 },
    ]);
    const r = await runLifecycleFunnel(ds);
    // as-of 2024-03-11: tenure 10 ≤ 30 → new.
    expect(r.asOf).toBe('2024-03-11');
    expect(r.stages.map((s) => s.customers)).toEqual([1, 0, 0, 0, 0]);
    const before = await runLifecycleFunnel(ds, { asOf: '2024-01-01' });
    expect(before.customers).toBe(0);
    expect(before.stages.every((s) => s.share === null && s.revenueShare === null)).toBe(true);
  });

  it('rejects bad options with the attribute names', async () => {
    const ds = await dataset(rows);
    const msg = (o: object) => runLifecycleFunnel(ds, o).catch((e) => e.message);
    expect(await msg({ newDays: 120 })).toBe(
      'invalid lifecycle thresholds: new-days 120, active-days 90, half-asleep-days 180, dormant-days 365 (expected new-days ≤ active-days < half-asleep-days < dormant-days)',
    );
    expect(await msg({ halfAsleepDays: 400 })).toContain('expected new-days ≤ active-days < half-asleep-days < dormant-days');
    expect(await msg({ activeDays: 'ninety' })).toBe('invalid active-days: ninety (expected a whole number of days from 1 to 36500)');
    expect(await msg({ asOf: A, compareTo: A })).toBe(`invalid compare-to: ${A} (it is the as-of date; choose another date to compare with)`);
    expect(await msg({ compareTo: '31/12/2024' })).toBe('invalid compare-to: 31/12/2024 (expected a date as YYYY-MM-DD, e.g. 2024-03-31)');
    const e = await engine();
    await e.query(sql`EXPLAIN ${lifecycleFunnelQuery(ds, { asOf: A }, sql`revenue > 0`)}`);
    await e.query(sql`EXPLAIN ${lifecycleTransitionsQuery(ds, { asOf: A, compareTo: B }, sql`revenue > 0`)}`);
  });
});
