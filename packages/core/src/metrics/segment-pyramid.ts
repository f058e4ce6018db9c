/**
 * Segment pyramid: customers in value tiers, the most valuable at the apex.
 *
 * Definitions
 * - Value v per customer, over the orders of the period (see customers-at.ts:
 *   before `asOf`, within `window` days when set):
 *   `revenue` = Σ amount (returns netted); `profit` = revenue − Σ cost (rows
 *   without a cost count 0; needs a cost column, else an `missing-column`
 *   error); `orders` as `orderCount` in model.ts counts them (distinct
 *   order_id; a row without one is an order of its own).
 * - Tiers: `"diamond:5,gold:15,regular"` — from the top, each tier's name
 *   and percentage; the last has no percentage and takes the rest. The
 *   cumulative bounds are 5 % and 20 %.
 * - `tiersBy: 'customers'` (default): the tiers down to a cumulative bound B
 *   hold the first ⌈B · n⌉ customers by value (B · n first rounded to 9
 *   decimals), the rule of the Pareto curve's top cut (pareto-curve.ts): with
 *   k = #{customers with value ≥ v}, the customer goes into the first tier
 *   with k ≤ ⌈B · n⌉. `tiersBy: 'value'`: s = Σ max(value, 0) over customers
 *   with value ≥ v ÷ Σ max(value, 0) over all, and the customer goes into the
 *   first tier whose cumulative bound is ≥ s (allowing 1e-9 of rounding).
 *   The last tier takes whoever no tier above does.
 * - Ties: customers with equal value always share a tier. Because k counts
 *   every customer with value ≥ v, a tied group that straddles a boundary
 *   goes *down* to the lower tier: a tier never holds more than ⌈B · n⌉
 *   customers because of a tie (it may hold fewer, or nobody). One customer
 *   alone is in the top tier (⌈B · 1⌉ = 1).
 * - A customer whose value is ≤ 0 (only returns, only free orders, or a loss
 *   on profit) is always in the last tier; they still count as customers.
 * - Cut-offs are computed over every customer of the period. Other widgets'
 *   selection (`filter`) only narrows which customers are counted; shares
 *   are then of the customers counted.
 * - Per tier (`GroupTotal`): customers, share of customers, Σ value, share of
 *   Σ value (undefined when Σ value ≤ 0), average value per customer, min and max.
 */
import type { Dataset } from '../model.js';
import { CrmError, type CrmErrorDetail } from '../errors.js';
import { cachedQuery, cachedQueryNow } from '../cache.js';
import { lit, raw, sql, type SQL } from '../sql.js';
import { choice } from '../options.js';
import { assignmentPredicate, factsAt, groupTotalsQuery, period, runGroupTotals, type GroupTotal, type Period } from './customers-at.js';

export const PYRAMID_BY = ['revenue', 'profit', 'orders'] as const;
export type PyramidBy = (typeof PYRAMID_BY)[number];
export const TIERS_BY = ['customers', 'value'] as const;
export type TiersBy = (typeof TIERS_BY)[number];
export const DEFAULT_TIERS = 'diamond:5,gold:15,regular';

export interface TierSpec {
  name: string;
  /** The tier's own percentage; null for the last tier (the rest). */
  percent: number | null;
  /** Cumulative upper bound in basis points of 100 % (10 000 for the last tier). */
  upToBp: number;
}

export interface SegmentPyramidOptions {
  by?: PyramidBy | string;
  /** e.g. "diamond:5,gold:15,regular" (default) or "platinum:1,gold:4,iron:15,lead". */
  tiers?: string;
  tiersBy?: TiersBy | string;
  /** Exclusive end, ISO (default: the day after the last order). */
  asOf?: string;
  /** Days before as-of; empty or "all" for all time. */
  window?: number | string | null;
}

export interface PyramidSettings extends Period {
  by: PyramidBy;
  tiersBy: TiersBy;
  tiers: TierSpec[];
}

/** A tier's totals (`GroupTotal` with the tier's name as `tier`); level 0 is the top. */
export type PyramidTier = Omit<GroupTotal, 'key'> & { tier: string };

export interface SegmentPyramidResult {
  by: PyramidBy;
  tiersBy: TiersBy;
  asOf: string;
  from: string | null;
  tiers: PyramidTier[];
  /** Customers counted (after the filter). */
  customers: number;
  value: number;
}

const TIER_NAME = /^[\p{L}\p{N}][\p{L}\p{N} _-]{0,39}$/u;
const EXAMPLE = 'expected e.g. "diamond:5,gold:15,regular": from the top, each tier\'s name and percentage, and a last tier without a percentage that takes the rest';

/** Parse and check a `tiers` text. */
export function parseTiers(text: string = DEFAULT_TIERS): TierSpec[] {
  const bad = (why: string, tiers: NonNullable<CrmErrorDetail['tiers']>): never => {
    throw new CrmError('invalid-option', { value: text, option: 'tiers', tiers });
  };
  const parts = String(text).split(',').map((p) => p.trim());
  if (parts.length < 2) bad('at least two tiers are needed', { problem: 'too-few' });
  const out: TierSpec[] = [];
  const seen = new Set<string>();
  let cumBp = 0;
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    const m = /^([^:]*?)\s*(?::\s*(.*))?$/.exec(part)!;
    const name = m[1].trim();
    if (name === '') bad(`tier ${i + 1} has no name`, { problem: 'no-name', tier: i + 1 });
    if (!TIER_NAME.test(name)) bad(`"${name}" is not a tier name (letters, digits, spaces, - and _, at most 40)`, { problem: 'bad-name', name });
    if (seen.has(name.toLowerCase())) bad(`"${name}" appears twice`, { problem: 'twice', name });
    seen.add(name.toLowerCase());
    if (last) {
      if (m[2] !== undefined) bad(`the last tier ("${name}") takes the rest: give it no percentage`, { problem: 'last-has-percentage', name });
      out.push({ name, percent: null, upToBp: 10_000 });
      return;
    }
    const raw = (m[2] ?? '').replace(/%$/, '').trim();
    if (raw === '') bad(`"${name}" needs a percentage, e.g. ${name}:5`, { problem: 'no-percentage', name });
    const pct = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw) || !Number.isFinite(pct) || pct <= 0) bad(`"${raw}" (for ${name}) is not a percentage above 0`, { problem: 'not-a-percentage', name, percent: raw });
    const bp = Math.round(pct * 100);
    if (Math.abs(bp - pct * 100) > 1e-6) bad(`${raw} % (for ${name}) has more than two decimals`, { problem: 'decimals', name, percent: raw });
    cumBp += bp;
    if (cumBp >= 10_000) bad(`the percentages add up to ${cumBp / 100} %, leaving nothing for the last tier`, { problem: 'no-rest', total: cumBp / 100 });
    out.push({ name, percent: pct, upToBp: cumBp });
  });
  return out;
}

/** The per-customer value expression over the per-customer table; throws when the data cannot give it. */
export function valueExpr(ds: Pick<Dataset, 'fields'>, by: PyramidBy): SQL {
  if (by === 'orders') return sql`CAST(orders AS DOUBLE)`;
  if (by === 'profit') {
    if (!ds.fields.has('cost')) {
      throw new CrmError('missing-column', { column: 'cost', attributes: ['map-cost'], option: 'by', value: 'profit' });
    }
    return sql`CAST(profit AS DOUBLE)`;
  }
  return sql`CAST(revenue AS DOUBLE)`;
}

/** Validate and normalise the options (throws `invalid name: value`). */
export function pyramidSettings(ds: Pick<Dataset, 'asOf' | 'fields'>, opts: SegmentPyramidOptions = {}): PyramidSettings {
  const by = choice(opts.by || 'revenue', 'by', PYRAMID_BY);
  const tiersBy = choice(opts.tiersBy || 'customers', 'tiers-by', TIERS_BY);
  const tiers = parseTiers(opts.tiers?.trim() || DEFAULT_TIERS);
  valueExpr(ds, by);
  return { by, tiersBy, tiers, ...period(ds, opts) };
}

/**
 * One row per customer of the period: customer_id, value, level (0 = top)
 * and tier. Over every customer (no filter): the cut-offs do not move with
 * other widgets' selection.
 */
export function segmentAssignmentQuery(ds: Dataset, opts: SegmentPyramidOptions = {}): SQL {
  return assignment(ds, pyramidSettings(ds, opts));
}

/** The assignment from this load's cached table when it is built (see cache.ts), else worked out inline. */
function assignment(ds: Dataset, s: PyramidSettings): SQL {
  return cachedQueryNow(ds, 'pyramid', assignmentInline(ds, s));
}

function assignmentInline(ds: Dataset, s: PyramidSettings): SQL {
  const last = s.tiers.length - 1;
  const inTier = (t: TierSpec) =>
    s.tiersBy === 'customers'
      ? sql`at_least <= ceil(round(${t.upToBp / 10_000} * n, 9))`
      : sql`cum_value <= ${t.upToBp / 10_000} * total_value + 1e-9 * total_value`;
  const whens = s.tiers.slice(0, last).map((t, i) => sql`WHEN ${inTier(t)} THEN ${i}`);
  return sql`WITH v AS (SELECT customer_id, ${valueExpr(ds, s.by)} AS value FROM (${factsAt(ds, s)}) AS f),
    r AS (SELECT customer_id, value,
        count(*) OVER (ORDER BY value DESC) AS at_least,
        count(*) OVER () AS n,
        sum(greatest(value, 0)) OVER (ORDER BY value DESC) AS cum_value,
        sum(greatest(value, 0)) OVER () AS total_value
      FROM v),
    l AS (SELECT customer_id, value, CASE WHEN value <= 0 THEN ${last} ${raw(whens.map(String).join(' '))} ELSE ${last} END AS level FROM r)
    SELECT customer_id, value, level, ${lit(s.tiers.map((t) => t.name))}[level + 1] AS tier FROM l`;
}

/** Per tier, the customers `filter` selects; every tier appears, top first (see `groupTotalsQuery`). */
export function segmentPyramidQuery(ds: Dataset, opts: SegmentPyramidOptions = {}, filter?: SQL): SQL {
  const s = pyramidSettings(ds, opts);
  return groupTotalsQuery(ds, assignment(ds, s), { group: 'tier', value: 'value', groups: s.tiers.map((t) => t.name) }, filter);
}

/** Selection predicate over the per-customer table: the customers of `tier`. */
export function tierPredicate(ds: Dataset, opts: SegmentPyramidOptions, tier: string): SQL {
  return assignmentPredicate(segmentAssignmentQuery(ds, opts), sql`tier = ${tier}`);
}

export async function runSegmentPyramid(ds: Dataset, opts: SegmentPyramidOptions = {}, filter?: SQL): Promise<SegmentPyramidResult> {
  const s = pyramidSettings(ds, opts);
  // Tiers are assigned once per load and options; a filtered run only groups the selected customers.
  await cachedQuery(ds, 'pyramid', assignmentInline(ds, s));
  const tiers = (await runGroupTotals(ds, segmentPyramidQuery(ds, opts, filter))).map(({ key, ...t }) => ({ tier: key, ...t }));
  return {
    by: s.by,
    tiersBy: s.tiersBy,
    asOf: s.asOf,
    from: s.from,
    tiers,
    customers: tiers.reduce((a, t) => a + t.customers, 0),
    value: tiers.reduce((a, t) => a + t.value, 0),
  };
}
