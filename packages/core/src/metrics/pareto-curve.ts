/**
 * Pareto (cumulative concentration) curve of customers by revenue or profit.
 *
 * Definitions
 * - Value v: per-customer `revenue` (net of returns), or with `by: 'profit'`
 *   revenue − cost to serve (see `costToServe` in cost.ts: the cost
 *   column, else costPerOrder × orders + costPerUnit × quantity).
 * - Rank: customers ordered by v descending, ties broken by customer_id
 *   ascending; rank 1 is the most valuable. cum(k) = Σ v over ranks 1..k
 *   (a ROWS frame, so ties never share a cumulative value).
 * - Point k: x = k / n (share of customers), y = cum(k) / total.
 * - Top-cut share: with k = ⌈cut · n⌉ (cut · n first rounded to 9 decimals, so
 *   0.2 · n is not pushed up by binary rounding), y at k.
 * - Customers for the target (default 80 %): the smallest k with
 *   cum(k) / total ≥ target; also reported as k / n.
 * - Gini: G = (n + 1) / n − 2 · Σ_k k · v_k / (n · total), k the descending
 *   rank — the sample Gini Σ_i Σ_j |v_i − v_j| / (2 n² · mean), the same as
 *   1 − twice the area under the Lorenz curve drawn with trapezoids. It does
 *   not depend on how ties are ordered. Negative values are used as they are
 *   (not clipped), so with loss-making customers G can exceed 1; `negatives`
 *   says how many there are. Undefined (null) when total ≤ 0.
 * - Whale curve (profit): the peak is the smallest rank where cum(k) is at
 *   its maximum; peakShare = cum(peak) / total (above 1 when loss-making
 *   customers exist). The loss-making tail is the ranks with v < 0
 *   (n − negatives + 1 … n).
 * - Downsampling: with step = ⌈n / points⌉, the series keeps every rank with
 *   k mod step = 0, plus ranks 1 and n, the top-cut rank, the target rank,
 *   the peak and the ranks either side of the start of the loss tail; and the
 *   origin (rank 0). With n ≤ points every rank is kept.
 * - When the total is ≤ 0 shares are undefined: the runner throws an
 *   `invalid-value` error.
 */
import type { Dataset } from '../model.js';
import { queryRows } from '../engine.js';
import { CrmError } from '../errors.js';
import { keyword, raw, sql, type SQL } from '../sql.js';
import { costToServe, type CostOptions } from './cost.js';
import { choice, numberOption } from '../options.js';
import { selectedFacts } from './customers-at.js';
import { cachedQuery, cachedQueryNow, cachedQueryStarted } from '../cache.js';
import { isNoFilter } from '../filter.js';

export const PARETO_BY = ['revenue', 'profit'] as const;
export type ParetoBy = (typeof PARETO_BY)[number];

export interface ParetoOptions extends CostOptions {
  /** revenue (default) | profit (the whale curve). */
  by?: ParetoBy | string;
  /** Share of customers for the top-cut annotation (0 < cut < 1, default 0.2). */
  cut?: number;
  /** Share of the total for "customers needed" (0 < target ≤ 1, default 0.8). */
  target?: number;
  /** Target number of series points (≥ 2, default 500). */
  points?: number;
}

export interface ParetoSettings {
  by: ParetoBy;
  cut: number;
  target: number;
  points: number;
  value: SQL;
  costSource?: 'column' | 'estimate';
  filter: SQL;
}

/** Validate and normalise the options (throws `invalid name: value`). */
export function paretoSettings(ds: Pick<Dataset, 'fields'>, opts: ParetoOptions = {}, filter: SQL = sql`TRUE`): ParetoSettings {
  const by = choice(opts.by || 'revenue', 'by', PARETO_BY);
  const cut = numberOption(opts.cut, 'cut', { min: 0, max: 1, exclusiveMin: true }) ?? 0.2;
  if (cut >= 1) throw new CrmError('invalid-option', { value: String(opts.cut), option: 'cut', accepts: { kind: 'number', min: 0, max: 1, exclusiveMin: true, exclusiveMax: true } });
  const target = numberOption(opts.target, 'target', { min: 0, max: 1, exclusiveMin: true }) ?? 0.8;
  const points = numberOption(opts.points, 'points', { min: 2, integer: true }) ?? 500;
  let value = sql`CAST(revenue AS DOUBLE)`;
  let costSource: ParetoSettings['costSource'];
  if (by === 'profit') {
    const c = costToServe(ds, opts);
    value = sql`CAST(revenue AS DOUBLE) - ${c.expr}`;
    costSource = c.source;
  }
  return { by, cut, target, points, value, costSource, filter };
}

/**
 * Every customer ranked: customer_id, value, rank (1 = highest), cum.
 * Deterministic: value DESC, customer_id ASC.
 */
export function paretoRankedQuery(ds: Dataset, s: ParetoSettings, ties: 'by-id' | 'any' = 'by-id'): SQL {
  const order = ties === 'by-id' ? sql`value DESC, customer_id ASC` : sql`value DESC`;
  return sql`SELECT customer_id, value,
      CAST(row_number() OVER w AS INTEGER) AS rank,
      sum(value) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum
    FROM (SELECT customer_id, ${s.value} AS value FROM (${selectedFacts(ds, s.filter)}) AS f) base
    WINDOW w AS (ORDER BY ${order})`;
}

/** Ranked rows plus the key ranks (one CTE chain shared by summary and series). */
function keyed(ds: Dataset, s: ParetoSettings, materialized = false, ties: 'by-id' | 'any' = 'by-id'): SQL {
  return sql`WITH ranked AS ${raw(materialized ? 'MATERIALIZED ' : '')}(${paretoRankedQuery(ds, s, ties)}),
  stats AS (
    SELECT CAST(count(*) AS INTEGER) AS n, sum(value) AS total, sum(rank * value) AS rv,
      CAST(count(*) FILTER (WHERE value < 0) AS INTEGER) AS negatives,
      coalesce(sum(value) FILTER (WHERE value < 0), 0) AS negative_total,
      max(cum) AS peak_cum
    FROM ranked),
  keys AS (
    SELECT s.*,
      CAST(ceil(round(${s.cut} * s.n, 9)) AS INTEGER) AS k_cut,
      (SELECT min(r.rank) FROM ranked r WHERE s.total > 0 AND r.cum / s.total >= ${s.target}) AS k_target,
      (SELECT min(r.rank) FROM ranked r WHERE r.cum = s.peak_cum) AS peak_rank,
      CAST(ceil(s.n / ${s.points}) AS INTEGER) AS step
    FROM stats s)`;
}

const SUMMARY = sql`SELECT k.n, k.total, k.k_cut, k.k_target, k.peak_rank, k.negatives, k.negative_total, k.step,
    (SELECT r.cum FROM ranked r WHERE r.rank = k.k_cut) / nullif(k.total, 0) AS top_share,
    CASE WHEN k.total > 0 THEN (k.n + 1.0) / k.n - 2.0 * k.rv / (k.n * k.total) END AS gini,
    k.peak_cum / nullif(k.total, 0) AS peak_share
  FROM keys k`;

const SERIES = sql`SELECT 0 AS rank, 0.0 AS x, 0.0 AS y, NULL::DOUBLE AS value, 0.0 AS cum FROM keys WHERE n > 0
  UNION ALL
  SELECT r.rank, r.rank / k.n AS x, r.cum / nullif(k.total, 0) AS y, r.value, r.cum
  FROM ranked r, keys k
  WHERE r.rank % k.step = 0 OR r.rank IN (1, k.n, k.k_cut, k.k_target, k.peak_rank, k.n - k.negatives, k.n - k.negatives + 1)`;

/** One row: n, total, topShare, kCut, kTarget, gini, peak, loss tail. */
export function paretoSummaryQuery(ds: Dataset, s: ParetoSettings): SQL {
  return sql`${keyed(ds, s)}
  ${SUMMARY}`;
}

/** The downsampled curve: rank, x (share of customers), y (share of value), value, cum. */
export function paretoSeriesQuery(ds: Dataset, s: ParetoSettings): SQL {
  return sql`${keyed(ds, s)}
  ${SERIES}
  ORDER BY rank`;
}

/**
 * Summary and series from one ranking: one row per series point (rank, x, y,
 * value, cum), each with the summary's columns; with no customers, one row of
 * the summary (n = 0) and NULL point columns.
 */
export function paretoCurveQuery(ds: Dataset, s: ParetoSettings): SQL {
  // Equal values may take their ranks in any order here: every figure of the curve (rank, value, cum,
  // the key ranks, Gini) is the same for any order of ties, and sorting by value alone is cheaper.
  return sql`${keyed(ds, s, true, 'any')},
  summary AS (${SUMMARY}),
  series AS (${SERIES})
  SELECT summary.*, p.rank, p.x, p.y, p.value, p.cum FROM summary LEFT JOIN series p ON TRUE
  ORDER BY p.rank`;
}

/**
 * Every customer's rank among all customers (customer_id, rank), in rank order: what a range of ranks reads.
 * Kept once per load and options (cache.ts, kind `pareto`): ranked when the curve first runs over every
 * customer (up to `KEEP_RANKS_AT_DRAW` customers) or else when a range is first chosen, so a range selected
 * later is a range scan of this table instead of a new ranking of everyone.
 */
export function paretoRanksQuery(ds: Dataset, s: ParetoSettings): SQL {
  return sql`SELECT customer_id, rank FROM (${paretoRankedQuery(ds, s)}) ranked ORDER BY rank`;
}

/**
 * Customers up to which the ranks are kept as soon as the curve has drawn (182 k at 1 M transactions). A bigger
 * load keeps them when a range is first chosen instead, so its widgets' first draw does not wait behind them.
 */
export const KEEP_RANKS_AT_DRAW = 500_000;

/** Start keeping the ranks of `s` for this load (see `paretoRanksQuery`); resolves once they are kept (or cannot be). */
export async function keepParetoRanks(ds: Dataset, s: ParetoSettings): Promise<void> {
  if (!isNoFilter(s.filter)) return;
  await cachedQuery(ds, 'pareto', paretoRanksQuery(ds, s)).catch(() => undefined);
}

/**
 * Customers of ranks from..to (inclusive) as a predicate over the per-customer table. Ranks among every
 * customer read the load's kept ranks (`keepParetoRanks`): once they are there, or, on an engine running
 * statements in order (`Engine.inOrder`), as soon as their ranking is sent, which the first range starts (so
 * everyone is ranked once, not inline and again for the table). Otherwise inline; either way the same
 * customers (ties by customer_id).
 */
export function paretoRangePredicate(ds: Dataset, s: ParetoSettings, from: number, to: number): SQL {
  const lo = numberOption(from, 'from', { min: 1, integer: true })!;
  const hi = numberOption(to, 'to', { min: lo, integer: true })!;
  let ranked = paretoRankedQuery(ds, s);
  if (isNoFilter(s.filter)) {
    const all = paretoRanksQuery(ds, s);
    ranked = cachedQueryNow(ds, 'pareto', all);
    if (ranked === all) {
      // Not kept yet (a big load, or the curve has not drawn): the ranking starts now (its statement is sent
      // before this predicate is used); this range reads its table where the engine runs statements in order,
      // else ranks inline this time.
      void keepParetoRanks(ds, s);
      ranked = cachedQueryStarted(ds, 'pareto', all);
    }
  }
  return sql`customer_id IN (SELECT customer_id FROM (${ranked}) ranked WHERE rank BETWEEN ${lo} AND ${hi})`;
}

export interface ParetoPoint {
  rank: number;
  /** Share of customers, rank / n. */
  x: number;
  /** Cumulative share of the total. */
  y: number;
  /** This customer's value (null at the origin). */
  value: number | null;
  cum: number;
}

export interface ParetoSummary {
  by: ParetoBy;
  n: number;
  total: number;
  cut: number;
  target: number;
  /** Customers in the top cut, ⌈cut · n⌉. */
  kCut: number;
  /** Share of the total from the top cut. */
  topShare: number;
  /** Smallest k with cum(k) / total ≥ target. */
  kTarget: number;
  /** kTarget / n. */
  kTargetShare: number;
  gini: number;
  peakRank: number;
  peakShare: number;
  /** Customers with a negative value (the loss-making tail). */
  negatives: number;
  negativeTotal: number;
  /** First rank of the loss-making tail (null without one). */
  lossStart: number | null;
  /** Series step (⌈n / points⌉). */
  step: number;
  costSource?: 'column' | 'estimate';
}

export interface ParetoCurve {
  summary: ParetoSummary;
  series: ParetoPoint[];
}

/** Run the Pareto curve; `null` when there are no customers. */
export async function runParetoCurve(ds: Dataset, opts: ParetoOptions = {}, filter: SQL = sql`TRUE`): Promise<ParetoCurve | null> {
  const s = paretoSettings(ds, opts, filter);
  // One statement ranks the customers once for both the summary and the series.
  const rows = await queryRows<Record<string, number | null>>(ds.engine, paretoCurveQuery(ds, s));
  const r = rows[0];
  const n = Number(r?.n ?? 0);
  if (!n) return null;
  const total = Number(r.total);
  if (!(total > 0)) {
    throw new CrmError('invalid-value', { total: s.by, count: n, value: String(total) });
  }
  // Ranges of ranks among every customer will read the ranks kept for the load: ranked once, after the curve.
  if (ds.customerCount <= KEEP_RANKS_AT_DRAW) void keepParetoRanks(ds, s);
  const series: ParetoPoint[] = rows.filter((p) => p.rank !== null).map((p) => ({ rank: p.rank!, x: p.x!, y: p.y!, value: p.value, cum: p.cum! }));
  const negatives = Number(r.negatives);
  return {
    summary: {
      by: s.by,
      n,
      total,
      cut: s.cut,
      target: s.target,
      kCut: Number(r.k_cut),
      topShare: Number(r.top_share),
      kTarget: Number(r.k_target),
      kTargetShare: Number(r.k_target) / n,
      gini: Number(r.gini),
      peakRank: Number(r.peak_rank),
      peakShare: Number(r.peak_share),
      negatives,
      negativeTotal: Number(r.negative_total),
      lossStart: negatives > 0 ? n - negatives + 1 : null,
      step: Number(r.step),
      costSource: s.costSource,
    },
    series,
  };
}
