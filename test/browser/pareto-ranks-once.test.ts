import { expect } from '@open-wc/testing';
import { buildDataset, Coordinator, loadData, PARETO_CURVE, queryRows, SEGMENT_PYRAMID, sql, toFilter, type CoordinatorClient, type Dataset, type Engine, type SelectionClause } from '@crmkit/core';
import { getEngine } from '@crmkit/elements';
import { KEEP_RANKS_AT_DRAW } from '../../packages/core/src/metrics/pareto-curve.js';
import { lit, raw, type SQL } from '../../packages/core/src/sql.js';
import './setup.js';

/**
 * On a load above KEEP_RANKS_AT_DRAW customers the ranks are not kept when the curve draws; the first range chosen
 * sends their ranking and reads the table it makes (DuckDB-WASM's worker runs the statements in the order they were
 * posted), so everyone is ranked once, not inline for the range and again for the table.
 *
 * Eight customers, one order each (revenue): c01 50, c02 80, c03 80, c04 20, c05 80, c06 10, c07 35, c08 20.
 * Ranks (revenue descending, ties by customer_id): c02 1, c03 2, c05 3, c01 4, c07 5, c04 6, c08 7, c06 8.
 */
const REVENUE: Record<string, number> = { c01: 50, c02: 80, c03: 80, c04: 20, c05: 80, c06: 10, c07: 35, c08: 20 };
const RANKED = ['c02', 'c03', 'c05', 'c01', 'c07', 'c04', 'c08', 'c06'];
const plain = (from: number, to: number): SQL => sql`customer_id IN (${raw(RANKED.slice(from - 1, to).map((id) => lit(id).text).join(', '))})`;
type Pick = (ds: Dataset, o: object, k: unknown, f: unknown) => { predicate: SelectionClause['predicate']; kind: SelectionClause['kind'] };
type Run = (ds: Dataset, o: object, f: unknown) => Promise<unknown>;

describe('Pareto ranks of a big load, in the browser', () => {
  it('the first range sends the one ranking and reads its table; the pyramid equals a plain filter of those customers', async () => {
    const base = await getEngine();
    const log: string[] = [];
    const e = Object.assign(Object.create(base) as Engine, {
      query: (q: never) => (log.push(String(q)), base.query(q)),
      exec: (q: never) => (log.push(String(q)), base.exec(q)),
    });
    expect(e.inOrder).to.equal(true);
    const prefix = `pro${Date.now() % 100000}_`;
    const coord = new Coordinator({ prefix });
    coord.attach(e);
    coord.retire('new-data');
    const rows = Object.entries(REVENUE).map(([customer_id, amount]) => ({ customer_id, order_id: `${customer_id}a`, order_date: '2024-06-01', amount }));
    const tx = await loadData(e, rows, { kind: 'transactions', table: `${prefix}transactions` });
    const ds = await buildDataset(e, { id: prefix, transactions: tx.table, fields: tx.fields, version: 1, cache: coord.cache });
    expect(await coord.adopt(ds)).to.equal(true);
    // As if the load had more customers than KEEP_RANKS_AT_DRAW (no figure below uses the count).
    (ds as { customerCount: number }).customerCount = KEEP_RANKS_AT_DRAW + 1;
    let pyramid: unknown;
    const client: CoordinatorClient = { clientId: 'pyramid', query: (d, f) => (SEGMENT_PYRAMID.run as Run)(d, {}, f), queryResult: (v) => (pyramid = v) };
    coord.connect(client);
    coord.connect({ clientId: 'pareto-curve' });
    await (PARETO_CURVE.run as Run)(ds, {}, coord.filterFor('pareto-curve'));
    await new Promise((r) => setTimeout(r, 20));
    const rankings = () => log.filter((q) => q.includes('WINDOW w AS (ORDER BY value DESC, customer_id ASC)')).length;
    expect(rankings()).to.equal(0);

    // Ranks 1..3: c02, c03, c05 (80 each, ties by customer_id). Read at once, before the ranking has been awaited.
    const r = (PARETO_CURVE.pick as Pick)(ds, {}, { from: 1, to: 3 }, coord.filterFor('pareto-curve'));
    expect(rankings()).to.equal(1);
    expect(r.predicate.text).to.contain('_pareto_');
    const ids = await queryRows<{ id: string }>(e, sql`SELECT customer_id AS id FROM ${raw(`"${ds.facts}"`)} WHERE ${r.predicate} ORDER BY 1`);
    expect(ids.map((x) => x.id)).to.deep.equal(['c02', 'c03', 'c05']);

    // Selected: the pyramid's figures equal its analysis over a plain filter of c02, c03, c05.
    await coord.select({ client: 'pareto-curve', predicate: r.predicate, kind: r.kind, label: 'ranks 1–3', basis: 'computed' });
    await coord.requestQuery(client, new AbortController().signal);
    expect(pyramid).to.deep.equal(await (SEGMENT_PYRAMID.run as Run)(ds, {}, toFilter([{ predicate: plain(1, 3) }])));
    // The next range (4..5: c01, c07) reads the same table; nobody ranked again.
    const next = (PARETO_CURVE.pick as Pick)(ds, {}, { from: 4, to: 5 }, coord.filterFor('pareto-curve'));
    const nextIds = await queryRows<{ id: string }>(e, sql`SELECT customer_id AS id FROM ${raw(`"${ds.facts}"`)} WHERE ${next.predicate} ORDER BY 1`);
    expect(nextIds.map((x) => x.id)).to.deep.equal(['c01', 'c07']);
    expect(rankings()).to.equal(1);
    coord.teardown();
    await coord.settled();
  });
});
