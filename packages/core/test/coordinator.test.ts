import { describe, expect, it } from 'vitest';
import { engine } from './engine.js';
import {
  buildDataset,
  Coordinator,
  ident,
  kpiQuery,
  loadData,
  queryRows,
  runKpis,
  runSegmentPyramid,
  segmentPyramidQuery,
  selectedBy,
  selectedFacts,
  sql,
  tierPredicate,
  toFilter,
  type CoordinatorClient,
  type Dataset,
  type PyramidTier,
  type SelectionClause,
  type SQL,
  type Analysis,
  SEGMENT_PYRAMID,
  PARETO_CURVE,
  PROFIT_MATRIX,
  LIFECYCLE_FUNNEL,
  KPIS,
  CUSTOMER_LIST,
  TAGS,
  selectionTablePredicate,
} from '../src/index.js';
import { andFilters, filterTables } from '../src/filter.js';
import { IDLE_DROP_MS } from '../src/coordinator.js';

const pad = (i: number) => String(i).padStart(2, '0');
/** One order per customer on 2024-01-10, customer c<i> spending values[i - 1]. */
const oneOrderEach = (values: number[]) => values.map((amount, i) => ({ customer_id: `c${pad(i + 1)}`, order_date: '2024-01-10', amount }));
/** c01 = 200, c02 = 190, …, c20 = 10: total 2100. */
const twenty = Array.from({ length: 20 }, (_, i) => 200 - 10 * i);
/** c01 = 10, c02 = 20, …, c10 = 100: total 550. */
const ten = Array.from({ length: 10 }, (_, i) => 10 * (i + 1));
const pick = (tiers: PyramidTier[]) => tiers.map((t) => [t.tier, t.customers, t.value]);

let n = 0;
type SelectEvent = Parameters<NonNullable<ConstructorParameters<typeof Coordinator>[0]['onSelect']>>[0];

/** A coordinator on the test engine, loading rows as <crm-source> does (a new generation, then the data set adopted). */
async function setup() {
  const e = await engine();
  const prefix = `co${++n}_`;
  const events: SelectEvent[] = [];
  const errors: string[] = [];
  const coord = new Coordinator({ prefix, onSelect: (d) => events.push(d), onClauseError: (err) => errors.push(err.code) });
  coord.attach(e);
  let version = 0;
  const load = async (rows: Record<string, unknown>[]): Promise<Dataset> => {
    coord.retire('new-data');
    const tx = await loadData(e, rows, { kind: 'transactions', table: `${prefix}transactions` });
    const ds = await buildDataset(e, { id: prefix, transactions: tx.table, fields: tx.fields, version: ++version, cache: coord.cache });
    expect(await coord.adopt(ds)).toBe(true);
    return ds;
  };
  const tables = async (like: string) =>
    (await queryRows<{ name: string }>(e, sql`SELECT table_name AS name FROM duckdb_tables() WHERE starts_with(table_name, ${prefix + like}) ORDER BY 1`)).map((r) => r.name);
  const rows = async (table: string) => Number((await queryRows<{ n: number }>(e, sql`SELECT count(*)::INTEGER AS n FROM ${ident(table)}`))[0].n);
  return { e, prefix, coord, events, errors, load, tables, rows };
}

describe('Coordinator: generations', () => {
  it('refuses a clause worked out for an older generation (other data came first), and drops its table', async () => {
    const { coord, events, load, tables } = await setup();
    const ds = await load(oneOrderEach(twenty));
    const clause: SelectionClause = { client: 'pyramid', predicate: tierPredicate(ds, {}, 'gold'), label: 'Tier: gold', basis: 'computed', kind: 'tier' };
    const working = coord.select(clause);
    // Other data is coming before the clause's table is made.
    coord.retire('new-data');
    await working;
    expect(coord.selection.size).toBe(0);
    expect(coord.clauseOf('pyramid')).toBeUndefined();
    expect(await tables('selection_')).toEqual([]);
    const last = events.at(-1)!;
    expect(last.reason).toBe('new-data');
    expect(last.removed!.map((c) => c.client)).toEqual(['pyramid']);
    // The Selection itself refuses a clause of the old generation.
    expect(coord.selection.update({ ...clause, table: 'whatever' }, coord.selection.generation - 1)).toBe(false);
    expect(coord.selection.size).toBe(0);
  });

  it('works conditions out again on new data, takes computed clauses out, and never carries an old table over', async () => {
    const { coord, events, load, rows } = await setup();
    const ds1 = await load(oneOrderEach(twenty));
    await coord.select({ client: 'page', predicate: sql`revenue >= 50`, label: 'Revenue ≥ 50' });
    await coord.select({
      client: 'pyramid',
      predicate: tierPredicate(ds1, {}, 'gold'),
      label: 'Tier: gold',
      kind: 'tier',
      basis: 'condition',
      condition: { widget: 'segment-pyramid', options: {}, key: 'gold' },
    });
    await coord.select({ client: 'matrix', predicate: sql`customer_id = 'c02'`, label: 'c02', basis: 'computed', kind: 'quadrant' });
    // Twenty customers: revenue ≥ 50 → c01 … c16 (16); gold = ranks 2 … ⌈20 % × 20⌉ = 4 → c02, c03, c04 (3); the quadrant clause c02 (1).
    const first = Object.fromEntries(coord.selection.list().map((c) => [c.client, c.table!]));
    expect([await rows(first.page), await rows(first.pyramid), await rows(first.matrix)]).toEqual([16, 3, 1]);
    expect(Number((await queryRows<{ n: number }>(ds1.engine, sql`SELECT count(*)::INTEGER AS n FROM (${selectedFacts(ds1, coord.filterFor())})`))[0].n)).toBe(1);

    await load(oneOrderEach(ten));
    // Ten customers 10 … 100: revenue ≥ 50 → c05 … c10 (6); gold on the new data = rank 2 (⌈20 % × 10⌉ = 2) → c09 (1);
    // the quadrant (computed on the old data) is out, and the page was told so.
    expect(coord.selection.list().map((c) => c.client).sort()).toEqual(['page', 'pyramid']);
    const second = Object.fromEntries(coord.selection.list().map((c) => [c.client, c.table!]));
    expect([await rows(second.page), await rows(second.pyramid)]).toEqual([6, 1]);
    expect(second.page).not.toBe(first.page);
    expect(second.pyramid).not.toBe(first.pyramid);
    const retired = events.find((e) => e.reason === 'new-data' && e.removed?.length);
    expect(retired!.removed!.map((c) => c.client)).toEqual(['matrix']);
    expect(coord.clauseOf('matrix')).toBeUndefined();
  });
});

describe('Coordinator: the fast path reads clause tables, known from the filter as data', () => {
  it('taken: every clause has a table, and the figures equal the predicate path', async () => {
    const { coord, load } = await setup();
    const ds = await load(oneOrderEach(twenty));
    await coord.select({ client: 'page', predicate: sql`revenue <= 180`, label: 'Revenue ≤ 180' });
    const table = coord.selection.get('page')!.table!;
    const filter = coord.filterFor('pyramid');
    expect(filterTables(filter)).toEqual([table]);
    // The analyses read the clause table, not the per-customer table filtered by the predicate.
    expect(selectedFacts(ds, filter).text).toBe(`SELECT * FROM "${table}"`);
    expect(selectedBy(ds, filter).text).toBe(`(customer_id IN (SELECT customer_id FROM "${table}"))`);
    expect(segmentPyramidQuery(ds, {}, filter).text).toContain(`"${table}"`);
    expect(kpiQuery(ds, {}, filter).text).toContain(`"${table}"`);
    expect(kpiQuery(ds, {}, filter).text).not.toContain(`FROM "${ds.facts}" WHERE`);
    const slow = sql`revenue <= 180`;
    // c03 … c20: tiers cut over all twenty, gold keeps c03, c04 = 180 + 170 = 350; regular c05 … c20 = 1360.
    const fast = await runSegmentPyramid(ds, {}, filter);
    expect(pick(fast.tiers)).toEqual([
      ['diamond', 0, 0],
      ['gold', 2, 350],
      ['regular', 16, 1360],
    ]);
    expect(fast).toEqual(await runSegmentPyramid(ds, {}, slow));
    // KPIs (365 days to 2024-01-11): 18 customers, 18 orders, revenue 2100 − 200 − 190 = 1710.
    const k = await runKpis(ds, {}, filter);
    expect([k.current.customers, k.current.active, k.current.orders, k.current.revenue]).toEqual([18, 18, 18, 1710]);
    expect(k).toEqual(await runKpis(ds, {}, slow));
  });

  it('not taken: a clause without a table, or a filter mixed with a plain predicate, goes by the predicate, with the same figures', async () => {
    const { coord, load } = await setup();
    const ds = await load(oneOrderEach(twenty));
    await coord.select({ client: 'page', predicate: sql`revenue <= 180`, label: 'Revenue ≤ 180' });
    const withTable = coord.filterFor('pyramid');
    const noTable = toFilter([{ predicate: sql`revenue <= 180` }]);
    const mixed = andFilters(withTable, sql`orders >= 1`);
    const partly = toFilter([{ predicate: sql`revenue <= 180`, table: coord.selection.get('page')!.table }, { predicate: sql`orders >= 1` }]);
    for (const f of [noTable, mixed, partly]) {
      expect(filterTables(f)).toBeUndefined();
      expect(selectedFacts(ds, f).text).toContain(`FROM "${ds.facts}" WHERE`);
      expect(pick((await runSegmentPyramid(ds, {}, f)).tiers)).toEqual([
        ['diamond', 0, 0],
        ['gold', 2, 350],
        ['regular', 16, 1360],
      ]);
      const k = await runKpis(ds, {}, f);
      expect([k.current.customers, k.current.revenue]).toEqual([18, 1710]);
    }
    // A predicate that merely reads like a clause table is not taken for one.
    expect(filterTables(sql`customer_id IN (SELECT customer_id FROM ${ident(coord.selection.get('page')!.table!)})`)).toBeUndefined();
  });
});

describe('Coordinator: clients', () => {
  it('a client gets its filter and results; a result for data no longer in force is refused; disconnecting takes its clause out', async () => {
    const { coord, load, tables } = await setup();
    await load(oneOrderEach(twenty));
    const stale: string[] = [];
    const results: number[] = [];
    const count = (ds: Dataset, filter: SQL) => queryRows<{ n: number }>(ds.engine, sql`SELECT count(*)::INTEGER AS n FROM (${selectedFacts(ds, filter)})`).then((r) => Number(r[0].n));
    const list: CoordinatorClient<number> = { clientId: 'list', query: (ds, f) => count(ds, f), queryResult: (v) => results.push(v), queryStale: (why) => stale.push(why) };
    const chart: CoordinatorClient<number> = { clientId: 'chart', query: (ds, f) => count(ds, f) };
    coord.connect(list);
    coord.connect(chart);
    const signal = new AbortController().signal;
    expect(await coord.requestQuery(list, signal)).toBe(20);
    await coord.select({ client: 'chart', predicate: sql`revenue <= 100`, label: 'Revenue ≤ 100' });
    expect(stale).toContain('filter');
    // c11 … c20: the chart's clause filters the list, not the chart itself.
    expect(await coord.requestQuery(list, signal)).toBe(10);
    expect(await coord.requestQuery(chart, signal)).toBe(20);
    expect(results).toEqual([20, 10]);
    expect(coord.filterKey('chart')).toBe('TRUE');
    // The chart leaves: its clause goes, and its table with it.
    coord.disconnect(chart);
    expect(coord.selection.size).toBe(0);
    expect(coord.clauseOf('chart')).toBeUndefined();
    // Its table leaves the engine once nothing of the source runs (IDLE_DROP_MS of quiet).
    await new Promise((r) => setTimeout(r, IDLE_DROP_MS + 100));
    expect(await tables('selection_')).toEqual([]);
    expect(await coord.requestQuery(chart, signal)).toBeUndefined();
    expect(await coord.requestQuery(list, signal)).toBe(20);
    // Other data comes while the list's query runs: its result is refused.
    stale.length = 0;
    const running = coord.requestQuery(list, signal);
    coord.retire('new-data');
    expect(await running).toBeUndefined();
    expect(stale).toContain('data');
    expect(results).toEqual([20, 10, 20]);
  });

  it('teardown takes every clause out and drops every table of the prefix', async () => {
    const { coord, load, tables, events } = await setup();
    await load(oneOrderEach(twenty));
    await coord.select({ client: 'page', predicate: sql`revenue >= 100`, label: 'Revenue ≥ 100' });
    expect((await tables('')).length).toBeGreaterThan(1);
    coord.teardown();
    await coord.settled();
    expect(await tables('')).toEqual([]);
    expect(coord.selection.size).toBe(0);
    expect(events.at(-1)).toMatchObject({ reason: 'source-removed' });
    expect(coord.dataset).toBeUndefined();
  });
});

describe('Coordinator: clause tables given up are dropped when the engine is quiet', () => {
  /** A coordinator whose engine records every statement sent to it, in order. */
  async function traced() {
    const base = await engine();
    const log: string[] = [];
    const e = new Proxy(base, {
      get(target, prop) {
        if (prop === 'exec' || prop === 'query') return (q: SQL | string) => (log.push(String(q)), target[prop](q));
        const v = Reflect.get(target, prop) as unknown;
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const prefix = `dq${++n}_`;
    const coord = new Coordinator({ prefix });
    coord.attach(e);
    const load = async () => {
      coord.retire('new-data');
      const tx = await loadData(e, oneOrderEach(twenty), { kind: 'transactions', table: `${prefix}transactions` });
      const ds = await buildDataset(e, { id: prefix, transactions: tx.table, fields: tx.fields, cache: coord.cache });
      expect(await coord.adopt(ds)).toBe(true);
    };
    const tables = async () =>
      (await queryRows<{ name: string }>(base, sql`SELECT table_name AS name FROM duckdb_tables() WHERE starts_with(table_name, ${prefix + 'selection_'}) ORDER BY 1`)).map((r) => r.name);
    // A widget that counts its filter's customers (c01 = 200 … c20 = 10).
    const count = (ds: Dataset, f: SQL) => queryRows<{ n: number }>(ds.engine, sql`SELECT count(*)::INTEGER AS n FROM (${selectedFacts(ds, f)})`).then((r) => Number(r[0].n));
    const list: CoordinatorClient<number> = { clientId: 'list', query: (ds, f) => count(ds, f) };
    coord.connect(list);
    coord.connect({ clientId: 'chart' });
    return { coord, log, load, tables, list, prefix };
  }
  const signal = new AbortController().signal;
  const drops = (log: string[]) => log.filter((q) => /^\s*DROP\b/i.test(q));

  it('a click right after a clear sends no DROP before its own work; the cleared table goes once the engine is quiet', async () => {
    const { coord, log, load, tables, list, prefix } = await traced();
    await load();
    await coord.select({ client: 'chart', predicate: sql`revenue >= 100`, label: 'Revenue ≥ 100' });
    // c01 … c11 (200 … 100): 11 customers.
    expect(await coord.requestQuery(list, signal)).toBe(11);
    const [first] = await tables();
    expect(first).toBeDefined();
    log.length = 0;
    // Cleared, then at once another click: revenue ≤ 50 is c16 … c20 (50 … 10), 5 customers.
    coord.clearSelection('chart');
    const click = coord.select({ client: 'chart', predicate: sql`revenue <= 50`, label: 'Revenue ≤ 50' });
    await click;
    expect(await coord.requestQuery(list, signal)).toBe(5);
    expect(drops(log)).toEqual([]);
    const made = log.findIndex((q) => q.includes('CREATE OR REPLACE TABLE') && q.includes('revenue <= 50'));
    expect(made).toBeGreaterThanOrEqual(0);
    // The cleared table is still there while the click works, then goes in the quiet after it.
    expect(await tables()).toContain(first);
    await new Promise((r) => setTimeout(r, IDLE_DROP_MS + 150));
    const second = (await tables()).filter((t) => t !== first);
    expect(await tables()).toEqual(second);
    expect(second).toHaveLength(1);
    const dropAt = log.findIndex((q) => /^\s*DROP\b/i.test(q) && q.includes(first));
    expect(dropAt).toBeGreaterThan(made);
    expect(coord.selection.list().map((c) => c.table)).toEqual(second);
    expect(second[0].startsWith(`${prefix}selection_`)).toBe(true);
  });

  it('no drop while a query of the source runs; a load change and the source leaving drop every table at once', async () => {
    const { coord, log, load, tables, list, prefix } = await traced();
    await load();
    await coord.select({ client: 'chart', predicate: sql`revenue >= 100`, label: 'Revenue ≥ 100' });
    const [a] = await tables();
    // Replaced twice: the first table is given up (two are kept for queries still reading the previous one).
    await coord.select({ client: 'chart', predicate: sql`revenue >= 150`, label: 'Revenue ≥ 150' });
    await coord.select({ client: 'chart', predicate: sql`revenue >= 180`, label: 'Revenue ≥ 180' });
    // c01 … c03 (200, 190, 180).
    expect(await coord.requestQuery(list, signal)).toBe(3);
    // A query of the source keeps running past the quiet time: nothing is dropped meanwhile.
    let release!: () => void;
    const slow: CoordinatorClient<number> = { clientId: 'slow', query: () => new Promise<number>((r) => (release = () => r(0))) };
    coord.connect(slow);
    log.length = 0;
    const running = coord.requestQuery(slow, signal);
    await new Promise((r) => setTimeout(r, IDLE_DROP_MS + 150));
    expect(drops(log)).toEqual([]);
    expect(await tables()).toContain(a);
    // Other data comes while it runs: every table of the old data goes at once, the waiting one too.
    coord.clearSelection('chart');
    coord.retire('new-data');
    await coord.dropped();
    expect(await tables()).toEqual([]);
    expect(drops(log).length).toBeGreaterThan(0);
    release();
    expect(await running).toBeUndefined();
    // New data, a selection, cleared: then the source leaves the page before any quiet moment.
    await load();
    await coord.select({ client: 'chart', predicate: sql`revenue >= 100`, label: 'Revenue ≥ 100' });
    expect(await tables()).toHaveLength(1);
    coord.clearSelection();
    coord.teardown();
    await coord.settled();
    await coord.dropped();
    expect(await tables()).toEqual([]);
    const left = await queryRows<{ n: number }>(await engine(), sql`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE starts_with(table_name, ${prefix})`);
    expect(Number(left[0].n)).toBe(0);
  });
});

describe('Coordinator: every analysis takes the fast path from the filter it is given', () => {
  it('reads the clause table (never the per-customer table filtered by it), with the figures of the predicate path (pyramid, Pareto, matrix, lifecycle, KPIs, list, tags)', async () => {
    const { coord, load } = await setup();
    // Twenty customers; c01 … c10 order twice (the second order half the first, 30 days later), with a cost of 40 % of each amount.
    const rows = oneOrderEach(twenty).flatMap((r, i) => [
      { ...r, order_id: `o${i}a`, cost: r.amount * 0.4 },
      ...(i < 10 ? [{ ...r, order_id: `o${i}b`, order_date: '2024-02-09', amount: r.amount / 2, cost: r.amount * 0.2 }] : []),
    ]);
    const ds = await load(rows);
    await coord.select({ client: 'page', predicate: sql`revenue <= 180`, label: 'Revenue ≤ 180' });
    const table = coord.selection.get('page')!.table!;
    const fast = coord.filterFor('analysis');
    expect(filterTables(fast)).toEqual([table]);
    const slow = sql`revenue <= 180`;
    // The statements an analysis sends, through a recording engine (and a data set without the cache: every query inline).
    const sent: string[] = [];
    const record = (q: SQL | string) => sent.push(typeof q === 'string' ? q : q.text);
    const engine = Object.create(ds.engine, {
      query: { value: (q: SQL | string) => (record(q), ds.engine.query(q)) },
      exec: { value: (q: SQL | string) => (record(q), ds.engine.exec(q)) },
    });
    const seen: Dataset = { ...ds, engine, cache: undefined };
    // The predicate path's shapes (`selectedBy` / `selectedFacts` without tables): the customers, or the rows, of the
    // per-customer table where the filter holds — here a second semi-join on top of the clause table's.
    const slowShape = new RegExp(`SELECT (customer_id|\\*) FROM "${ds.facts}"(\\s+\\w+)?\\s+WHERE\\s+\\(customer_id IN \\(SELECT customer_id FROM "${table}"\\)\\)`);
    expect(slowShape.test(selectedBy(ds, toFilter([{ predicate: selectionTablePredicate(table) }])).text)).toBe(true);
    const analyses = { SEGMENT_PYRAMID, PARETO_CURVE, PROFIT_MATRIX, LIFECYCLE_FUNNEL, KPIS, CUSTOMER_LIST, TAGS };
    for (const [name, a] of Object.entries(analyses)) {
      sent.length = 0;
      const viaTable = await (a as Analysis).run(seen, {}, fast);
      expect(sent.some((s) => s.includes(`"${table}"`)), `${name} reads the clause table`).toBe(true);
      expect(sent.filter((s) => slowShape.test(s)), `${name} filters the per-customer table by it`).toEqual([]);
      expect(viaTable, `${name}: same figures by the predicate`).toEqual(await (a as Analysis).run(seen, {}, slow));
    }
  });
});
