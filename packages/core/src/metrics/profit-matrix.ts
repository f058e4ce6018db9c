/**
 * Customer-profitability matrix: each customer placed by revenue (or average
 * price realised) against cost to serve, split into four quadrants.
 *
 * Definitions
 * - x: `revenue` (net of returns, from the per-customer table) or `price`,
 *   the average price realised = revenue ÷ quantity (needs a quantity column;
 *   customers with quantity ≤ 0 or unknown are left out and counted).
 * - Cost to serve, in this order of precedence:
 *   1. the data's cost column (per-customer `cost`, missing values as 0);
 *   2. else `costPerOrder × orders + costPerUnit × quantity` (either may be
 *      0; `costPerUnit` needs a quantity column);
 *   3. else an `invalid-option` error telling the page author to set
 *      `cost-per-order` / `cost-per-unit` or to map a cost column.
 * - Profit = revenue − cost to serve.
 * - Splits: the medians of x and of cost over the customers shown (DuckDB
 *   `median`, i.e. the mean of the two middle values when n is even), unless
 *   given. "High" means strictly above the split; a value equal to the split
 *   is "low".
 * - Quadrants (Shapiro, Rangan, Moriarty & Ross 1987, "Manage customers for
 *   profits (not just sales)", HBR): high x & high cost = `carriage`
 *   (carriage trade), high x & low cost = `passive`, low x & high cost =
 *   `aggressive`, low x & low cost = `bargain` (bargain basement).
 * - Over-served: cost above the cost split and profit at or below the profit
 *   split (default: median profit). Under-served: cost at or below the cost
 *   split and profit above the profit split.
 * - Density: above `threshold` customers the customers are counted in
 *   `bins × bins` 2-D bins (equal widths on the chosen scale: `symlog`,
 *   t(v) = sign(v)·ln(1 + |v|), or `linear`) instead of being listed.
 */
import type { Dataset } from '../model.js';
import { queryRows } from '../engine.js';
import { CrmError } from '../errors.js';
import { ident, keyword, lit, raw, sql, type SQL } from '../sql.js';
import { selectedFacts } from './customers-at.js';
import { choice, numberOption } from '../options.js';
import { costToServe, type CostOptions } from './cost.js';

export { costToServe, type CostOptions };

export const QUADRANTS = ['carriage', 'passive', 'aggressive', 'bargain'] as const;
export type Quadrant = (typeof QUADRANTS)[number];
export const MATRIX_X = ['revenue', 'price'] as const;
export type MatrixX = (typeof MATRIX_X)[number];
export const MATRIX_SCALES = ['symlog', 'linear'] as const;
export type MatrixScale = (typeof MATRIX_SCALES)[number];

export interface ProfitMatrixOptions extends CostOptions {
  /** revenue (default) | price (average price realised, revenue ÷ quantity). */
  x?: MatrixX | string;
  /** x split; default the median. */
  xSplit?: number;
  /** Cost split; default the median cost to serve. */
  ySplit?: number;
  /** Profit split for over-/under-served; default the median profit. */
  profitSplit?: number;
  /** Individual points at or below this many customers, bins above (default 2000). */
  threshold?: number;
  /** Bins per axis for the density (default 32). */
  bins?: number;
  /** symlog (default) | linear: the binning and axis scale. */
  scale?: MatrixScale | string;
}

export interface MatrixSettings {
  x: MatrixX;
  xSplit?: number;
  ySplit?: number;
  profitSplit?: number;
  threshold: number;
  bins: number;
  scale: MatrixScale;
  cost: SQL;
  costSource: 'column' | 'estimate';
  filter: SQL;
}

/** Validate and normalise the options (throws `invalid name: value`). */
export function matrixSettings(ds: Pick<Dataset, 'fields'>, opts: ProfitMatrixOptions = {}, filter: SQL = sql`TRUE`): MatrixSettings {
  const x = choice(opts.x || 'revenue', 'x', MATRIX_X);
  if (x === 'price' && !ds.fields.has('quantity')) {
    throw new CrmError('invalid-option', {
      column: 'quantity',
      needs: { kind: 'quantity', for: 'price' },
    });
  }
  const { expr, source } = costToServe(ds, opts);
  return {
    x,
    xSplit: numberOption(opts.xSplit, 'x-split'),
    ySplit: numberOption(opts.ySplit, 'y-split'),
    profitSplit: numberOption(opts.profitSplit, 'profit-split'),
    threshold: numberOption(opts.threshold, 'threshold', { min: 0, integer: true }) ?? 2000,
    bins: numberOption(opts.bins, 'bins', { min: 1, max: 200, integer: true }) ?? 32,
    scale: choice(opts.scale || 'symlog', 'scale', MATRIX_SCALES),
    cost: expr,
    costSource: source,
    filter,
  };
}

/** Per-customer x, cost and profit of the customers shown (x NULL rows left out). */
function baseQuery(ds: Dataset, s: MatrixSettings): SQL {
  const x = s.x === 'price' ? sql`CASE WHEN quantity > 0 THEN revenue / quantity END` : sql`revenue`;
  return sql`SELECT customer_id, CAST(revenue AS DOUBLE) AS revenue, ${s.cost} AS cost,
      CAST(revenue AS DOUBLE) - ${s.cost} AS profit, CAST(${x} AS DOUBLE) AS x
    FROM (${selectedFacts(ds, s.filter)}) AS f`;
}

/** The splits, one row (xs, ys, ps): the given ones, the medians of the `base` CTE's customers for the others. */
function splitsQuery(s: MatrixSettings): SQL {
  const c = (v: number) => sql`CAST(${v} AS DOUBLE)`;
  // All given (e.g. passed on from the summary): no medians to compute.
  if (s.xSplit !== undefined && s.ySplit !== undefined && s.profitSplit !== undefined) return sql`SELECT ${c(s.xSplit)} AS xs, ${c(s.ySplit)} AS ys, ${c(s.profitSplit)} AS ps`;
  const opt = (v: number | undefined, fallback: SQL) => (v === undefined ? fallback : c(v));
  return sql`SELECT ${opt(s.xSplit, sql`mx`)} AS xs, ${opt(s.ySplit, sql`my`)} AS ys, ${opt(s.profitSplit, sql`mp`)} AS ps
    FROM (SELECT median(x) AS mx, median(cost) AS my, median(profit) AS mp FROM base WHERE x IS NOT NULL) m`;
}

/** Each customer of the `base` CTE with its quadrant and flags, given the `splits` CTE. */
const ASSIGNED = sql`SELECT b.customer_id, b.revenue, b.cost, b.profit, b.x, s.xs, s.ys, s.ps,
    CASE WHEN b.x > s.xs THEN (CASE WHEN b.cost > s.ys THEN 'carriage' ELSE 'passive' END)
         ELSE (CASE WHEN b.cost > s.ys THEN 'aggressive' ELSE 'bargain' END) END AS quadrant,
    (b.cost > s.ys AND b.profit <= s.ps) AS over_served,
    (b.cost <= s.ys AND b.profit > s.ps) AS under_served
  FROM base b, splits s WHERE b.x IS NOT NULL`;

/**
 * Every customer with its quadrant and over-/under-served flags. Columns:
 * customer_id, revenue, cost, profit, x, xs, ys, ps (the splits), quadrant,
 * over_served, under_served. With explicit splits it does not depend on the
 * set of customers, which makes it a stable selection predicate.
 */
export function matrixAssignmentQuery(ds: Dataset, s: MatrixSettings): SQL {
  return sql`WITH base AS (${baseQuery(ds, s)}),
  splits AS (${splitsQuery(s)})
  ${ASSIGNED}`;
}

/** Totals, splits and domain: one row. */
export function matrixSummaryQuery(ds: Dataset, s: MatrixSettings): SQL {
  return sql`WITH base AS (${baseQuery(ds, s)}),
  splits AS (${splitsQuery(s)}),
  a AS (${ASSIGNED})
  SELECT CAST(count(*) AS INTEGER) AS n,
    (SELECT CAST(count(*) AS INTEGER) FROM base WHERE x IS NULL) AS excluded,
    any_value(xs) AS x_split, any_value(ys) AS y_split, any_value(ps) AS profit_split,
    min(x) AS x_min, max(x) AS x_max, min(cost) AS y_min, max(cost) AS y_max,
    sum(revenue) AS revenue, sum(cost) AS cost, sum(profit) AS profit,
    CAST(count(*) FILTER (WHERE over_served) AS INTEGER) AS over_n,
    coalesce(sum(revenue) FILTER (WHERE over_served), 0) AS over_revenue,
    coalesce(sum(profit) FILTER (WHERE over_served), 0) AS over_profit,
    CAST(count(*) FILTER (WHERE under_served) AS INTEGER) AS under_n,
    coalesce(sum(revenue) FILTER (WHERE under_served), 0) AS under_revenue,
    coalesce(sum(profit) FILTER (WHERE under_served), 0) AS under_profit
  FROM a`;
}

/** One row per quadrant that has customers. */
export function matrixQuadrantsQuery(ds: Dataset, s: MatrixSettings): SQL {
  return sql`WITH a AS (${matrixAssignmentQuery(ds, s)})
  SELECT quadrant, CAST(count(*) AS INTEGER) AS n, sum(revenue) AS revenue, sum(cost) AS cost, sum(profit) AS profit
  FROM a GROUP BY quadrant`;
}

/** Individual customers (use below the threshold). */
export function matrixPointsQuery(ds: Dataset, s: MatrixSettings): SQL {
  return sql`WITH a AS (${matrixAssignmentQuery(ds, s)})
  SELECT customer_id, x, cost, profit, quadrant FROM a ORDER BY customer_id`;
}

/** The scale's transform and its inverse, in SQL. */
function transform(s: MatrixSettings, v: SQL): SQL {
  return s.scale === 'symlog' ? sql`(sign(${v}) * ln(1 + abs(${v})))` : v;
}
function inverse(s: MatrixSettings, t: SQL): SQL {
  return s.scale === 'symlog' ? sql`(sign(${t}) * (exp(abs(${t})) - 1))` : t;
}

/**
 * 2-D bins: `bins` equal-width intervals per axis on the transformed scale
 * between the smallest and largest value; bin i holds lo + i·w ≤ t < lo + (i+1)·w,
 * the largest value goes to the last bin. Edges are returned in data units.
 */
export function matrixBinsQuery(ds: Dataset, s: MatrixSettings): SQL {
  const nb = lit(s.bins);
  const tx = transform(s, sql`x`);
  const ty = transform(s, sql`cost`);
  const edge = (lo: string, hi: string, i: SQL) => inverse(s, sql`(${raw(lo)} + (${i}) * (${raw(hi)} - ${raw(lo)}) / ${nb})`);
  // Edges are worked out once per bin, after counting (not for every customer).
  // The bins do not depend on the splits: straight from the customers placed (x defined).
  return sql`WITH t AS (SELECT ${tx} AS tx, ${ty} AS ty, revenue, profit FROM (${baseQuery(ds, s)}) AS a WHERE x IS NOT NULL),
  d AS (SELECT min(tx) AS lx, max(tx) AS hx, min(ty) AS ly, max(ty) AS hy FROM t),
  b AS (
    SELECT CAST(CASE WHEN d.hx = d.lx THEN 0 ELSE least(${nb} - 1, floor((t.tx - d.lx) / (d.hx - d.lx) * ${nb})) END AS INTEGER) AS bx,
           CAST(CASE WHEN d.hy = d.ly THEN 0 ELSE least(${nb} - 1, floor((t.ty - d.ly) / (d.hy - d.ly) * ${nb})) END AS INTEGER) AS by,
           t.revenue, t.profit
    FROM t, d),
  g AS (SELECT b.bx, b.by, CAST(count(*) AS INTEGER) AS n, sum(b.revenue) AS revenue, sum(b.profit) AS profit FROM b GROUP BY b.bx, b.by)
  SELECT g.bx, g.by, g.n, g.revenue, g.profit,
    ${edge('d.lx', 'd.hx', sql`g.bx`)} AS x0, ${edge('d.lx', 'd.hx', sql`g.bx + 1`)} AS x1,
    ${edge('d.ly', 'd.hy', sql`g.by`)} AS y0, ${edge('d.ly', 'd.hy', sql`g.by + 1`)} AS y1
  FROM g, d ORDER BY g.bx, g.by`;
}

/** Customers of one quadrant as a predicate over the per-customer table (splits fixed). */
export function matrixQuadrantPredicate(ds: Dataset, s: MatrixSettings, quadrant: Quadrant, splits: { xSplit: number; ySplit: number; profitSplit: number }): SQL {
  const q = choice(quadrant, 'quadrant', QUADRANTS);
  const fixed: MatrixSettings = { ...s, ...splits, filter: sql`TRUE` };
  return sql`customer_id IN (SELECT customer_id FROM (${matrixAssignmentQuery(ds, fixed)}) WHERE quadrant = ${q})`;
}

/** The customers of a quadrant by the settings' own splits (given as options, else the medians of the data): a saved condition. */
export function matrixConditionPredicate(ds: Dataset, s: MatrixSettings, quadrant: Quadrant): SQL {
  const q = choice(quadrant, 'quadrant', QUADRANTS);
  return sql`customer_id IN (SELECT customer_id FROM (${matrixAssignmentQuery(ds, s)}) AS a WHERE quadrant = ${q})`;
}

export interface QuadrantRow {
  quadrant: Quadrant;
  n: number;
  revenue: number;
  cost: number;
  profit: number;
}
export interface MatrixPoint {
  customer_id: string;
  x: number;
  cost: number;
  profit: number;
  quadrant: Quadrant;
}
export interface MatrixBin {
  bx: number;
  by: number;
  n: number;
  revenue: number;
  profit: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}
export interface ServedGroup {
  n: number;
  revenue: number;
  profit: number;
}
export interface ProfitMatrix {
  x: MatrixX;
  scale: MatrixScale;
  costSource: 'column' | 'estimate';
  /** Customers placed. */
  n: number;
  /** Customers left out because x is undefined (price without a positive quantity). */
  excluded: number;
  xSplit: number;
  ySplit: number;
  profitSplit: number;
  domain: { x: [number, number]; y: [number, number] };
  totals: { revenue: number; cost: number; profit: number };
  /** All four quadrants, in QUADRANTS order (zeros when empty). */
  quadrants: QuadrantRow[];
  overServed: ServedGroup;
  underServed: ServedGroup;
  mode: 'points' | 'bins';
  points: MatrixPoint[];
  bins: MatrixBin[];
  bincount: number;
}

/** Run the matrix: summary, quadrants, and points or bins. */
export async function runProfitMatrix(ds: Dataset, opts: ProfitMatrixOptions = {}, filter: SQL = sql`TRUE`): Promise<ProfitMatrix> {
  const s = matrixSettings(ds, opts, filter);
  // The summary works out the splits once; the quadrants and the points or bins are placed by them, not by medians again.
  const [sum] = await queryRows<Record<string, number | null>>(ds.engine, matrixSummaryQuery(ds, s));
  const n = Number(sum?.n ?? 0);
  const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
  const fixed: MatrixSettings = n ? { ...s, xSplit: num(sum.x_split), ySplit: num(sum.y_split), profitSplit: num(sum.profit_split) } : s;
  const quadRows = n ? await queryRows<QuadrantRow>(ds.engine, matrixQuadrantsQuery(ds, fixed)) : [];
  const quadrants = QUADRANTS.map((q) => quadRows.find((r) => r.quadrant === q) ?? { quadrant: q, n: 0, revenue: 0, cost: 0, profit: 0 });
  const mode = n > s.threshold ? 'bins' : 'points';
  const points = n && mode === 'points' ? await queryRows<MatrixPoint>(ds.engine, matrixPointsQuery(ds, fixed)) : [];
  const bins = n && mode === 'bins' ? await queryRows<MatrixBin>(ds.engine, matrixBinsQuery(ds, fixed)) : [];
  return {
    x: s.x,
    scale: s.scale,
    costSource: s.costSource,
    n,
    excluded: num(sum?.excluded),
    xSplit: num(sum?.x_split),
    ySplit: num(sum?.y_split),
    profitSplit: num(sum?.profit_split),
    domain: { x: [num(sum?.x_min), num(sum?.x_max)], y: [num(sum?.y_min), num(sum?.y_max)] },
    totals: { revenue: num(sum?.revenue), cost: num(sum?.cost), profit: num(sum?.profit) },
    quadrants,
    overServed: { n: num(sum?.over_n), revenue: num(sum?.over_revenue), profit: num(sum?.over_profit) },
    underServed: { n: num(sum?.under_n), revenue: num(sum?.under_revenue), profit: num(sum?.under_profit) },
    mode,
    points,
    bins,
    bincount: s.bins,
  };
}
