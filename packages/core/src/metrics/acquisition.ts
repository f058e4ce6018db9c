/**
 * Acquisition by channel: how many customers each channel brought, when, at what unit cost, and
 * what they became — a payback view of acquisition cost against value, per channel.
 *
 * Definitions:
 * - A customer is anyone in the per-customer table (at least one order). Their acquisition channel
 *   is the customer register's `acquisition_channel` when the register has that column and a value
 *   for them, else the channel of their first order (the earliest order date; among orders of that
 *   day, the smallest channel name), else `null` (unknown). `source` says which was used: `register`,
 *   `first-order` (no register channel column) or `none` (neither column: one group, channel null).
 * - Acquisition month: the month of the first order. `months` counts new customers per channel and month.
 * - Unit acquisition cost = Σ acquisition_cost / customers with a cost (register's `acquisition_cost`;
 *   null when nobody in the channel has one). `acquisitionCost` is the Σ.
 * - Repeat rate = customers with ≥ 2 orders / customers. Revenue and profit to date: Σ over the
 *   channel's customers (profit null without a cost column); per customer: Σ / customers.
 * - Stage mix: customers per lifecycle stage at the data's as-of (lifecycle-funnel.ts, default thresholds).
 * - Payback: `valuePerCustomer` (profit per customer when the transactions have costs, else revenue
 *   per customer) − unit acquisition cost = `netPerCustomer`; `paybackRatio` = value per customer /
 *   unit cost (≥ 1: the channel's customers have paid back what they cost). Null without a cost.
 * - Predicted value (`predictedValue: true`): the mean 12-month CLV of the channel's customers from the
 *   customer-value module (BG/NBD + Gamma-Gamma at the data's as-of, its defaults; customer-value.ts);
 *   `clvPerCustomer` is null when the option is off, and `clvError` says why when the model cannot be fitted.
 * - Other widgets' selection (`filter`) narrows which customers are counted.
 */
import type { Dataset } from '../model.js';
import { queryRows } from '../engine.js';
import { ident, join, raw, sql, type SQL } from '../sql.js';
import { selectedBy } from './customers-at.js';
import { lifecycleAssignmentQuery, LIFECYCLE_STAGES, type LifecycleStage } from './lifecycle-funnel.js';
import { scoreCustomerValue } from './customer-value.js';
import { asCrmError, type CrmError } from '../errors.js';

export type AcquisitionSource = 'register' | 'first-order' | 'none';

export interface AcquisitionChannel {
  channel: string | null;
  customers: number;
  /** Customers with an acquisition cost. */
  withCost: number;
  acquisitionCost: number | null;
  unitCost: number | null;
  repeatRate: number;
  revenue: number;
  profit: number | null;
  revenuePerCustomer: number;
  profitPerCustomer: number | null;
  valuePerCustomer: number;
  netPerCustomer: number | null;
  paybackRatio: number | null;
  /** Mean predicted 12-month CLV of the channel's customers (`predictedValue`), else null. */
  clvPerCustomer: number | null;
  stages: Record<LifecycleStage, number>;
}

export interface AcquisitionResult {
  source: AcquisitionSource;
  /** Value per customer is profit (the transactions have costs) or revenue. */
  value: 'profit' | 'revenue';
  channels: AcquisitionChannel[];
  /** New customers per channel and month of first order (`YYYY-MM`). */
  months: { channel: string | null; month: string; customers: number }[];
  /** Why the predicted value could not be worked out (model-fit and the like), when it was asked for. */
  clvError?: CrmError;
}

export function acquisitionSource(ds: Dataset): AcquisitionSource {
  if (ds.customers && ds.customerFields.has('acquisition_channel')) return 'register';
  return ds.fields.has('channel') ? 'first-order' : 'none';
}

/** One row per customer: customer_id, channel, acq_cost, orders, revenue, profit, first_order. */
export function acquisitionAssignment(ds: Dataset): SQL {
  const src = acquisitionSource(ds);
  const reg = ds.customers ? ident(ds.customers) : undefined;
  const regCost = reg && ds.customerFields.has('acquisition_cost');
  const firstChannel = ds.fields.has('channel')
    ? sql`(SELECT customer_id, min(channel) FILTER (WHERE rk = 1) AS ch FROM (SELECT customer_id, channel, rank() OVER (PARTITION BY customer_id ORDER BY order_date) AS rk FROM ${ident(ds.transactions)}) GROUP BY customer_id)`
    : undefined;
  const channel =
    src === 'register' ? (firstChannel ? sql`coalesce(r.acquisition_channel, fc.ch)` : sql`r.acquisition_channel`) : src === 'first-order' ? sql`fc.ch` : raw('CAST(NULL AS VARCHAR)');
  return sql`SELECT f.customer_id, ${channel} AS channel, ${regCost ? sql`r.acquisition_cost` : raw('CAST(NULL AS DOUBLE)')} AS acq_cost,
      f.orders, f.revenue, f.profit, f.first_order
    FROM ${ident(ds.facts)} f
    ${reg ? sql`LEFT JOIN (SELECT customer_id, ${ds.customerFields.has('acquisition_channel') ? raw('acquisition_channel') : raw('CAST(NULL AS VARCHAR) AS acquisition_channel')}, ${regCost ? raw('acquisition_cost') : raw('CAST(NULL AS DOUBLE) AS acquisition_cost')} FROM ${reg}) r ON r.customer_id = f.customer_id` : raw('')}
    ${firstChannel ? sql`LEFT JOIN ${firstChannel} fc ON fc.customer_id = f.customer_id` : raw('')}`;
}

/** Per channel: the figures (stages as columns). */
export function acquisitionQuery(ds: Dataset, filter?: SQL): SQL {
  const stages = LIFECYCLE_STAGES.map((s) => sql`count(*) FILTER (WHERE l.stage = ${s}) AS ${ident(`st_${s}`)}`);
  return sql`SELECT a.channel, count(*) AS customers, count(a.acq_cost) AS with_cost, sum(a.acq_cost) AS acq_cost,
      count(*) FILTER (WHERE a.orders >= 2) AS repeaters, sum(a.revenue) AS revenue, sum(a.profit) AS profit,
      ${join(stages)}
    FROM (${acquisitionAssignment(ds)}) a LEFT JOIN (${lifecycleAssignmentQuery(ds)}) l ON l.customer_id = a.customer_id
    WHERE ${selectedBy(ds, filter, raw('a.customer_id'))}
    GROUP BY a.channel ORDER BY customers DESC, a.channel NULLS LAST`;
}

export function acquisitionMonthsQuery(ds: Dataset, filter?: SQL): SQL {
  return sql`SELECT channel, strftime(first_order, '%Y-%m') AS month, count(*) AS customers FROM (${acquisitionAssignment(ds)})
    WHERE ${selectedBy(ds, filter)} GROUP BY ALL ORDER BY month, channel NULLS LAST`;
}

/** The customers of one channel (null: unknown channel). */
export function acquisitionChannelPredicate(ds: Dataset, channel: string | null): SQL {
  const cond = channel === null ? raw('channel IS NULL') : sql`channel = ${channel}`;
  return sql`customer_id IN (SELECT customer_id FROM (${acquisitionAssignment(ds)}) WHERE ${cond})`;
}

export async function runAcquisition(ds: Dataset, opts: { predictedValue?: boolean } = {}, filter?: SQL): Promise<AcquisitionResult> {
  const rows = await queryRows<Record<string, number | string | null>>(ds.engine, acquisitionQuery(ds, filter));
  let clv = new Map<string | null, number>();
  let clvError: CrmError | undefined;
  if (opts.predictedValue) {
    try {
      const scored = await scoreCustomerValue(ds);
      const r = await queryRows<{ channel: string | null; clv: number }>(
        ds.engine,
        sql`SELECT a.channel, avg(v.clv) AS clv FROM (${acquisitionAssignment(ds)}) a JOIN (${scored.assignment}) v ON v.customer_id = a.customer_id
          WHERE ${selectedBy(ds, filter, raw('a.customer_id'))} GROUP BY a.channel`,
      );
      clv = new Map(r.map((x) => [x.channel ?? null, Number(x.clv)]));
    } catch (e) {
      clvError = asCrmError(e);
    }
  }
  const months = await queryRows<{ channel: string | null; month: string; customers: number }>(ds.engine, acquisitionMonthsQuery(ds, filter));
  const value: AcquisitionResult['value'] = ds.fields.has('cost') ? 'profit' : 'revenue';
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const channels = rows.map((r): AcquisitionChannel => {
    const customers = Number(r.customers);
    const withCost = Number(r.with_cost);
    const acquisitionCost = withCost ? num(r.acq_cost) : null;
    const unitCost = acquisitionCost !== null ? acquisitionCost / withCost : null;
    const revenue = Number(r.revenue ?? 0);
    const profit = value === 'profit' ? Number(r.profit ?? 0) : null;
    const revenuePerCustomer = revenue / customers;
    const profitPerCustomer = profit === null ? null : profit / customers;
    const valuePerCustomer = profitPerCustomer ?? revenuePerCustomer;
    return {
      channel: (r.channel as string | null) ?? null,
      customers,
      withCost,
      acquisitionCost,
      unitCost,
      repeatRate: Number(r.repeaters) / customers,
      revenue,
      profit,
      revenuePerCustomer,
      profitPerCustomer,
      valuePerCustomer,
      netPerCustomer: unitCost === null ? null : valuePerCustomer - unitCost,
      paybackRatio: unitCost ? valuePerCustomer / unitCost : null,
      clvPerCustomer: clv.get((r.channel as string | null) ?? null) ?? null,
      stages: Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, Number(r[`st_${s}`] ?? 0)])) as Record<LifecycleStage, number>,
    };
  });
  return { source: acquisitionSource(ds), value, channels, months: months.map((m) => ({ channel: m.channel ?? null, month: m.month, customers: Number(m.customers) })), ...(clvError ? { clvError } : {}) };
}
