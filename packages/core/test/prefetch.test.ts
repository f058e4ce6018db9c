import { describe, expect, it } from 'vitest';
import { engine } from './engine.js';
import {
  candidateKeys,
  PARETO_CURVE,
  queryRows,
  sql,
  type Dataset,
  type Engine,
  type SelectionClause,
} from '../src/index.js';
import type { PyramidView } from '../src/analyses/segment-pyramid.js';
import { close, planted } from './planted.js';
import { ANALYSES, coordinated, type Name } from './coordinated.js';
import { byteSize, clausesKey, GROUP_ROW_BYTES, ResultMemo } from '../src/prefetch.js';
import type { LifecycleResult } from '../src/metrics/lifecycle-funnel.js';
import type { ParetoCurve } from '../src/metrics/pareto-curve.js';
import type { ProfitMatrix } from '../src/metrics/profit-matrix.js';

/*
 * Data: `planted()` (./planted.ts), twenty customers c01..c20: c<i> spends 200 − 10·(i − 1) (c01 = 200 … c20 = 10;
 * total 2100) at a cost of i, and by (i − 1) mod 4 is new (one order on 2024-06-30, as-of 2024-07-01), core (two
 * orders, 2024-05-01 and 2024-06-20, half the amount each), dozing (2024-02-01), half-asleep (2023-08-01).
 */

let n = 0;
async function setup(opts: { maxGroupRows?: number; groupMemoryShare?: number } = {}) {
  const base = await engine();
  // Every statement the coordinator and the analyses send, counted.
  let statements = 0;
  const e = new Proxy(base, {
    get(t, p) {
      const v = Reflect.get(t, p, t) as unknown;
      if (p === 'query' || p === 'exec') return (...a: unknown[]) => (statements++, (v as (...x: unknown[]) => unknown).apply(t, a));
      return typeof v === 'function' ? v.bind(t) : v;
    },
  }) as Engine;
  const prefix = `pf${++n}_`;
  const { coord, ds, clients, shown, all, general, pickOf } = await coordinated(e, planted(), prefix, opts);
  await all();
  return { e, ds, coord, clients, shown, all, general, pickOf, count: () => statements };
}

describe('clausesKey', () => {
  it('is the predicates in any order, and undefined with a clause whose text does not say everything', () => {
    const a = { predicate: sql`customer_id IN (SELECT 1)`, kind: 'tier' };
    const b = { predicate: sql`revenue > 5`, kind: 'stage' };
    expect(clausesKey([a, b])).toBe(clausesKey([b, a]));
    expect(clausesKey([])).toBe('');
    expect(clausesKey([a, { predicate: sql`revenue > 5`, kind: 'condition' }])).toBeUndefined();
    expect(clausesKey([{ predicate: sql`TRUE` }])).toBeUndefined();
  });
});

describe('ResultMemo', () => {
  it('keeps a result per data set, forgets failures and the least recently used', async () => {
    const m = new ResultMemo(2);
    const ds1 = {}, ds2 = {};
    let runs = 0;
    const f = () => Promise.resolve(++runs);
    expect(await m.get(ds1, 'a', f)).toBe(1);
    expect(await m.get(ds1, 'a', f)).toBe(1);
    expect(await m.get(ds2, 'a', f)).toBe(2); // other data: computed again, ds1's forgotten
    expect(m.peek(ds1, 'a')).toBeUndefined();
    await expect(m.get(ds2, 'bad', () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await Promise.resolve();
    expect(m.peek(ds2, 'bad')).toBeUndefined();
    await m.get(ds2, 'b', f);
    await m.get(ds2, 'c', f); // over 2: 'a' (least recently used) goes
    expect(m.peek(ds2, 'a')).toBeUndefined();
    expect(m.size).toBe(2);
  });
});

describe('Cross-filter worked out ahead (Coordinator.prefetch)', () => {
  it('a tier click after the pointer entered the pyramid runs nothing in the engine, and every widget shows the general path\'s figures', async () => {
    const { coord, clients, shown, all, general, pickOf, count } = await setup();
    // Tiers (default diamond:5,gold:15,regular over 20 customers): diamond ⌈0.05·20⌉ = 1 (c01), gold up to ⌈0.2·20⌉ = 4 (c02–c04).
    expect(candidateKeys('segment-pyramid', shown['segment-pyramid'])).toEqual(['diamond', 'gold', 'regular']);
    await coord.prefetch('segment-pyramid');
    const before = count();
    const gold = pickOf('segment-pyramid', 'gold');
    await coord.select({ client: 'segment-pyramid', predicate: gold.predicate, kind: gold.kind, label: 'Tier: gold', basis: 'computed' });
    await all();
    expect(count()).toBe(before);
    // Gold = c02 (190, core), c03 (180, dozing), c04 (170, half-asleep): 540.
    const f = shown['lifecycle-funnel'] as LifecycleResult;
    expect(f.stages.map((s) => [s.stage, s.customers, s.revenue])).toEqual([
      ['new', 0, 0],
      ['core', 1, 190],
      ['dozing', 1, 180],
      ['half-asleep', 1, 170],
      ['dormant', 0, 0],
    ]);
    const p = shown['pareto-curve'] as ParetoCurve;
    expect([p.summary.n, p.summary.total, p.summary.kCut]).toEqual([3, 540, 1]); // ⌈0.2 · 3⌉ = 1
    expect(p.summary.topShare).toBeCloseTo(190 / 540, 12);
    const m = shown['profit-matrix'] as ProfitMatrix;
    // Costs 2, 3, 4: median cost 3, median revenue 180; profits 188, 177, 166 (total 531).
    expect([m.n, m.xSplit, m.ySplit, m.totals.revenue, m.totals.cost, m.totals.profit]).toEqual([3, 180, 3, 540, 9, 531]);
    for (const name of ['lifecycle-funnel', 'pareto-curve', 'profit-matrix'] as const) close(shown[name], await general(name, [gold.predicate]), name);
    // Clearing finds the unfiltered results kept from the first draw: nothing runs either.
    const cleared = count();
    coord.clearSelection('segment-pyramid');
    await all();
    expect(count()).toBe(cleared);
    expect((shown['pareto-curve'] as ParetoCurve).summary.n).toBe(20);
  });

  it('every group of every kind (tier, stage, quadrant) gives the general path\'s figures in every other widget', async () => {
    const { coord, clients, shown, all, general, pickOf } = await setup();
    const names = ANALYSES.map((a) => a.name);
    for (const name of ['segment-pyramid', 'lifecycle-funnel', 'profit-matrix'] as const) {
      const keys = candidateKeys(name, shown[name]);
      expect(keys.length).toBeGreaterThan(1);
      await coord.prefetch(name);
      for (const key of keys) {
        const c = pickOf(name, key);
        await coord.select({ client: name, predicate: c.predicate, kind: c.kind, label: name, basis: 'computed' });
        await all();
        for (const other of names.filter((x) => x !== name)) close(shown[other], await general(other, [c.predicate]), `${name} ${JSON.stringify(key)} → ${other}`);
      }
      coord.clearSelection(name);
      await all();
    }
    expect(clients).toBeDefined();
  });

  it('with two clauses in force, the prefetched results are those of both (the other clause kept), and a condition is never kept', async () => {
    const { coord, shown, all, general, pickOf, count } = await setup();
    const stage = pickOf('lifecycle-funnel', { key: 'core', compare: false });
    await coord.select({ client: 'lifecycle-funnel', predicate: stage.predicate, kind: stage.kind, label: 'core', basis: 'computed' });
    await all();
    // Core = c02, c06, c10, c14, c18 (190, 150, 110, 70, 30).
    expect((shown['pareto-curve'] as ParetoCurve).summary.total).toBe(550);
    await coord.prefetch('segment-pyramid');
    const before = count();
    const regular = pickOf('segment-pyramid', 'regular');
    await coord.select({ client: 'segment-pyramid', predicate: regular.predicate, kind: regular.kind, label: 'regular', basis: 'computed' });
    await all();
    expect(count()).toBe(before);
    // Core and regular (c05–c20): c06, c10, c14, c18 = 150 + 110 + 70 + 30 = 360.
    expect((shown['pareto-curve'] as ParetoCurve).summary.total).toBe(360);
    close(shown['pareto-curve'], await general('pareto-curve', [stage.predicate, regular.predicate]), 'pareto');
    close(shown['profit-matrix'], await general('profit-matrix', [stage.predicate, regular.predicate]), 'matrix');
    // The funnel's own filter is the tier alone.
    close(shown['lifecycle-funnel'], await general('lifecycle-funnel', [regular.predicate]), 'funnel');
    // A condition (revenue ≥ 100) is worked out and queried as before: the engine runs.
    const cond = count();
    await coord.select({ client: 'segment-pyramid', predicate: sql`revenue >= 100`, kind: 'condition', label: 'revenue ≥ 100', basis: 'condition' });
    await all();
    expect(count()).toBeGreaterThan(cond);
    // Core and revenue ≥ 100: c02, c06, c10 = 190 + 150 + 110 = 450.
    expect((shown['pareto-curve'] as ParetoCurve).summary.total).toBe(450);
  });

  it('a click without a pointer-enter (or a rank range) takes the general path and still gives its figures; a second click on the same group writes no table', async () => {
    const { coord, e, shown, all, general, pickOf, count } = await setup();
    const q = pickOf('profit-matrix', { quadrant: 'passive', splits: { xSplit: (shown['profit-matrix'] as ProfitMatrix).xSplit, ySplit: (shown['profit-matrix'] as ProfitMatrix).ySplit, profitSplit: (shown['profit-matrix'] as ProfitMatrix).profitSplit } });
    await coord.select({ client: 'profit-matrix', predicate: q.predicate, kind: q.kind, label: 'passive', basis: 'computed' });
    await all();
    for (const other of ['segment-pyramid', 'lifecycle-funnel', 'pareto-curve'] as const) close(shown[other], await general(other, [q.predicate]), other);
    coord.clearSelection('profit-matrix');
    await all();
    const again = count();
    await coord.select({ client: 'profit-matrix', predicate: q.predicate, kind: q.kind, label: 'passive', basis: 'computed' });
    await all();
    expect(count()).toBe(again);
    coord.clearSelection('profit-matrix');
    await all();
    // Ranks 1–5 of the curve (c01–c05: 200 + 190 + 180 + 170 + 160 = 900): not a group; worked out into a selection table.
    const r = (PARETO_CURVE.pick as (ds: Dataset, o: object, k: unknown, f: unknown) => { predicate: SelectionClause['predicate']; kind: string })(coord.dataset!, {}, { from: 1, to: 5 }, coord.filterFor('pareto-curve'));
    await coord.select({ client: 'pareto-curve', predicate: r.predicate, kind: r.kind, label: '1–5', basis: 'computed' });
    await all();
    expect((shown['profit-matrix'] as ProfitMatrix).totals.revenue).toBe(900);
    close(shown['segment-pyramid'], await general('segment-pyramid', [r.predicate]), 'pyramid');
    const tables = await queryRows<{ name: string }>(e, sql`SELECT table_name AS name FROM duckdb_tables() WHERE table_name LIKE ${coord.prefix + 'selection_%'} AND NOT table_name LIKE ${coord.prefix + 'selection_g%'}`);
    expect(tables.length).toBe(1);
  });

  it('beyond the row budget of kept group tables, a widget\'s groups are not written ahead and its clicks take the general path with the same figures', async () => {
    // Room for the 20 customers once: the pyramid's three tiers (1 + 3 + 16 rows) fit, the funnel's stages would pass 20.
    const { coord, e, shown, all, general, pickOf, count } = await setup({ maxGroupRows: 20 });
    const groupTables = async () =>
      (await queryRows<{ n: number }>(e, sql`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE ${coord.prefix + 'selection_g%'}`))[0].n;
    await coord.prefetch('segment-pyramid');
    expect(Number(await groupTables())).toBe(3);
    await coord.prefetch('lifecycle-funnel');
    expect(Number(await groupTables())).toBe(3);
    const stage = pickOf('lifecycle-funnel', { key: 'core', compare: false });
    const before = count();
    await coord.select({ client: 'lifecycle-funnel', predicate: stage.predicate, kind: stage.kind, label: 'core', basis: 'computed' });
    await all();
    expect(count()).toBeGreaterThan(before); // worked out now, not ahead
    // Core = c02, c06, c10, c14, c18 (190 + 150 + 110 + 70 + 30 = 550).
    expect((shown['pareto-curve'] as ParetoCurve).summary.total).toBe(550);
    for (const other of ['segment-pyramid', 'pareto-curve', 'profit-matrix'] as const) close(shown[other], await general(other, [stage.predicate]), other);
  });

  it('reads DuckDB\'s size text (its own memory limit included) in bytes', async () => {
    expect(byteSize('3.1 GiB')).toBeCloseTo(3.1 * 1024 ** 3, 0); // 3 328 599 654.4
    expect(byteSize('953.6 MiB')).toBeCloseTo(953.6 * 1024 ** 2, 0); // 999 923 302.4
    expect(byteSize('512.0 KB')).toBe(512_000);
    expect(byteSize('0 bytes')).toBe(0);
    expect(byteSize('unlimited')).toBeUndefined();
    // The engine's own text for a limit of 10^9 bytes: 953.6 MiB (1e9 / 1024² = 953.67, shown to one decimal).
    const e = await engine();
    const [{ before }] = await queryRows<{ before: string }>(e, sql`SELECT current_setting('memory_limit') AS before`);
    try {
      await e.exec(sql`SET memory_limit = '1000000000B'`);
      const [{ lim }] = await queryRows<{ lim: string }>(e, sql`SELECT current_setting('memory_limit') AS lim`);
      expect(Math.abs(byteSize(lim)! - 1e9)).toBeLessThan(1e9 * 0.001);
    } finally {
      await e.exec(sql`SET memory_limit = ${before}`);
    }
  });

  it('when the engine\'s memory in use plus a widget\'s groups would pass the share of its limit, its groups are not written ahead and its clicks take the general path with the same figures', async () => {
    // A share of 10⁻¹²: far below the memory in use (the tables of this data set alone are kilobytes), so no widget has room.
    const { coord, e, shown, general, pickOf, all, count, ds } = await setup({ groupMemoryShare: 1e-12 });
    const groupTables = async () =>
      Number((await queryRows<{ n: number }>(e, sql`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE ${coord.prefix + 'selection_g%'}`))[0].n);
    await coord.prefetch('lifecycle-funnel');
    await coord.prefetch('profit-matrix');
    expect(await groupTables()).toBe(0);
    const stage = pickOf('lifecycle-funnel', { key: 'core', compare: false });
    const before = count();
    await coord.select({ client: 'lifecycle-funnel', predicate: stage.predicate, kind: stage.kind, label: 'core', basis: 'computed' });
    await all();
    expect(count()).toBeGreaterThan(before); // worked out on the click
    // Core = c02, c06, c10, c14, c18 (190 + 150 + 110 + 70 + 30 = 550).
    expect((shown['pareto-curve'] as ParetoCurve).summary.total).toBe(550);
    for (const other of ['segment-pyramid', 'pareto-curve', 'profit-matrix'] as const) close(shown[other], await general(other, [stage.predicate]), other);
    // The default share (0.6 of the limit) has room for these 20 customers (20 × GROUP_ROW_BYTES bytes): the funnel's
    // four stages with customers (new, core, dozing, half-asleep: five each; none dormant) are kept, and a click on
    // one runs nothing in the engine.
    const roomy = await setup();
    await roomy.coord.prefetch('lifecycle-funnel');
    const kept = Number((await queryRows<{ n: number }>(roomy.e, sql`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE ${roomy.coord.prefix + 'selection_g%'}`))[0].n);
    expect(kept).toBe(4);
    expect(ds.customerCount * GROUP_ROW_BYTES).toBe(2000);
    const at = roomy.count();
    const core = roomy.pickOf('lifecycle-funnel', { key: 'core', compare: false });
    await roomy.coord.select({ client: 'lifecycle-funnel', predicate: core.predicate, kind: core.kind, label: 'core', basis: 'computed' });
    await roomy.all();
    expect(roomy.count()).toBe(at);
    for (const other of ['segment-pyramid', 'pareto-curve', 'profit-matrix'] as const) close(roomy.shown[other], await roomy.general(other, [core.predicate]), other);
  });

  it('other data forgets the kept results and drops the groups\' tables', async () => {
    const { coord, e, shown, all } = await setup();
    await coord.prefetch('segment-pyramid');
    const groups = async () => (await queryRows<{ name: string }>(e, sql`SELECT table_name AS name FROM duckdb_tables() WHERE table_name LIKE ${coord.prefix + 'selection_g%'}`)).length;
    expect(await groups()).toBe(3);
    coord.retire('new-data');
    await new Promise((r) => setTimeout(r, 50));
    expect(await groups()).toBe(0);
    expect((shown['segment-pyramid'] as PyramidView).customers).toBe(20);
    expect(all).toBeDefined();
  });
});
