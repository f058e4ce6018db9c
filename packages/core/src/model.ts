import type { Engine } from './engine.js';
import { toRows } from './engine.js';
import { DatasetCache } from './cache.js';
import { dateLit, ident, raw, sql, type SQL } from './sql.js';

/**
 * A loaded data set: the canonical tables in one engine and the per-customer
 * table built once after each load. Widgets and cross-filters query the
 * per-customer table (`facts`), not the raw rows.
 */
export interface Dataset {
  engine: Engine;
  /** Prefix of this source's tables, e.g. `s1_`. */
  id: string;
  /** Canonical transactions table. */
  transactions: string;
  /** Canonical customer profiles table, when loaded. */
  customers?: string;
  /** Events table (see `loadEvents` in events.ts), when loaded: one row per event with its resolved `person`. */
  events?: string;
  /** One row per customer: see `FACT_COLUMNS`. */
  facts: string;
  /** Canonical transaction columns present (customer_id, order_date, amount, …). */
  fields: ReadonlySet<string>;
  /** Canonical customer-profile columns present. */
  customerFields: ReadonlySet<string>;
  /** First and last order date, ISO. */
  minDate: string;
  maxDate: string;
  /** Default analysis date: the day after the last order, ISO. */
  asOf: string;
  rows: number;
  customerCount: number;
  /** Bumped on every (re)load, so widgets know their results are stale. */
  version: number;
  /** Where this load's assignments and page-computed values are cached (its source's, see cache.ts); none: nothing is cached. */
  cache?: DatasetCache;
}

/** Columns of the per-customer table. */
export const FACT_COLUMNS = [
  'customer_id', // text
  'orders', // see `orderCount`: distinct order_id, and each row without one as an order of its own
  'lines', // transaction rows
  'revenue', // sum(amount), returns (negative amounts) netted
  'cost', // sum(cost); NULL when the data has no cost column
  'profit', // revenue − cost; NULL when cost is unknown
  'quantity', // sum(quantity); NULL without a quantity column
  'first_order', // DATE
  'last_order', // DATE
] as const;

/**
 * The number of orders in a group of transaction rows — the one definition
 * every figure uses (per-customer table, KPIs, customer card): the distinct
 * `order_id`s, plus one order for each row whose `order_id` is blank. A row
 * without an order id is an order of its own, the rule for data with no
 * `order_id` column at all (then every row is an order: `count(*)`).
 * `column` names the order-id column of the rows aggregated.
 */
export function orderCount(fields: ReadonlySet<string>, column = 'order_id'): SQL {
  if (!fields.has('order_id')) return sql`count(*)`;
  const c = ident(column);
  return sql`(count(DISTINCT ${c}) + count(*) FILTER (WHERE ${c} IS NULL))`;
}

/**
 * The per-customer aggregation over the transactions of `ds`, optionally
 * restricted to a date window [from, to). Metrics use it directly when they
 * need a window; otherwise they read the materialised `ds.facts`.
 */
export function factsQuery(ds: Pick<Dataset, 'transactions' | 'fields'>, window?: { from?: string; to?: string }): SQL {
  const f = ds.fields;
  const orders = orderCount(f);
  const cost = f.has('cost') ? sql`sum(cost)` : sql`CAST(NULL AS DOUBLE)`;
  const profit = f.has('cost') ? sql`sum(amount) - coalesce(sum(cost), 0)` : sql`CAST(NULL AS DOUBLE)`;
  const quantity = f.has('quantity') ? sql`sum(quantity)` : sql`CAST(NULL AS DOUBLE)`;
  const where: SQL[] = [];
  if (window?.from) where.push(sql`order_date >= ${dateLit(window.from)}`);
  if (window?.to) where.push(sql`order_date < ${dateLit(window.to)}`);
  return sql`SELECT customer_id,
    CAST(${orders} AS INTEGER) AS orders,
    CAST(count(*) AS INTEGER) AS lines,
    CAST(sum(amount) AS DOUBLE) AS revenue,
    CAST(${cost} AS DOUBLE) AS cost,
    CAST(${profit} AS DOUBLE) AS profit,
    CAST(${quantity} AS DOUBLE) AS quantity,
    min(order_date) AS first_order,
    max(order_date) AS last_order
  FROM ${ident(ds.transactions)}
  ${where.length ? sql`WHERE ${raw(where.map(String).join(' AND '))}` : raw('')}
  GROUP BY customer_id`;
}

/** Epoch ms → `YYYY-MM-DD` (UTC); '' when not a finite number. */
export function isoDate(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : '';
}
const iso = isoDate;

/**
 * The dates a data set's description gives, from its first and last order (epoch ms): both as ISO
 * dates, and the default analysis date `asOf`, the day after the last order (exclusive, so every order counts).
 */
export function orderSpan(lo: number, hi: number): Pick<Dataset, 'minDate' | 'maxDate' | 'asOf'> {
  return { minDate: iso(lo), maxDate: iso(hi), asOf: iso(hi + 86_400_000) };
}

/** Build (or rebuild) the per-customer table and describe the data set. */
export async function buildDataset(
  engine: Engine,
  opts: {
    id: string;
    transactions: string;
    fields: Iterable<string>;
    customers?: string;
    customerFields?: Iterable<string>;
    version?: number;
    /**
     * The cache of the source loading it (its coordinator's), so that a reload
     * drops the previous load's cached tables; default: a cache of its own.
     */
    cache?: DatasetCache;
  },
): Promise<Dataset> {
  const fields = new Set(opts.fields);
  const facts = `${opts.id}facts`;
  const cache = opts.cache ?? new DatasetCache(engine, opts.id);
  // The previous load's cached assignments describe other data.
  await cache.retire();
  await engine.exec(sql`CREATE OR REPLACE TABLE ${ident(facts)} AS ${factsQuery({ transactions: opts.transactions, fields })} ORDER BY customer_id`);
  const s = toRows<{ rows: number; lo: number; hi: number }>(
    await engine.query(sql`SELECT count(*) AS rows, min(order_date) AS lo, max(order_date) AS hi FROM ${ident(opts.transactions)}`),
  )[0];
  const n = toRows<{ n: number }>(await engine.query(sql`SELECT count(*) AS n FROM ${ident(facts)}`))[0];
  const ds: Dataset = {
    engine,
    id: opts.id,
    transactions: opts.transactions,
    customers: opts.customers,
    facts,
    fields,
    customerFields: new Set(opts.customerFields ?? []),
    ...orderSpan(s.lo, s.hi),
    rows: Number(s.rows),
    customerCount: Number(n.n),
    version: opts.version ?? 1,
    cache,
  };
  cache.adopt(ds);
  return ds;
}
