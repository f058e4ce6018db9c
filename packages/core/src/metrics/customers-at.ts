/**
 * What the segment pyramid, RFM and lifecycle analyses share: the
 * per-customer figures as they stood on an analysis date, optionally over a
 * window of days before it, and how a widget's choice becomes a selection.
 *
 * - `asOf` is exclusive: only orders placed before it count. Default: the
 *   data's `asOf` (the day after the last order), so every order counts.
 * - `window` = N days: only orders with asOf − N days ≤ order_date < asOf
 *   count; customers with no order in the window are left out. Without a
 *   window, every order before `asOf` counts.
 * - Other widgets' selection (`filter`, a predicate over the materialised
 *   per-customer table `ds.facts`) decides *which customers are counted*; it
 *   is evaluated on `ds.facts`, never on the windowed figures, so a clause
 *   such as `revenue > 100` means the same thing in every widget.
 */
import type { Dataset } from '../model.js';
import { factsQuery } from '../model.js';
import { queryRows } from '../engine.js';
import { and, ident, raw, sql, type SQL } from '../sql.js';
import { filterTables, isNoFilter, selectionTablePredicate } from '../filter.js';
import { asOfOption, windowOption } from '../options.js';

const DAY = 86_400_000;

/** `iso` plus `days` (may be negative), ISO. */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

export interface Period {
  /** Exclusive end, ISO. */
  asOf: string;
  /** Inclusive start when a window is set, ISO. */
  from: string | null;
  /** Window length in days, null for all time. */
  window: number | null;
}

/** Resolve as-of (default: the data's) and window into dates. */
export function period(ds: Pick<Dataset, 'asOf'>, opts: { asOf?: unknown; window?: unknown }): Period {
  const asOf = asOfOption(opts.asOf, ds.asOf);
  const window = windowOption(opts.window) ?? null;
  return { asOf, from: window === null ? null : addDays(asOf, -window), window };
}

/**
 * The per-customer table (columns of `FACT_COLUMNS`) over the orders of
 * `p`: the materialised `ds.facts` when that is the same thing (no window,
 * as-of on or after the data's), else the aggregation over the window.
 */
export function factsAt(ds: Pick<Dataset, 'facts' | 'transactions' | 'fields' | 'asOf'>, p: Pick<Period, 'asOf' | 'from'>): SQL {
  if (p.from === null && p.asOf >= ds.asOf) return sql`SELECT * FROM ${ident(ds.facts)}`;
  return factsQuery(ds, { from: p.from ?? undefined, to: p.asOf });
}

/** Predicate on `column` (default customer_id): the customer is among those `filter` selects; TRUE when there is no filter. */
export function selectedBy(ds: Pick<Dataset, 'facts' | 'id'>, filter: SQL | undefined, column: SQL = raw('customer_id')): SQL {
  if (isNoFilter(filter)) return raw('TRUE');
  // Clauses worked out into tables hold customers of the per-customer table already: one semi-join each, not two.
  const tables = filterTables(filter);
  if (tables) return and(...tables.map((t) => sql`${column} IN (SELECT customer_id FROM ${ident(t)})`));
  return sql`${column} IN (SELECT customer_id FROM ${ident(ds.facts)} WHERE ${filter!})`;
}

/**
 * The rows of the per-customer table that `filter` selects (all columns):
 * read straight from the clause tables when the filter carries them (see
 * `Filter.tables`), else `ds.facts` filtered.
 */
export function selectedFacts(ds: Pick<Dataset, 'facts' | 'id'>, filter: SQL | undefined): SQL {
  if (isNoFilter(filter)) return sql`SELECT * FROM ${ident(ds.facts)}`;
  const tables = filterTables(filter);
  if (tables) {
    const [first, ...rest] = tables;
    return rest.length ? sql`SELECT * FROM ${ident(first)} WHERE ${and(...rest.map(selectionTablePredicate))}` : sql`SELECT * FROM ${ident(first)}`;
  }
  return sql`SELECT * FROM ${ident(ds.facts)} WHERE ${filter!}`;
}

/**
 * A selection predicate over the per-customer table from a per-customer
 * assignment query (customer_id plus the assigned group): the customers for
 * whom `where` holds, e.g. `tier = 'diamond'`.
 */
export function assignmentPredicate(assignment: SQL, where: SQL): SQL {
  return sql`customer_id IN (SELECT customer_id FROM (${assignment}) AS assignment WHERE ${where})`;
}

/** A group of customers (a tier, an RFM segment, a lifecycle stage) and its totals. */
export interface GroupTotal {
  /** Position in the analysis' order, 0 first. */
  level: number;
  key: string;
  customers: number;
  /** Share of the customers counted; null when none are. */
  customerShare: number | null;
  /** Σ value (revenue, profit or orders). */
  value: number;
  /** Share of Σ value; null when that total is ≤ 0. */
  valueShare: number | null;
  /** Σ value ÷ customers; null for an empty group. */
  average: number | null;
  minValue: number | null;
  maxValue: number | null;
}

/**
 * Totals per group of a per-customer `assignment` (columns customer_id,
 * `group` and `value`), over the customers `filter` selects. Every one of
 * `groups` appears, in that order, also when empty. `extra` adds aggregates,
 * e.g. `{ recencyDays: sql\`avg(recency_days)\` }`.
 */
export function groupTotalsQuery(
  ds: Pick<Dataset, 'facts' | 'id'>,
  assignment: SQL,
  o: { group: string; value: string; groups: readonly string[]; extra?: Record<string, SQL> },
  filter?: SQL,
): SQL {
  const extra = Object.entries(o.extra ?? {});
  const agg = extra.map(([k, e]) => sql`, ${e} AS ${ident(k)}`.text).join('');
  const pick = extra.map(([k]) => sql`, g.${ident(k)}`.text).join('');
  const groups = o.groups.map((g, i) => sql`(${i}, ${g})`.text).join(', ');
  const v = ident(o.value);
  return sql`WITH a AS (${assignment}),
    g AS (SELECT ${ident(o.group)} AS key, count(*) AS customers, sum(${v}) AS value, min(${v}) AS min_value, max(${v}) AS max_value${raw(agg)}
          FROM a WHERE ${selectedBy(ds, filter)} GROUP BY 1),
    j AS (SELECT t.level, t.key, coalesce(g.customers, 0) AS customers, coalesce(g.value, 0) AS value, g.min_value, g.max_value${raw(pick)}
          FROM (VALUES ${raw(groups)}) AS t(level, key) LEFT JOIN g USING (key))
    SELECT *, customers / nullif(sum(customers) OVER (), 0) AS customer_share,
      CASE WHEN sum(value) OVER () > 0 THEN value / sum(value) OVER () END AS value_share,
      value / nullif(customers, 0) AS average
    FROM j ORDER BY level`;
}

/** Run a `groupTotalsQuery`; `extra` columns come through under their own names. */
export async function runGroupTotals<X extends object = object>(ds: Pick<Dataset, 'engine'>, query: SQL): Promise<(GroupTotal & X)[]> {
  const rows = await queryRows<Record<string, unknown>>(ds.engine, query);
  return rows.map(({ level, key, customers, value, min_value, max_value, customer_share, value_share, average, ...extra }) => ({
    level: Number(level),
    key: String(key),
    customers: Number(customers),
    customerShare: customer_share as number | null,
    value: Number(value),
    valueShare: value_share as number | null,
    average: average as number | null,
    minValue: min_value as number | null,
    maxValue: max_value as number | null,
    ...(extra as X),
  }));
}
