import { isoDate, orderCount, type Dataset } from '../model.js';
import { toRows } from '../engine.js';
import { cachedQuery } from '../cache.js';
import { asOfOption, daysOption } from '../options.js';
import { dateLit, ident, raw, sql, type SQL } from '../sql.js';
import { selectedBy } from './customers-at.js';

/**
 * KPI tiles: headline figures for a window of `days` ending at `asOf`
 * (exclusive), each with the same figure for the previous window of equal
 * length.
 *
 * | KPI | definition |
 * |---|---|
 * | customers | customers whose first order is before the window's end |
 * | active | customers with at least one order in the window |
 * | revenue | sum of amounts in the window (returns netted) |
 * | orders | orders in the window (`orderCount`: distinct order_id, a row without one is an order of its own) |
 * | aov | revenue ÷ orders |
 * | repeatRate | active customers with ≥ 2 orders in the window ÷ active customers |
 * | newCustomers | customers acquired in the window (signup_date when the customer table has it, else first order) |
 * | acquisitionRate | new customers ÷ customers acquired before the window's start |
 * | unitAcquisitionCost | sum of acquisition_cost of the new customers ÷ new customers (customer table with acquisition_cost only) |
 *
 * `filter` (a predicate over the per-customer table) restricts every figure
 * to the selected customers.
 */
export interface KpiOptions {
  /** Window length in days (default 365). */
  days?: number;
  /** End of the window, exclusive, ISO date (default: the data's as-of date). */
  asOf?: string;
}

export interface KpiValues {
  customers: number;
  active: number;
  revenue: number;
  orders: number;
  aov: number | null;
  repeatRate: number | null;
  newCustomers: number;
  acquisitionRate: number | null;
  unitAcquisitionCost: number | null;
}

export interface KpiResult {
  window: { from: string; to: string; days: number };
  previous: { from: string; to: string };
  current: KpiValues;
  prior: KpiValues;
  /** Which optional KPIs the data supports. */
  has: { acquisitionCost: boolean; signupDate: boolean };
}

const DAY = 86_400_000;
const iso = isoDate;

export function kpiWindow(ds: Pick<Dataset, 'asOf'>, opts: KpiOptions = {}) {
  const days = daysOption(opts.days, 'days') ?? 365;
  const to = asOfOption(opts.asOf, ds.asOf);
  const end = Date.parse(`${to}T00:00:00Z`);
  return { days, to, from: iso(end - days * DAY), prevFrom: iso(end - 2 * days * DAY) };
}

/**
 * Each customer's orders and revenue in each of the two windows (`k`:
 * `current` or `prior`), over every customer: one row per customer active in a
 * window. It does not depend on the selection, so `runKpis` keeps it per load
 * and window (cache.ts) and a filtered run only picks the selected customers'
 * rows — a click no longer groups the raw transactions again.
 */
export function kpiActivityQuery(ds: Dataset, opts: KpiOptions = {}): SQL {
  const w = kpiWindow(ds, opts);
  const orderKey = ds.fields.has('order_id') ? raw('order_id') : raw('NULL');
  return sql`SELECT k, customer_id, ${orderCount(ds.fields, 'oid')} AS orders, sum(amount) AS revenue
    FROM (SELECT CASE WHEN order_date >= ${dateLit(w.from)} THEN 'current' ELSE 'prior' END AS k, customer_id, amount, ${orderKey} AS oid
          FROM ${ident(ds.transactions)} WHERE order_date >= ${dateLit(w.prevFrom)} AND order_date < ${dateLit(w.to)})
    GROUP BY k, customer_id`;
}

/**
 * One query: the KPIs of two adjacent windows. `activity` is what to read
 * the per-customer window figures from (default: `kpiActivityQuery` inline;
 * `runKpis` passes its cached table).
 */
export function kpiQuery(ds: Dataset, opts: KpiOptions = {}, filter: SQL = raw('TRUE'), activity: SQL = kpiActivityQuery(ds, opts)): SQL {
  const w = kpiWindow(ds, opts);
  const hasSignup = !!ds.customers && ds.customerFields.has('signup_date');
  const hasCac = !!ds.customers && ds.customerFields.has('acquisition_cost');
  const acquired = hasSignup
    ? sql`coalesce(p.signup_date, f.first_order)`
    : sql`f.first_order`;
  const cac = hasCac ? sql`p.acquisition_cost` : sql`CAST(NULL AS DOUBLE)`;
  const profile = hasSignup || hasCac ? sql`LEFT JOIN ${ident(ds.customers!)} p ON p.customer_id = f.customer_id` : raw('');
  const windows = sql`SELECT * FROM (VALUES
      ('current', ${dateLit(w.from)}, ${dateLit(w.to)}),
      ('prior', ${dateLit(w.prevFrom)}, ${dateLit(w.from)})) AS w(k, lo, hi)`;
  return sql`WITH c AS (SELECT f.customer_id, f.first_order, ${acquired} AS acquired, ${cac} AS cac
          FROM ${ident(ds.facts)} f ${profile} WHERE ${selectedBy(ds, filter, raw('f.customer_id'))}),
    w AS (${windows}),
    per_customer AS (SELECT * FROM (${activity}) WHERE ${selectedBy(ds, filter)}),
    activity AS (
      SELECT k, count(*) AS active, sum(revenue) AS revenue,
             sum(orders) AS orders,
             count(*) FILTER (WHERE orders >= 2) AS repeaters
      FROM per_customer GROUP BY k),
    base AS (
      SELECT w.k,
        count(*) FILTER (WHERE c.first_order < w.hi) AS customers,
        count(*) FILTER (WHERE c.acquired >= w.lo AND c.acquired < w.hi) AS new_customers,
        count(*) FILTER (WHERE c.acquired < w.lo) AS before_start,
        sum(c.cac) FILTER (WHERE c.acquired >= w.lo AND c.acquired < w.hi) AS cac_sum,
        count(c.cac) FILTER (WHERE c.acquired >= w.lo AND c.acquired < w.hi) AS cac_n
      FROM w, c GROUP BY w.k)
    SELECT b.k, b.customers, coalesce(a.active, 0) AS active, coalesce(a.revenue, 0) AS revenue, coalesce(a.orders, 0) AS orders,
      a.revenue / nullif(a.orders, 0) AS aov,
      a.repeaters / nullif(a.active, 0) AS repeat_rate,
      b.new_customers, b.new_customers / nullif(b.before_start, 0) AS acquisition_rate,
      CASE WHEN b.cac_n > 0 THEN b.cac_sum / nullif(b.new_customers, 0) END AS unit_acquisition_cost
    FROM base b LEFT JOIN activity a USING (k)`;
}

export async function runKpis(ds: Dataset, opts: KpiOptions = {}, filter?: SQL): Promise<KpiResult> {
  const w = kpiWindow(ds, opts);
  const activity = await cachedQuery(ds, 'kpi', kpiActivityQuery(ds, opts));
  const rows = toRows<Record<string, number | string | null>>(await ds.engine.query(kpiQuery(ds, opts, filter, activity)));
  const pick = (k: string): KpiValues => {
    const r = rows.find((x) => x.k === k) ?? {};
    const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    return {
      customers: n(r.customers) ?? 0,
      active: n(r.active) ?? 0,
      revenue: n(r.revenue) ?? 0,
      orders: n(r.orders) ?? 0,
      aov: n(r.aov),
      repeatRate: n(r.repeat_rate),
      newCustomers: n(r.new_customers) ?? 0,
      acquisitionRate: n(r.acquisition_rate),
      unitAcquisitionCost: n(r.unit_acquisition_cost),
    };
  };
  return {
    window: { from: w.from, to: w.to, days: w.days },
    previous: { from: w.prevFrom, to: w.from },
    current: pick('current'),
    prior: pick('prior'),
    has: {
      acquisitionCost: !!ds.customers && ds.customerFields.has('acquisition_cost'),
      signupDate: !!ds.customers && ds.customerFields.has('signup_date'),
    },
  };
}
