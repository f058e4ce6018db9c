/**
 * A data set from a precomputed per-customer table instead of transactions:
 * what a warehouse gives after running docs/warehouse.sql (one row per
 * customer with `FACT_COLUMNS`), loaded by `<crm-source facts="…">` through
 * the loader (kind `facts`: the same header matching, checks and messages).
 *
 * The analyses that read only the per-customer table work as on the raw data
 * (pyramid and RFM at the data's as-of, Pareto curve, profit matrix, list).
 * Those that need the raw transactions — windows and other as-of dates,
 * lifecycle stages, KPI windows, the card, predicted value, tags — are
 * refused with `needs-transactions` before any SQL runs: the data set's engine
 * stops every statement that names the (absent) transactions table.
 */
import type { Table } from 'apache-arrow';
import { DatasetCache } from './cache.js';
import type { Engine } from './engine.js';
import { toRows } from './engine.js';
import { CrmError } from './errors.js';
import { FACT_COLUMNS, orderSpan, type Dataset } from './model.js';
import { ident, raw, sql, type SQL } from './sql.js';

/** The engine of a per-customer-table data set: the page's, refusing what needs the transactions. */
export class FactsOnlyEngine implements Engine {
  readonly name: string;
  constructor(
    readonly inner: Engine,
    /** The transactions table's name, which such a data set does not have. */
    private readonly transactions: string,
    /** What the message names: the file the table came from. */
    private readonly dataset: string,
  ) {
    this.name = inner.name;
  }
  get inOrder(): boolean | undefined {
    return this.inner.inOrder;
  }
  private check(q: SQL | string): void {
    if (String(q).includes(`"${this.transactions}"`)) throw new CrmError('needs-transactions', { dataset: this.dataset });
  }
  // async: a refusal is a rejected promise, as a failed query is.
  async query(q: SQL | string): Promise<Table> {
    this.check(q);
    return this.inner.query(q);
  }
  async exec(q: SQL | string): Promise<void> {
    this.check(q);
    return this.inner.exec(q);
  }
  registerBuffer(name: string, buffer: Uint8Array): Promise<void> {
    return this.inner.registerBuffer(name, buffer);
  }
  registerURL(name: string, url: string): Promise<void> {
    return this.inner.registerURL(name, url);
  }
  dropFile(name: string): Promise<void> {
    return this.inner.dropFile(name);
  }
  insertArrowIPC(table: string, ipc: Uint8Array): Promise<void> {
    return this.inner.insertArrowIPC(table, ipc);
  }
  cancel(): Promise<boolean> {
    return this.inner.cancel();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/**
 * The data set of a per-customer table already loaded into `table` (the
 * loader's kind `facts`: canonical names and types). `fields` are the loaded
 * columns; `lines` defaults to `orders`, `profit` to revenue − cost when cost
 * is there (NULL without cost, as `factsQuery` has it).
 */
export async function buildFactsDataset(
  engine: Engine,
  opts: { id: string; table: string; fields: Iterable<string>; name: string; version?: number; cache?: DatasetCache },
): Promise<Dataset> {
  const have = new Set(opts.fields);
  const facts = `${opts.id}facts`;
  const transactions = `${opts.id}transactions`;
  // The previous load's cached tables describe other data.
  await opts.cache?.retire();
  // Cached assignments are built through the refusing engine too (a KPI window, a fit): a cache of its own,
  // whose tables go with the source's prefix when it leaves the page.
  const guarded = new FactsOnlyEngine(engine, transactions, opts.name);
  const cache = new DatasetCache(guarded, opts.id);
  const cost = have.has('cost');
  const col = (c: string): SQL => {
    if (c === 'orders' || c === 'lines') return sql`CAST(round(${ident(have.has(c) ? c : 'orders')}) AS INTEGER) AS ${ident(c)}`;
    if (c === 'profit' && !have.has('profit')) return cost ? sql`revenue - cost AS profit` : sql`CAST(NULL AS DOUBLE) AS profit`;
    if (!have.has(c)) return sql`CAST(NULL AS DOUBLE) AS ${ident(c)}`;
    return sql`${ident(c)}`;
  };
  await engine.exec(sql`CREATE OR REPLACE TABLE ${ident(facts)} AS SELECT ${raw(FACT_COLUMNS.map((c) => String(col(c))).join(', '))} FROM ${ident(opts.table)} ORDER BY customer_id`);
  // One row per customer: a customer twice would count twice in every figure.
  const twice = toRows<{ customer_id: string; row: number }>(
    await engine.query(
      sql`SELECT customer_id, CAST(max(r) AS INTEGER) AS row FROM (SELECT customer_id, row_number() OVER () AS r FROM ${ident(opts.table)}) GROUP BY customer_id HAVING count(*) > 1 ORDER BY row LIMIT 1`,
    ),
  );
  // The row named is where the customer comes back (the loaded table is in the file's row order).
  if (twice.length) throw new CrmError('invalid-value', { file: opts.name, column: 'customer_id', row: Number(twice[0].row), value: String(twice[0].customer_id), expected: 'id', idProblem: 'duplicate' });
  const ds: Dataset = {
    engine: guarded,
    id: opts.id,
    // There are none: anything that names this table is refused (needs-transactions).
    transactions,
    facts,
    customerFields: new Set(),
    ...(await describeFacts(engine, facts)),
    version: opts.version ?? 1,
    cache,
  };
  cache.adopt(ds);
  return ds;
}

/**
 * What a per-customer table (`FACT_COLUMNS`) says of its data set, in the page and on the server: the
 * transactions' fields it stands for (cost and quantity when some customer has them), the order dates,
 * the transaction lines and the customers.
 */
export async function describeFacts(engine: Engine, facts: string): Promise<Pick<Dataset, 'fields' | 'minDate' | 'maxDate' | 'asOf' | 'rows' | 'customerCount'>> {
  const s = toRows<{ n: number; rows: number; lo: number; hi: number; cost: number; quantity: number }>(
    await engine.query(
      sql`SELECT count(*) AS n, sum(lines) AS rows, min(first_order) AS lo, max(last_order) AS hi, count(cost) AS cost, count(quantity) AS quantity FROM ${ident(facts)}`,
    ),
  )[0];
  const fields = new Set(['customer_id', 'order_date', 'amount']);
  if (Number(s.cost) > 0) fields.add('cost');
  if (Number(s.quantity) > 0) fields.add('quantity');
  return { fields, ...orderSpan(s.lo, s.hi), rows: Number(s.rows), customerCount: Number(s.n) };
}
