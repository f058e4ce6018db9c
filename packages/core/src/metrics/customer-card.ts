import { orderCount, type Dataset } from '../model.js';
import { toRows } from '../engine.js';
import { CrmError } from '../errors.js';
import { maskRow } from '../pii.js';
import { dateLit, ident, join, sql } from '../sql.js';
import { asOfOption } from '../options.js';
import type { LabelSource } from './customer-list.js';

/**
 * The 360° customer card: profile, value figures, labels from the analyses
 * (tier, stage, RFM scores…), a monthly purchase timeline, channels, top
 * products and tags — one customer, a handful of small queries.
 */
export interface CustomerCard {
  customer_id: string;
  profile: Record<string, unknown>;
  orders: number;
  lines: number;
  revenue: number;
  cost: number | null;
  profit: number | null;
  quantity: number | null;
  first_order: number;
  last_order: number;
  /** Days from the last order to the analysis date. */
  recency_days: number;
  labels: Record<string, unknown>;
  /** Purchases per month (first day of the month, epoch ms). */
  timeline: { month: number; orders: number; revenue: number }[];
  channels: { channel: string; orders: number; revenue: number }[];
  products: { product: string; orders: number; revenue: number }[];
  tags: string[];
}

export interface CustomerCardOptions {
  labels?: LabelSource[];
  maskPii?: boolean;
  /** Analysis date for recency (default: the data's as-of). */
  asOf?: string;
}

const PROFILE_FIELDS = ['name', 'email', 'phone', 'birthday', 'address', 'signup_date', 'acquisition_channel', 'acquisition_cost', 'tags'] as const;

export async function runCustomerCard(ds: Dataset, customerId: string, opts: CustomerCardOptions = {}): Promise<CustomerCard> {
  if (typeof customerId !== 'string' || customerId.trim() === '' || customerId.length > 256) {
    throw new CrmError('invalid-option', {
      value: String(customerId).slice(0, 60),
      option: 'customer-id',
      expectedForm: 'customer-id',
    });
  }
  const id = customerId.trim();
  const e = ds.engine;
  const asOf = asOfOption(opts.asOf, ds.asOf);
  const facts = toRows<Record<string, number | string | null>>(
    await e.query(sql`SELECT *, date_diff('day', last_order, ${dateLit(asOf)}) AS recency_days FROM ${ident(ds.facts)} WHERE customer_id = ${id}`),
  )[0];
  if (!facts) throw new CrmError('invalid-option', { value: id, needs: { kind: 'customer', id } });

  let profile: Record<string, unknown> = {};
  if (ds.customers) {
    const cols = PROFILE_FIELDS.filter((f) => ds.customerFields.has(f));
    if (cols.length) {
      profile = toRows<Record<string, unknown>>(await e.query(sql`SELECT ${join(cols.map((c) => ident(c)))} FROM ${ident(ds.customers)} WHERE customer_id = ${id} LIMIT 1`))[0] ?? {};
    }
  }
  const labels: Record<string, unknown> = {};
  for (const l of opts.labels ?? []) {
    const r = toRows<Record<string, unknown>>(await e.query(sql`SELECT * FROM (${l.query}) WHERE customer_id = ${id} LIMIT 1`))[0];
    if (r) for (const [k, v] of Object.entries(r)) if (k !== 'customer_id') labels[k] = v;
  }
  const orders = orderCount(ds.fields);
  const tx = ident(ds.transactions);
  const timeline = toRows<{ month: number; orders: number; revenue: number }>(
    await e.query(sql`SELECT date_trunc('month', order_date) AS month, CAST(${orders} AS INTEGER) AS orders, sum(amount) AS revenue FROM ${tx} WHERE customer_id = ${id} GROUP BY 1 ORDER BY 1`),
  );
  const by = async (col: 'channel' | 'product', limit: number) =>
    ds.fields.has(col)
      ? toRows<Record<string, unknown>>(
          await e.query(sql`SELECT coalesce(${ident(col)}, '') AS ${ident(col)}, CAST(${orders} AS INTEGER) AS orders, sum(amount) AS revenue FROM ${tx} WHERE customer_id = ${id} GROUP BY 1 ORDER BY revenue DESC, 1 LIMIT ${limit}`),
        )
      : [];
  const channels = (await by('channel', 10)) as CustomerCard['channels'];
  const products = (await by('product', 5)) as CustomerCard['products'];
  const tags = typeof profile.tags === 'string' ? profile.tags.split(/[,;|、，；]/).map((t) => t.trim()).filter(Boolean) : [];
  if (opts.maskPii) profile = maskRow(profile);
  return {
    customer_id: id,
    profile,
    orders: Number(facts.orders),
    lines: Number(facts.lines),
    revenue: Number(facts.revenue),
    cost: facts.cost === null ? null : Number(facts.cost),
    profit: facts.profit === null ? null : Number(facts.profit),
    quantity: facts.quantity === null ? null : Number(facts.quantity),
    first_order: Number(facts.first_order),
    last_order: Number(facts.last_order),
    recency_days: Number(facts.recency_days),
    labels,
    timeline,
    channels,
    products,
    tags,
  };
}
