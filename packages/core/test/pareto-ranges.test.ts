import { describe, expect, it } from 'vitest';
import { engine } from './engine.js';
import { queryRows, sql, toFilter, type CoordinatorClient, type Engine } from '../src/index.js';
import { cachedTables } from '../src/cache.js';
import { lit, raw, type SQL } from '../src/sql.js';
import { KEEP_RANKS_AT_DRAW, keepParetoRanks, paretoRangePredicate, paretoSettings, runParetoCurve } from '../src/metrics/pareto-curve.js';
import { MAX_AHEAD_TABLES } from '../src/prefetch.js';
import type { ProfitMatrix } from '../src/metrics/profit-matrix.js';
import type { PyramidView } from '../src/analyses/segment-pyramid.js';
import { coordinated, type Name } from './coordinated.js';
import { close } from './planted.js';

/**
 * Eight customers, one order each on 2024-06-01 (cost 1 each), revenue with ties:
 *   c01 50, c02 80, c03 80, c04 20, c05 80, c06 10, c07 35, c08 20 (total 375).
 * Ranks (revenue descending, ties by customer_id): c02 1, c03 2, c05 3, c01 4, c07 5, c04 6, c08 7, c06 8.
 */
const REVENUE: Record<string, number> = { c01: 50, c02: 80, c03: 80, c04: 20, c05: 80, c06: 10, c07: 35, c08: 20 };
const RANKED = ['c02', 'c03', 'c05', 'c01', 'c07', 'c04', 'c08', 'c06'];
const rows = () => Object.entries(REVENUE).map(([customer_id, amount]) => ({ customer_id, order_id: `${customer_id}a`, order_date: '2024-06-01', amount, cost: 1 }));

/** The customers of ranks from..to, as a plain SQL filter written from the list above (not from crmkit's ranking). */
const plain = (from: number, to: number): SQL => sql`customer_id IN (${raw(RANKED.slice(from - 1, to).map((id) => lit(id).text).join(', '))})`;

let n = 0;
async function setup() {
  const base = await engine();
  // Every statement sent from here on, counted and kept; `ordered` is what the engine says of its order (`inOrder`).
  let statements = 0;
  const log: string[] = [];
  const order = { ordered: true };
  const e = new Proxy(base, {
    get(t, p) {
      if (p === 'inOrder') return order.ordered;
      const v = Reflect.get(t, p, t) as unknown;
      if (p === 'query' || p === 'exec') return (...a: unknown[]) => (statements++, log.push(String(a[0])), (v as (...x: unknown[]) => unknown).apply(t, a));
      return typeof v === 'function' ? v.bind(t) : v;
    },
  }) as Engine;
  const prefix = `pr${++n}_`;
  // One client per analysis, offering no groups ahead.
  const { coord, ds, shown, clients, all, general: generalOf, pickOf } = await coordinated(e, rows(), prefix, {}, { candidates: false });
  const general = (name: Name, predicate: SQL) => generalOf(name, [predicate]);
  const range = (from: number, to: number) => pickOf('pareto-curve', { from, to });
  const tables = async () => (await queryRows<{ name: string }>(base, sql`SELECT table_name AS name FROM duckdb_tables() WHERE starts_with(table_name, ${prefix}) ORDER BY 1`)).map((r) => r.name);
  // Statements ranking every customer with ties by customer_id (what the kept ranks and an inline range run).
  const rankings = () => log.filter((q) => q.includes('WINDOW w AS (ORDER BY value DESC, customer_id ASC)')).length;
  return { e, ds, coord, shown, all, general, range, tables, prefix, count: () => statements, rankings, order, clients };
}

describe('ranks kept per load (keepParetoRanks)', () => {
  it('a range reads the ranks kept once the curve has run: the same customers (ties by customer_id), ranked once', async () => {
    const { ds, count, prefix, order } = await setup();
    const s = paretoSettings(ds);
    const customers = async (p: SQL) => (await queryRows<{ id: string }>(ds.engine, sql`SELECT customer_id AS id FROM ${raw(`"${ds.facts}"`)} WHERE ${p} ORDER BY 1`)).map((r) => r.id);
    // Before any curve, on an engine that does not promise statements in order: ranked inline.
    order.ordered = false;
    const inline = paretoRangePredicate(ds, s, 2, 6);
    expect(inline.text).not.toContain('_pareto_');
    order.ordered = true;
    // Ranks 2..6: c03, c05, c01, c07, c04.
    expect(await customers(inline)).toEqual(['c01', 'c03', 'c04', 'c05', 'c07']);
    await runParetoCurve(ds);
    await keepParetoRanks(ds, s);
    const kept = cachedTables(ds).filter((t) => t.startsWith(`${prefix}cache`) && t.includes('_pareto_'));
    expect(kept).toHaveLength(1);
    const ranks = await queryRows<{ customer_id: string; rank: number }>(ds.engine, sql`SELECT customer_id, rank FROM ${raw(`"${kept[0]}"`)} ORDER BY rank`);
    expect(ranks.map((r) => [r.customer_id, Number(r.rank)])).toEqual(RANKED.map((id, i) => [id, i + 1]));
    // Asked again (another curve, a condition): nothing more is ranked.
    const before = count();
    await keepParetoRanks(ds, s);
    expect(count()).toBe(before);
    const read = paretoRangePredicate(ds, s, 2, 6);
    expect(read.text).toContain(kept[0]);
    expect(await customers(read)).toEqual(['c01', 'c03', 'c04', 'c05', 'c07']);
    // Ties at the edges: ranks 3..3 is c05 alone (c02, c03 and c05 all spend 80); 6..7 is c04 and c08 (20 each).
    expect(await customers(paretoRangePredicate(ds, s, 3, 3))).toEqual(['c05']);
    expect(await customers(paretoRangePredicate(ds, s, 6, 7))).toEqual(['c04', 'c08']);
    // Profit ranks are other ranks: not read from the revenue's table.
    expect(paretoRangePredicate(ds, paretoSettings(ds, { by: 'profit' }), 1, 2).text).not.toContain(kept[0]);
    // Ranks among another widget's selection are ranked inline, among those customers (c01, c04, c06: 50, 20, 10).
    const within = paretoSettings(ds, {}, toFilter([{ predicate: sql`customer_id IN ('c01', 'c04', 'c06')` }]));
    const p = paretoRangePredicate(ds, within, 2, 3);
    expect(p.text).not.toContain(kept[0]);
    expect(await customers(p)).toEqual(['c04', 'c06']);
  });
});

describe('ranks of a big load', () => {
  it('are not ranked when the curve draws but when a range is first chosen; that range reads the table it starts (everyone ranked once)', async () => {
    const { ds, prefix, rankings } = await setup();
    // As if the load had more customers than KEEP_RANKS_AT_DRAW (the figures below do not use the count).
    (ds as { customerCount: number }).customerCount = KEEP_RANKS_AT_DRAW + 1;
    const s = paretoSettings(ds);
    const kept = () => cachedTables(ds).filter((t) => t.startsWith(`${prefix}cache`) && t.includes('_pareto_'));
    await runParetoCurve(ds);
    await new Promise((r) => setTimeout(r, 20));
    expect(kept()).toEqual([]);
    const before = rankings();
    // The first range sends the ranking of everyone and reads its table (sent after it: the engine runs in order).
    const first = paretoRangePredicate(ds, s, 1, 3);
    expect(rankings()).toBe(before + 1);
    expect(first.text).toContain('_pareto_');
    const ids = async (p: SQL) => (await queryRows<{ id: string }>(ds.engine, sql`SELECT customer_id AS id FROM ${raw(`"${ds.facts}"`)} WHERE ${p} ORDER BY 1`)).map((r) => r.id);
    // Ranks 1..3: c02, c03, c05 (80 each, ties by customer_id); ranks 4..5: c01 (50), c07 (35).
    expect(await ids(first)).toEqual(['c02', 'c03', 'c05']);
    await keepParetoRanks(ds, s);
    expect(kept()).toHaveLength(1);
    expect(first.text).toContain(kept()[0]);
    const next = paretoRangePredicate(ds, s, 4, 5);
    expect(next.text).toContain(kept()[0]);
    expect(await ids(next)).toEqual(['c01', 'c07']);
    // Neither range ranked inline: the one ranking sent was the kept table's.
    expect(rankings()).toBe(before + 1);
    expect(first.text).not.toContain('row_number()');
  });

  it('on an engine that does not promise statements in order, the first range ranks inline and the next reads the kept ranks, the same customers', async () => {
    const { ds, prefix, order } = await setup();
    order.ordered = false;
    (ds as { customerCount: number }).customerCount = KEEP_RANKS_AT_DRAW + 1;
    const s = paretoSettings(ds);
    await runParetoCurve(ds);
    const first = paretoRangePredicate(ds, s, 1, 3);
    expect(first.text).not.toContain('_pareto_');
    await keepParetoRanks(ds, s);
    const kept = cachedTables(ds).filter((t) => t.startsWith(`${prefix}cache`) && t.includes('_pareto_'));
    expect(kept).toHaveLength(1);
    const next = paretoRangePredicate(ds, s, 1, 3);
    expect(next.text).toContain(kept[0]);
    // Ranks 1..3 either way: c02, c03, c05 (80 each, ties by customer_id).
    for (const p of [first, next]) {
      const ids = await queryRows<{ id: string }>(ds.engine, sql`SELECT customer_id AS id FROM ${raw(`"${ds.facts}"`)} WHERE ${p} ORDER BY 1`);
      expect(ids.map((r) => r.id)).toEqual(['c02', 'c03', 'c05']);
    }
  });
});

describe('a range worked out while it is dragged (Coordinator.prefetchClause)', () => {
  it('the release sends no statement and every other widget shows the figures of a plain filter on those customers', async () => {
    const { coord, shown, all, general, range, count, tables, prefix } = await setup();
    await all();
    await keepParetoRanks(coord.dataset!, paretoSettings(coord.dataset!));
    const r = range(2, 6);
    expect(r.kind).toBe('rank-range');
    await coord.prefetchClause('pareto-curve', r);
    expect((await tables()).filter((t) => t.startsWith(`${prefix}selection_a`))).toHaveLength(1);
    const before = count();
    await coord.select({ client: 'pareto-curve', predicate: r.predicate, kind: r.kind, label: 'ranks 2–6', basis: 'computed' });
    await all();
    expect(count()).toBe(before);
    // The selection took the table made ahead (the kept ones are none now).
    expect(coord.selection.list()[0].table).toMatch(new RegExp(`^${prefix}selection_a`));
    // c03, c05, c01, c07, c04: 80 + 80 + 50 + 35 + 20 = 265 of revenue, cost 1 each.
    const m = shown['profit-matrix'] as ProfitMatrix;
    expect([m.n, m.totals.revenue, m.totals.cost]).toEqual([5, 265, 5]);
    expect((shown['segment-pyramid'] as PyramidView).rows.reduce((t, x) => t + x.customers, 0)).toBe(5);
    for (const name of ['segment-pyramid', 'lifecycle-funnel', 'profit-matrix'] as const) close(shown[name], await general(name, plain(2, 6)), name);
    coord.clearSelection();
    await all();
  });

  it('of ranges asked for while one runs only the latest runs; a release elsewhere takes the general path; other data drops the kept tables', async () => {
    const { coord, shown, all, general, range, count, tables, prefix } = await setup();
    await all();
    await keepParetoRanks(coord.dataset!, paretoSettings(coord.dataset!));
    const [a, b, c] = [range(1, 2), range(1, 3), range(4, 8)];
    void coord.prefetchClause('pareto-curve', a);
    void coord.prefetchClause('pareto-curve', b);
    void coord.prefetchClause('pareto-curve', c);
    await coord.prefetched();
    expect((await tables()).filter((t) => t.startsWith(`${prefix}selection_a`))).toHaveLength(1);
    let before = count();
    await coord.select({ client: 'pareto-curve', predicate: c.predicate, kind: c.kind, label: 'ranks 4–8', basis: 'computed' });
    await all();
    expect(count()).toBe(before);
    for (const name of ['segment-pyramid', 'lifecycle-funnel', 'profit-matrix'] as const) close(shown[name], await general(name, plain(4, 8)), `4–8 ${name}`);
    // Released on 1..3 (worked out ahead was skipped): made on the release, same figures as the plain filter.
    before = count();
    await coord.select({ client: 'pareto-curve', predicate: b.predicate, kind: b.kind, label: 'ranks 1–3', basis: 'computed' });
    await all();
    expect(count()).toBeGreaterThan(before);
    for (const name of ['segment-pyramid', 'lifecycle-funnel', 'profit-matrix'] as const) close(shown[name], await general(name, plain(1, 3)), `1–3 ${name}`);
    // At most MAX_AHEAD_TABLES kept at once, the oldest dropped.
    coord.clearSelection();
    for (const [f, t] of [[1, 4], [2, 5], [3, 6], [4, 7]]) await coord.prefetchClause('pareto-curve', range(f, t));
    // The ones pushed out leave the engine once nothing of the source runs.
    await coord.dropped();
    expect((await tables()).filter((t) => t.startsWith(`${prefix}selection_a`))).toHaveLength(MAX_AHEAD_TABLES);
    coord.retire('new-data');
    await new Promise((res) => setTimeout(res, 50));
    expect((await tables()).filter((t) => t.startsWith(`${prefix}selection_a`))).toEqual([]);
  });
});

describe('fast drags: a look-ahead the range moved on from stops, a selection does not wait for look-aheads', () => {
  it('stops after its statement in flight, skips the waiting ones on a selection, and the selection shows its own figures', async () => {
    const { coord, shown, all, general, range, clients } = await setup();
    await all();
    await keepParetoRanks(coord.dataset!, paretoSettings(coord.dataset!));
    // A client first in line whose look-ahead query waits until the gate opens; the analyses after it, their asks recorded.
    let gateCalls = 0;
    let open!: () => void;
    let gate = new Promise<void>((r) => (open = r));
    const gateClient: CoordinatorClient<number> = { clientId: 'gate', query: async () => (gateCalls++, await gate, 0), queryKey: () => 'gate' };
    const asked: string[] = [];
    for (const c of Object.values(clients)) coord.disconnect(c);
    coord.connect(gateClient);
    for (const c of Object.values(clients)) {
      const q = c.query!;
      c.query = (d, f, sig) => (asked.push(c.clientId), q(d, f, sig));
      coord.connect(c);
    }
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 400 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
      expect(ok()).toBe(true);
    };

    // Ranks 1..2 being worked out (held at the gate), the range moves on to 4..8: 1..2 asks nothing more.
    void coord.prefetchClause('pareto-curve', range(1, 2));
    await until(() => gateCalls === 1);
    void coord.prefetchClause('pareto-curve', range(4, 8));
    open();
    await coord.prefetched();
    // Only 4..8's: the pyramid, the funnel and the matrix (the curve's own result does not depend on its range).
    expect(asked.sort()).toEqual(['lifecycle-funnel', 'profit-matrix', 'segment-pyramid']);
    expect(gateCalls).toBe(2);

    // Again: 2..6 held at the gate, 3..7 asked (waiting), then 1..3 selected. The selection is done before the gate
    // opens (it waited for neither), 2..6 stops, 3..7 never runs.
    asked.length = 0;
    gateCalls = 0;
    gate = new Promise<void>((r) => (open = r));
    void coord.prefetchClause('pareto-curve', range(2, 6));
    await until(() => gateCalls === 1);
    void coord.prefetchClause('pareto-curve', range(3, 7));
    const sel = range(1, 3);
    let gateOpen = false;
    await coord.select({ client: 'pareto-curve', predicate: sel.predicate, kind: sel.kind, label: 'ranks 1–3', basis: 'computed' });
    expect(gateOpen).toBe(false);
    expect(coord.selection.list().map((c) => c.predicate.text)).toEqual([sel.predicate.text]);
    gateOpen = true;
    open();
    await coord.prefetched();
    expect(asked).toEqual([]);
    expect(gateCalls).toBe(1);
    // Ranks 1..3: c02, c03, c05 (80 each): every other widget equals its analysis over a plain filter of them.
    await all();
    const m = shown['profit-matrix'] as ProfitMatrix;
    expect([m.n, m.totals.revenue]).toEqual([3, 240]);
    for (const name of ['segment-pyramid', 'lifecycle-funnel', 'profit-matrix'] as const) close(shown[name], await general(name, plain(1, 3)), `1–3 ${name}`);
    coord.clearSelection();
  });
});
