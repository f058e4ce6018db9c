import { describe, expect, it } from 'vitest';
import { dataset, engine } from './engine.js';
import {
  buildDataset,
  ident,
  loadData,
  queryRows,
  runLifecycleFunnel,
  runParetoCurve,
  runProfitMatrix,
  runRfm,
  runSegmentPyramid,
  segmentPyramidQuery,
  selectedFacts,
  selectedBy,
  selectionTablePredicate,
  sql,
  toFilter,
  DatasetCache,
  tierPredicate,
  and,
  type Dataset,
  type PyramidTier,
} from '../src/index.js';
import { cachedTables, dropCaches, MAX_CACHED_TABLES } from '../src/cache.js';
import { andFilters, filterTables } from '../src/filter.js';

const pad = (i: number) => String(i).padStart(2, '0');
/** One order per customer, customer c<i> spending values[i - 1]. */
const oneOrderEach = (values: number[], date = '2024-01-10') => values.map((amount, i) => ({ customer_id: `c${pad(i + 1)}`, order_date: date, amount }));
/** c01 = 200, c02 = 190, …, c20 = 10: total 2100. */
const twenty = Array.from({ length: 20 }, (_, i) => 200 - 10 * i);
/** c01 = 10, c02 = 20, …, c10 = 100: total 550. */
const ten = Array.from({ length: 10 }, (_, i) => 10 * (i + 1));

const pick = (tiers: PyramidTier[]) => tiers.map((t) => [t.tier, t.customers, t.value]);
const tablesOf = async (prefix: string) =>
  (await queryRows<{ name: string }>(await engine(), sql`SELECT table_name AS name FROM duckdb_tables() WHERE starts_with(table_name, ${prefix}) ORDER BY 1`)).map((r) => r.name);

let n = 0;
const caches = new Map<string, DatasetCache>();
/** Load `rows` under one prefix, as <crm-source> does on every (re)load of its data (through its coordinator's one cache). */
async function load(id: string, rows: Record<string, unknown>[], version: number): Promise<Dataset> {
  const e = await engine();
  const tx = await loadData(e, rows, { kind: 'transactions', table: `${id}transactions` });
  if (!caches.has(id)) caches.set(id, new DatasetCache(e, id));
  return buildDataset(e, { id, transactions: tx.table, fields: tx.fields, version, cache: caches.get(id) });
}

describe('cached per-customer assignments', () => {
  it('a run caches the tiers once; a filtered run groups the cached table and counts the same', async () => {
    const ds = await dataset(oneOrderEach(twenty));
    expect(cachedTables(ds)).toEqual([]);
    const all = await runSegmentPyramid(ds);
    const [table] = cachedTables(ds);
    expect(cachedTables(ds)).toHaveLength(1);
    expect(table).toMatch(new RegExp(`^${ds.id}cache\\d+_pyramid_[0-9a-f]{16}$`));
    // The table is the assignment: 1 diamond (c01), 3 gold (c02–c04), 16 regular.
    const rows = await queryRows<{ tier: string; n: number }>(ds.engine, sql`SELECT tier, count(*)::INTEGER AS n FROM ${ident(table)} GROUP BY 1 ORDER BY 1`);
    expect(rows).toEqual([
      { tier: 'diamond', n: 1 },
      { tier: 'gold', n: 3 },
      { tier: 'regular', n: 16 },
    ]);
    expect(pick(all.tiers)).toEqual([
      ['diamond', 1, 200],
      ['gold', 3, 540],
      ['regular', 16, 1360],
    ]);
    // Filtered: customers with revenue ≤ 180 (c03 … c20). Tiers stay as cut over all 20:
    // gold keeps c03, c04 = 180 + 170 = 350; regular 1360; no diamond.
    const filter = sql`revenue <= 180`;
    expect(segmentPyramidQuery(ds, {}, filter).text).toContain(table);
    const some = await runSegmentPyramid(ds, {}, filter);
    expect(pick(some.tiers)).toEqual([
      ['diamond', 0, 0],
      ['gold', 2, 350],
      ['regular', 16, 1360],
    ]);
    // Still one table: the second run reused it.
    expect(cachedTables(ds)).toEqual([table]);
    // A selection predicate built now reads the cached table too.
    expect(tierPredicate(ds, {}, 'gold').text).toContain(table);
  });

  it('another option set is another table, each with its own numbers', async () => {
    const ds = await dataset(oneOrderEach(twenty));
    await runSegmentPyramid(ds);
    // top:50,rest → k ≤ 10: c01 … c10 = 200 + … + 110 = 1550; rest c11 … c20 = 100 + … + 10 = 550.
    const half = await runSegmentPyramid(ds, { tiers: 'top:50,rest' });
    expect(pick(half.tiers)).toEqual([
      ['top', 10, 1550],
      ['rest', 10, 550],
    ]);
    expect(cachedTables(ds)).toHaveLength(2);
    // The default tiers are still right (their table was not overwritten by the other option set).
    expect(pick((await runSegmentPyramid(ds)).tiers)).toEqual([
      ['diamond', 1, 200],
      ['gold', 3, 540],
      ['regular', 16, 1360],
    ]);
    // RFM and lifecycle cache their own tables as well.
    await runRfm(ds);
    await runLifecycleFunnel(ds);
    const kinds = cachedTables(ds).map((t) => t.replace(/^.*cache\d+_/, '').replace(/_[0-9a-f]{16}$/, ''));
    expect(kinds.sort()).toEqual(['lifecycle', 'pyramid', 'pyramid', 'rfm']);
  });

  it('keeps at most MAX_CACHED_TABLES tables, dropping the least recently used', async () => {
    const ds = await dataset(oneOrderEach(twenty));
    // top:<p>,rest for p = 5, 10, …: k ≤ p % × 20 = p / 5 customers in top, so top = c01 … c(p/5).
    const opts = Array.from({ length: MAX_CACHED_TABLES + 1 }, (_, i) => ({ tiers: `top:${5 * (i + 1)},rest` }));
    const first = await runSegmentPyramid(ds, opts[0]);
    expect(pick(first.tiers)).toEqual([
      ['top', 1, 200],
      ['rest', 19, 1900],
    ]);
    const firstTable = cachedTables(ds)[0];
    for (const o of opts.slice(1)) await runSegmentPyramid(ds, o);
    expect(cachedTables(ds)).toHaveLength(MAX_CACHED_TABLES);
    expect(cachedTables(ds)).not.toContain(firstTable);
    expect(await tablesOf(firstTable)).toEqual([]);
    // The dropped option set comes back: built again, same numbers.
    expect(pick((await runSegmentPyramid(ds, opts[0])).tiers)).toEqual(pick(first.tiers));
    expect(cachedTables(ds)).toHaveLength(MAX_CACHED_TABLES);
    // top:65 → 13 customers: 200 + … + 80 = 10 × (20 + … + 8) = 1820.
    expect(pick((await runSegmentPyramid(ds, opts[12])).tiers)).toEqual([
      ['top', 13, 1820],
      ['rest', 7, 280],
    ]);
  });

  it('a reload with other data drops the old tables and tiers the new data', async () => {
    const id = `rl${++n}_`;
    const v1 = await load(id, oneOrderEach(twenty), 1);
    await runSegmentPyramid(v1);
    const old = cachedTables(v1);
    expect(old).toHaveLength(1);
    // Reload under the same prefix with ten customers, 10 … 100.
    const v2 = await load(id, oneOrderEach(ten), 2);
    expect(await tablesOf(`${id}cache`)).toEqual([]);
    // n = 10: diamond k ≤ ⌈5 % × 10⌉ = ⌈0.5⌉ = 1 → c10 = 100; gold k ≤ ⌈20 % × 10⌉ = 2 → c09 = 90; regular 10 + … + 80 = 360.
    const r = await runSegmentPyramid(v2);
    expect(pick(r.tiers)).toEqual([
      ['diamond', 1, 100],
      ['gold', 1, 90],
      ['regular', 8, 360],
    ]);
    const fresh = cachedTables(v2);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).not.toBe(old[0]);
    expect(await tablesOf(`${id}cache`)).toEqual(fresh);
    // A run still holding the old data set (finishing after the reload) runs inline and caches nothing.
    expect(cachedTables(v1)).toEqual([]);
    const late = await runSegmentPyramid(v1);
    expect(late.customers).toBe(10); // it reads the reloaded per-customer table, as before caching
    expect(await tablesOf(`${id}cache`)).toEqual(fresh);
  });

  it('two sources on one engine keep their own tables', async () => {
    const a = await load(`two${++n}a_`, oneOrderEach(twenty), 1);
    const b = await load(`two${n}b_`, oneOrderEach(ten), 1);
    const ra = await runSegmentPyramid(a);
    const rb = await runSegmentPyramid(b);
    expect(pick(ra.tiers)).toEqual([
      ['diamond', 1, 200],
      ['gold', 3, 540],
      ['regular', 16, 1360],
    ]);
    // as in the reload test: diamond c10 (k ≤ ⌈0.5⌉ = 1), gold c09 (k ≤ 2), regular 10 + … + 80 = 360
    expect(pick(rb.tiers)).toEqual([
      ['diamond', 1, 100],
      ['gold', 1, 90],
      ['regular', 8, 360],
    ]);
    const [ta] = cachedTables(a);
    const [tb] = cachedTables(b);
    expect(ta.startsWith(a.id)).toBe(true);
    expect(tb.startsWith(b.id)).toBe(true);
    // Same options, same SQL shape: the hash part may match, the tables do not.
    expect(ta).not.toBe(tb);
    // Dropping one source's tables leaves the other's.
    await dropCaches(a);
    expect(await tablesOf(a.id + 'cache')).toEqual([]);
    expect(await tablesOf(b.id + 'cache')).toEqual([tb]);
    // The dropped source builds its table again, under a new name, with the same numbers.
    expect(pick((await runSegmentPyramid(a)).tiers)).toEqual(pick(ra.tiers));
    expect(cachedTables(a)[0]).not.toBe(ta);
  });
});

describe('materialised selections', () => {
  it('are known from the filter\'s data, never from its text', () => {
    const one = toFilter([{ predicate: sql`revenue > 5`, table: 's7_selection_3' }]);
    expect(filterTables(one)).toEqual(['s7_selection_3']);
    expect(one.text).toBe(`(${selectionTablePredicate('s7_selection_3').text})`);
    const two = toFilter([
      { predicate: sql`revenue > 5`, table: 's7_selection_3' },
      { predicate: sql`orders > 1`, table: 's7_selection_4' },
    ]);
    expect(filterTables(two)).toEqual(['s7_selection_3', 's7_selection_4']);
    expect(filterTables(andFilters(one, toFilter([{ predicate: sql`orders > 1`, table: 's7_selection_4' }])))).toEqual(['s7_selection_3', 's7_selection_4']);
    // A clause without a table (or a plain predicate) puts the whole filter on the predicate path.
    expect(filterTables(toFilter([{ predicate: sql`revenue > 5`, table: 's7_selection_3' }, { predicate: sql`orders > 1` }]))).toBeUndefined();
    expect(filterTables(andFilters(one, sql`revenue > 5`))).toBeUndefined();
    // Text that looks like a clause table is only text.
    expect(filterTables(and(selectionTablePredicate('s7_selection_3')))).toBeUndefined();
    expect(filterTables(toFilter([]))).toBeUndefined();
    expect(toFilter([]).text).toBe('TRUE');
  });

  it('filter every analysis as the predicate over the per-customer table does', async () => {
    const ds = await dataset(oneOrderEach(twenty));
    // The customers with revenue ≤ 100 (c11 … c20), written as <crm-source> does on a click.
    const table = `${ds.id}selection_1`;
    await ds.engine.exec(sql`CREATE TABLE ${ident(table)} AS SELECT * FROM ${ident(ds.facts)} WHERE revenue <= 100`);
    const viaTable = toFilter([{ predicate: sql`revenue <= 100`, table }]);
    const viaFacts = sql`revenue <= 100`;
    expect(selectedFacts(ds, viaTable).text).not.toContain(ds.facts);
    expect(selectedBy(ds, viaTable).text).not.toContain(ds.facts);
    // Pyramid over all 20: c11 … c20 are regular; 100 + … + 10 = 550.
    for (const f of [viaTable, viaFacts]) {
      expect(pick((await runSegmentPyramid(ds, {}, f)).tiers)).toEqual([
        ['diamond', 0, 0],
        ['gold', 0, 0],
        ['regular', 10, 550],
      ]);
    }
    const [p1, p2] = [await runParetoCurve(ds, {}, viaTable), await runParetoCurve(ds, {}, viaFacts)];
    // Ten customers 100, 90, …, 10: top 20 % = 100 + 90 = 190 of 550.
    expect(p1!.summary.n).toBe(10);
    expect(p1!.summary.topShare).toBeCloseTo(190 / 550, 12);
    expect(p1).toEqual(p2);
    const [m1, m2] = [await runProfitMatrix(ds, { costPerOrder: 5 }, viaTable), await runProfitMatrix(ds, { costPerOrder: 5 }, viaFacts)];
    // Median revenue of 10 … 100 = (50 + 60) / 2 = 55; cost 5 each (median 5, nobody above it).
    expect(m1.xSplit).toBe(55);
    expect(m1.quadrants.map((q) => q.n)).toEqual([0, 5, 0, 5]);
    expect(m1).toEqual(m2);
  });
});
